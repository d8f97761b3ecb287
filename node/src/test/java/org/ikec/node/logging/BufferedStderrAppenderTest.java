package org.ikec.node.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.LoggingEvent;

/** When the buffered appender writes its lines out: on the interval, on WARN, at shutdown and at stop. */
class BufferedStderrAppenderTest {

    /** Logback's own context, which events need for their MDC; the appender is attached to no logger. */
    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private final BufferedStderrAppender appender = new BufferedStderrAppender(() -> written);

    private void start(long flushIntervalMillis) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%level %msg%n");
        encoder.start();

        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setFlushIntervalMillis(flushIntervalMillis);
        appender.start();
    }

    private void log(Level level, String message) {
        appender.doAppend(new LoggingEvent("test", context.getLogger("org.ikec.ike"), level, message, null, null));
    }

    private synchronized List<String> lines() {
        return written.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @AfterEach
    void stop() {
        appender.stop();
    }

    @Test
    void infoWaitsForInterval() throws Exception {
        start(200);

        log(Level.INFO, "IKE SA established");
        assertThat(lines()).isEmpty();

        long deadline = System.currentTimeMillis() + 5_000;
        while (lines().isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(lines()).containsExactly("INFO IKE SA established");
    }

    @Test
    void warnWritesBufferAtOnce() {
        start(60_000);

        log(Level.INFO, "first");
        log(Level.DEBUG, "second");
        assertThat(lines()).isEmpty();

        log(Level.WARN, "third");
        assertThat(lines()).containsExactly("INFO first", "DEBUG second", "WARN third");

        log(Level.ERROR, "fourth");
        assertThat(lines()).endsWith("ERROR fourth");
    }

    @Test
    void zeroIntervalWritesEachLine() {
        start(0);

        log(Level.INFO, "one");
        assertThat(lines()).containsExactly("INFO one");

        log(Level.INFO, "two");
        assertThat(lines()).containsExactly("INFO one", "INFO two");
    }

    @Test
    void shutdownWritesEveryLaterLine() {
        start(60_000);
        log(Level.INFO, "before");

        appender.beginShutdown();
        assertThat(lines()).containsExactly("INFO before");

        log(Level.INFO, "node stopped");
        assertThat(lines()).containsExactly("INFO before", "INFO node stopped");
    }

    @Test
    void stopWritesBuffer() {
        start(60_000);
        log(Level.INFO, "last");

        appender.stop();

        assertThat(lines()).containsExactly("INFO last");
    }

    @Test
    void negativeIntervalIsRejected() {
        assertThatThrownBy(() -> appender.setFlushIntervalMillis(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid flush interval -1 ms; write 0 or more");
    }
}
