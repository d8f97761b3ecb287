package org.ikec.node.logging;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;

/**
 * Writes log lines to standard error through a buffer, so a node that sets up thousands of IKE
 * SAs a second does not make one system call per line. The buffer is written out every flush
 * interval, at once for a WARN or ERROR line, and when the JVM begins to shut down, after which
 * every line is written at once. A flush interval of zero writes each line at once. A node that is
 * killed with SIGKILL loses at most the last interval's INFO and DEBUG lines.
 */
public final class BufferedStderrAppender extends OutputStreamAppender<ILoggingEvent> {

    /** The flush interval unless logback.xml or {@code ikec.logging.flush-interval} sets one. */
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMillis(100);

    private static final int BUFFER_BYTES = 64 * 1024;

    private final Supplier<OutputStream> target;
    private volatile long flushIntervalMillis = DEFAULT_FLUSH_INTERVAL.toMillis();
    private Thread flusher;
    private Thread shutdownHook;

    /** Creates the appender that logback.xml names, which writes to standard error. */
    public BufferedStderrAppender() {
        this(StandardError::new);
    }

    /** Creates an appender that writes to the streams {@code target} opens, for tests. */
    BufferedStderrAppender(Supplier<OutputStream> target) {
        this.target = target;
    }

    /**
     * Sets the flush interval in milliseconds, 0 for a write per line, as {@code <flushIntervalMillis>}
     * in logback.xml. After 0, a longer interval takes effect when the appender starts again.
     */
    public void setFlushIntervalMillis(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("invalid flush interval " + millis + " ms; write 0 or more");
        }
        streamWriteLock.lock();
        try {
            flushIntervalMillis = millis;
            if (millis == 0) {
                setImmediateFlush(true);
                flushLocked();
            }
        } finally {
            streamWriteLock.unlock();
        }
    }

    @Override
    public void start() {
        setOutputStream(new BufferedOutputStream(target.get(), BUFFER_BYTES));
        setImmediateFlush(flushIntervalMillis == 0);
        super.start();

        flusher = new Thread(this::flushPeriodically, "log-flusher");
        flusher.setDaemon(true);
        flusher.start();
        shutdownHook = new Thread(this::beginShutdown, "log-flusher-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    @Override
    public void stop() {
        if (flusher != null) {
            flusher.interrupt();
            flusher = null;
        }
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // The hook runs anyway and finds the stream flushed by the close below.
            }
        }
        shutdownHook = null;
        super.stop();
    }

    @Override
    protected void subAppend(ILoggingEvent event) {
        streamWriteLock.lock();
        try {
            super.subAppend(event);
            if (!isImmediateFlush() && event.getLevel().isGreaterOrEqual(Level.WARN)) {
                flushLocked();
            }
        } finally {
            streamWriteLock.unlock();
        }
    }

    /** Writes the buffered lines out. */
    public void flush() {
        streamWriteLock.lock();
        try {
            flushLocked();
        } finally {
            streamWriteLock.unlock();
        }
    }

    private void flushLocked() {
        OutputStream out = getOutputStream();
        if (out == null) {
            return;
        }
        try {
            out.flush();
        } catch (IOException e) {
            addError("failed to write log lines to standard error", e);
        }
    }

    private void flushPeriodically() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                long interval = flushIntervalMillis;
                TimeUnit.MILLISECONDS.sleep(interval == 0 ? DEFAULT_FLUSH_INTERVAL.toMillis() : interval);
            } catch (InterruptedException e) {
                return;
            }
            flush();
        }
    }

    /** Writes out the buffer, and every later line at once. The JVM's shutdown hook calls it. */
    void beginShutdown() {
        streamWriteLock.lock();
        try {
            // From now on Logback's own immediate flush writes each line, so the last lines of a
            // stopping node are not held back.
            setImmediateFlush(true);
            flushLocked();
        } finally {
            streamWriteLock.unlock();
        }
    }

    /**
     * Standard error as {@code System.err} is at each write. Closing it only flushes it, because
     * other code writes to it too.
     */
    private static final class StandardError extends OutputStream {

        @Override
        public void write(int b) {
            System.err.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            System.err.write(bytes, offset, length);
        }

        @Override
        public void flush() {
            System.err.flush();
        }

        @Override
        public void close() {
            flush();
        }
    }
}
