package org.ikec.loadtest.bench;

import java.util.concurrent.TimeUnit;

import org.ikec.protocol.crypto.Algorithms;
import org.ikec.protocol.crypto.IkeKeyMaterial;
import org.ikec.protocol.crypto.IkeSuite;
import org.ikec.protocol.crypto.Prf;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * IKE SA key derivation (RFC 7296 §2.14) for aes256gcm16-prfsha256-x25519: SKEYSEED = prf(Ni | Nr,
 * g^ir) and the 168 bytes of SK_d | SK_ei | SK_er | SK_pi | SK_pr from prf+ (six HMAC blocks).
 * {@code prf} times one PRF call, HMAC-SHA-256 with a fresh 32-byte key, at input lengths
 * that cost one, two and five SHA-256 blocks for the inner hash; the crypto floor counts the
 * handshake's PRF calls against these.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class KeyDerivationBenchmark {

    static final IkeSuite SUITE = new IkeSuite(Algorithms.ENCR_AES_GCM_16, 256, Algorithms.PRF_HMAC_SHA2_256,
            Algorithms.AUTH_NONE, Algorithms.CURVE25519);

    private final byte[] sharedSecret = filled(32, 0x11);
    private final byte[] nonceI = filled(32, 0x22);
    private final byte[] nonceR = filled(32, 0x33);

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        java.util.Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    /** One PRF instance and its input; only {@link #prf} uses this state, so only it runs per length. */
    @State(Scope.Thread)
    public static class PrfInput {

        /** Bytes of PRF input: 32 stands for the inputs up to 55 bytes (SKEYSEED, IDx', key pad), 113 for a prf+ block, 300 for AUTH octets. */
        @Param({"32", "113", "300"})
        public int prfInputLength;

        private final byte[] key = filled(32, 0x44);
        private Prf prf;
        private byte[] input;

        @Setup
        public void createPrf() {
            prf = Prf.of(Algorithms.PRF_HMAC_SHA2_256);
            input = filled(prfInputLength, 0x55);
        }
    }

    @Benchmark
    public IkeKeyMaterial deriveIkeKeys() {
        return IkeKeyMaterial.derive(SUITE, sharedSecret, nonceI, nonceR, 0x1111_2222_3333_4444L,
                0xaaaa_bbbb_0000_0001L);
    }

    @Benchmark
    public byte[] prf(PrfInput state) {
        return state.prf.compute(state.key, state.input);
    }
}
