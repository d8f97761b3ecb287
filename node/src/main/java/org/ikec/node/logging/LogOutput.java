package org.ikec.node.logging;

import java.util.Iterator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;

/**
 * Applies {@code ikec.logging} to Logback at start: the line format, the flush interval, and the
 * warning that keys are logged.
 */
public final class LogOutput {

    private LogOutput() {
    }

    /**
     * Switches the root logger's stream appenders to JSON lines when {@code settings} ask for it,
     * sets the flush interval of its buffered appenders, and warns on {@code log} when key logging
     * is on. Does nothing to the appenders when Logback is not the SLF4J binding.
     */
    public static void apply(LoggingSettings settings, Logger log) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            if (settings.format() == LoggingSettings.Format.JSON) {
                useJson(context);
            }
            setFlushInterval(context, settings.flushInterval().toMillis());
        }
        if (settings.logKeys()) {
            log.warn("KEY LOGGING IS ON (ikec.logging.log-keys = true): every IKE SA and CHILD SA key is written to"
                    + " the log on the enc logger, and anyone who can read the log can decrypt this node's traffic;"
                    + " turn it off outside a lab");
        }
    }

    private static void setFlushInterval(LoggerContext context, long millis) {
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof BufferedStderrAppender appender) {
                appender.setFlushIntervalMillis(millis);
            }
        }
    }

    private static void useJson(LoggerContext context) {
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof OutputStreamAppender<ILoggingEvent> appender) {
                JsonEncoder encoder = new JsonEncoder();
                encoder.setContext(context);
                // The raw pattern and its arguments would repeat the formatted message.
                encoder.setWithFormattedMessage(true);
                encoder.setWithMessage(false);
                encoder.setWithArguments(false);
                encoder.setWithContext(false);
                encoder.setWithSequenceNumber(false);
                encoder.setWithNanoseconds(false);
                encoder.start();

                appender.stop();
                appender.setEncoder(encoder);
                appender.start();
            }
        }
    }
}
