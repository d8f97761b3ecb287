package org.ikec.node.logging;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.joran.spi.JoranException;

/**
 * Captures what the node's stderr appender writes: it writes to whatever {@code System.err}
 * is at the time, and {@link #lines} first writes out its buffer. Closing restores {@code System.err} and reloads logback.xml, which undoes level
 * changes and the JSON encoder.
 */
final class CapturedLog implements AutoCloseable {

    private final PrintStream original = System.err;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    CapturedLog() {
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    }

    /** Returns every line written so far. */
    synchronized List<String> lines() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).iteratorForAppenders().forEachRemaining(appender -> {
            if (appender instanceof BufferedStderrAppender buffered) {
                buffered.flush();
            }
        });
        System.err.flush();
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Override
    public void close() throws JoranException {
        System.setErr(original);
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        new ContextInitializer(context).autoConfig();
    }
}
