package org.ikec.loadtest.engine;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs whole handshakes in memory before a run starts, so that the JIT compiler has compiled the
 * key exchange, the codec and the ciphers before the first packet goes out. Otherwise the
 * compiler shares the generator's core with the run. A profile of a 40,000-SA storm against one
 * node put 29% of the generator's CPU time in compiler threads 4 to 14 s after the start, so the
 * generator, not the node, limited the rate. Its CPU per SA in a storm of 20,000 to 30,000 was
 * 0.48 ms without a warm-up, 0.40 ms after 3 s and 0.34 ms after 8 s. The socket and event loop
 * paths still compile during the first seconds of the run.
 */
final class JitWarmUp {

    private static final Logger LOG = LoggerFactory.getLogger("org.ikec.loadtest");

    private JitWarmUp() {
    }

    /**
     * Runs handshakes with {@code ikeProposal} and ESP {@code espProposal} for {@code duration} and
     * returns how many completed. A proposal that the in-memory peers cannot complete ends the
     * warm-up early with a warning, and the run then reports what the target makes of it.
     */
    static int run(String ikeProposal, String espProposal, Duration duration) {
        if (duration.isZero()) {
            return 0;
        }

        long deadline = System.nanoTime() + duration.toNanos();
        int handshakes = 0;
        try {
            HandshakePeers peers = new HandshakePeers(ikeProposal, espProposal);
            while (System.nanoTime() - deadline < 0) {
                HandshakePeers.Handshake handshake = peers.newHandshake();
                handshake.runToEnd();
                handshake.checkEstablished();
                handshakes++;
            }
        } catch (RuntimeException e) {
            LOG.warn("the JIT warm-up stopped after {} in-memory handshakes with {} and ESP {}: {}", handshakes,
                    ikeProposal, espProposal, e.getMessage());
        }
        return handshakes;
    }
}
