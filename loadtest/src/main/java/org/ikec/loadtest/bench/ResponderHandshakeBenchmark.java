package org.ikec.loadtest.bench;

import java.util.concurrent.TimeUnit;

import org.ikec.loadtest.engine.HandshakePeers;
import org.ikec.protocol.ike.IkeSa;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One PSK handshake (IKE_SA_INIT, then IKE_AUTH with one CHILD SA; RFC 7296 §1.2) with
 * aes256gcm16-prfsha256-x25519, run in memory through {@link HandshakePeers}.
 *
 * <p>The responder's work is timed alone. Before each call of {@code saInit} the initiator builds
 * its IKE_SA_INIT request, and before each call of {@code auth} the initiator and responder run
 * IKE_SA_INIT and the initiator builds its IKE_AUTH request. Those preparations run in
 * {@code Level.Invocation} setups, outside the timing. The responder's handshake is the sum
 * {@code saInit + auth}.
 *
 * <p>JMH's GC profiler counts every allocation of the iteration, the setups included. The
 * {@code saInitSetupOnly} and {@code authSetupOnly} methods run the same setups with an empty
 * body, so the responder's allocation per step is the difference between the two numbers.
 * {@code bothSides} times all four messages for both peers, with no per-call setup.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ResponderHandshakeBenchmark {

    /** A handshake whose initiator has sent its IKE_SA_INIT request. */
    @State(Scope.Thread)
    public static class SaInitRequest {

        private HandshakePeers peers;
        private HandshakePeers.Handshake handshake;
        private byte[] request;

        @Setup(Level.Trial)
        public void configure() {
            peers = new HandshakePeers();
            HandshakePeers.Handshake check = peers.newHandshake();
            check.runToEnd();
            check.checkEstablished();
        }

        @Setup(Level.Invocation)
        public void prepareRequest() {
            handshake = peers.newHandshake();
            request = handshake.initiatorSaInitRequest();
        }
    }

    /** A handshake after IKE_SA_INIT whose initiator has sent its IKE_AUTH request. */
    @State(Scope.Thread)
    public static class AuthRequest {

        private HandshakePeers peers;
        private HandshakePeers.Handshake handshake;
        private byte[] request;

        @Setup(Level.Trial)
        public void configure() {
            peers = new HandshakePeers();
        }

        @Setup(Level.Invocation)
        public void prepareRequest() {
            handshake = peers.newHandshake();
            byte[] saInitResponse = handshake.respondToSaInit(handshake.initiatorSaInitRequest());
            request = handshake.initiatorAuthRequest(saInitResponse);
        }
    }

    /** Configured peers for handshakes that run from start to end inside the timed method. */
    @State(Scope.Thread)
    public static class Peers {

        private HandshakePeers peers;

        @Setup(Level.Trial)
        public void configure() {
            peers = new HandshakePeers();
        }
    }

    @Benchmark
    public byte[] saInit(SaInitRequest state) {
        return state.handshake.respondToSaInit(state.request);
    }

    @Benchmark
    public byte[] saInitSetupOnly(SaInitRequest state) {
        return state.request;
    }

    @Benchmark
    public byte[] auth(AuthRequest state) {
        return state.handshake.respondToAuth(state.request);
    }

    @Benchmark
    public byte[] authSetupOnly(AuthRequest state) {
        return state.request;
    }

    @Benchmark
    public IkeSa bothSides(Peers state) {
        return state.peers.newHandshake().runToEnd();
    }
}
