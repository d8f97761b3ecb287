package org.ikec.node.logging;

/**
 * The {@code ikec.logging} section.
 *
 * @param format how each log line is written
 * @param logKeys whether IKE and CHILD SA keys are logged, for decrypting captures; off unless set
 */
public record LoggingSettings(Format format, boolean logKeys) {

    /** Plain text lines and no keys. */
    public static final LoggingSettings DEFAULT = new LoggingSettings(Format.TEXT, false);

    /** The encoding of a log line. */
    public enum Format {
        /** The pattern of logback.xml. */
        TEXT,
        /** One JSON object per line, from Logback's JsonEncoder. */
        JSON
    }
}
