package org.ikec.loadtest.engine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.time.Duration;

import org.ikec.protocol.config.IkeIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs whole handshakes in memory before a run starts, so that the JIT compiler has compiled the
 * key exchange, the codec and the ciphers before the first packet goes out. Otherwise the
 * compiler shares the generator's core with the run. A profile of a 40,000-SA storm against one
 * node put 29% of the generator's CPU time in compiler threads 4 to 14 s after the start, so the
 * generator, not the node, limited the rate. Its CPU per SA in a storm of 20,000 to 30,000 was
 * 0.48 ms without a warm-up, 0.40 ms after 3 s and 0.34 ms after 8 s. The socket and event loop
 * paths still compiled during the first seconds of the run, so the warm-up now ends with a storm
 * through them against a responder of its own.
 */
final class JitWarmUp {

    private static final Logger LOG = LoggerFactory.getLogger("org.ikec.loadtest");
    private static final String LOOPBACK_RESPONDER_ID = "warmup.loadtest.example";

    private JitWarmUp() {
    }

    /**
     * Warms up for {@code plan.jitWarmup()}: a quarter of it with handshakes in memory, the rest
     * with a storm from this plan's clients, through the generator's own sockets and event loops,
     * against a {@link LoopbackResponder} on the first source address. Returns the IKE SAs set up
     * in memory and in the storm. A storm that cannot start is logged and skipped.
     *
     * @throws InterruptedException when SIGTERM or SIGINT stopped the storm, so the run must not start
     */
    static Handshakes run(LoadPlan plan) throws InterruptedException {
        Duration total = plan.jitWarmup();
        if (total.isZero()) {
            return new Handshakes(0, 0);
        }
        Duration inMemory = total.dividedBy(4);
        int handshakes = run(plan.proposal(), plan.espProposal(), inMemory);

        IkeIdentity remoteId = IkeIdentity.parse(plan.remoteId());
        IkeIdentity responderId = remoteId.isAny() ? IkeIdentity.parse(LOOPBACK_RESPONDER_ID) : remoteId;
        try (LoopbackResponder responder = LoopbackResponder.start(plan.sources().addresses().get(0),
                plan.proposal(), plan.espProposal(), plan.psk(), responderId)) {
            LoadPlan storm = plan.forLoopbackWarmUp(responder.ikeAddress(), responder.natPort(),
                    total.minus(inMemory));
            LOG.info("JIT warm-up: {} s of storm against a local responder at {}",
                    storm.duration().toMillis() / 1000.0, responder.ikeAddress());
            LoadRun warmUpRun = new LoadRun(storm, new PrintWriter(Writer.nullWriter()), false);
            RunResult result;
            try {
                result = warmUpRun.run();
            } finally {
                if (warmUpRun.stoppedBySignal()) {
                    LOG.warn("run: stopped by a signal during the JIT warm-up, before anything was sent to the target");
                }
                // Lets the signal's shutdown go on, which otherwise waits for a result of the warm-up.
                warmUpRun.resultReported();
            }
            if (warmUpRun.stoppedBySignal()) {
                throw new InterruptedException("a signal stopped the run during the JIT warm-up");
            }
            return new Handshakes(handshakes, result.totals().established());
        } catch (IOException | RuntimeException e) {
            LOG.warn("the JIT warm-up storm against a local responder did not run: {}", e.toString());
            return new Handshakes(handshakes, 0);
        }
    }

    /** The handshakes of a warm-up: those in memory, and the IKE SAs its storm set up. */
    record Handshakes(long inMemory, long storm) {
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
