package org.ikec.loadtest.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The in-memory handshakes that the generator runs for its JIT compiler before a run. */
class JitWarmUpTest {

    @Test
    void runsHandshakesForDuration() {
        long started = System.nanoTime();

        int handshakes = JitWarmUp.run("aes256gcm16-prfsha256-x25519", "aes256gcm16", Duration.ofMillis(300));

        assertThat(handshakes).isPositive();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void zeroDurationRunsNone() {
        assertThat(JitWarmUp.run("aes256gcm16-prfsha256-x25519", "aes256gcm16", Duration.ZERO)).isZero();
    }

    @Test
    void otherProposalsComplete() {
        int handshakes = JitWarmUp.run("aes128-sha256-modp2048", "aes128-sha256", Duration.ofMillis(200));

        assertThat(handshakes).isPositive();
    }

    @Test
    void proposalPeersCannotUseStopsEarly() {
        long started = System.nanoTime();

        int handshakes = JitWarmUp.run("aes256gcm16-prfsha256-nosuchgroup", "aes256gcm16", Duration.ofSeconds(5));

        assertThat(handshakes).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }
}
