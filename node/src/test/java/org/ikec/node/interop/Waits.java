package org.ikec.node.interop;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Polls a condition until it yields a value or a deadline passes. */
final class Waits {

    static final Duration POLL_INTERVAL = Duration.ofMillis(100);

    private Waits() {
    }

    /**
     * Calls {@code probe} every {@link #POLL_INTERVAL} until it returns a value. After
     * {@code timeout} it throws an {@link AssertionError} naming {@code description} and carrying
     * {@code diagnostics}, which is computed only then.
     */
    static <T> T until(String description, Duration timeout, Supplier<Optional<T>> probe, Supplier<String> diagnostics) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + description
                        + "\n" + diagnostics.get());
            }
            sleep(POLL_INTERVAL);
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }
}
