package org.ikec.node.logging;

import java.time.Duration;

/**
 * The {@code ikec.logging} section.
 *
 * @param format how each log line is written
 * @param logKeys whether IKE and CHILD SA keys are logged, for decrypting captures; off unless set
 * @param flushInterval how long INFO and DEBUG lines may wait in the buffer before they are
 *                      written to standard error, zero to write each line at once
 */
public record LoggingSettings(Format format, boolean logKeys, Duration flushInterval) {

    /** Plain text lines, no keys, and the buffer written out every 100 ms. */
    public static final LoggingSettings DEFAULT = new LoggingSettings(Format.TEXT, false,
            BufferedStderrAppender.DEFAULT_FLUSH_INTERVAL);

    /** The encoding of a log line. */
    public enum Format {
        /** The pattern of logback.xml. */
        TEXT,
        /** One JSON object per line, from Logback's JsonEncoder. */
        JSON
    }
}
