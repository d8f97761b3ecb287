package org.ikec.loadtest.bench;

import java.util.concurrent.TimeUnit;

import org.ikec.protocol.crypto.Algorithms;
import org.ikec.protocol.crypto.IkeKeyMaterial;
import org.ikec.protocol.crypto.IkeSuite;
import org.ikec.protocol.crypto.IntegrityCheckFailedException;
import org.ikec.protocol.crypto.SkCipher;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Sealing and opening one SK payload (RFC 7296 §3.14) of IKE_AUTH size: 207 bytes of inner
 * payloads, as in the captured strongSwan IKE_AUTH request, behind a 28-byte IKE header and the
 * 4-byte SK payload header. Ciphers: AES-GCM-256 with a 16-byte ICV (RFC 5282) and AES-CBC-256
 * with HMAC-SHA-256-128 (RFC 3602, RFC 4868). Seal allocates its message buffer, as a sender does.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class SkPayloadBenchmark {

    static final int PLAINTEXT_LENGTH = 207;
    static final int AAD_LENGTH = 28 + 4;

    /** The SK payload protection, in swanctl syntax. */
    @Param({"aes256gcm16", "aes256-sha256"})
    public String cipher;

    private SkCipher skCipher;
    private byte[] plaintext;
    private byte[] sealedMessage;

    @Setup
    public void deriveCipher() throws IntegrityCheckFailedException {
        IkeSuite suite = switch (cipher) {
            case "aes256gcm16" -> new IkeSuite(Algorithms.ENCR_AES_GCM_16, 256, Algorithms.PRF_HMAC_SHA2_256,
                    Algorithms.AUTH_NONE, Algorithms.CURVE25519);
            case "aes256-sha256" -> new IkeSuite(Algorithms.ENCR_AES_CBC, 256, Algorithms.PRF_HMAC_SHA2_256,
                    Algorithms.AUTH_HMAC_SHA2_256_128, Algorithms.CURVE25519);
            default -> throw new IllegalArgumentException("unknown cipher " + cipher);
        };
        byte[] secret = new byte[32];
        byte[] nonce = new byte[32];
        java.util.Arrays.fill(secret, (byte) 0x11);
        skCipher = IkeKeyMaterial.derive(suite, secret, nonce, nonce, 1, 2).initiatorCipher();
        plaintext = new byte[PLAINTEXT_LENGTH];
        java.util.Arrays.fill(plaintext, (byte) 0x2b);

        sealedMessage = seal();
        if (!java.util.Arrays.equals(plaintext, open())) {
            throw new IllegalStateException(cipher + " does not open what it sealed");
        }
    }

    @Benchmark
    public byte[] seal() {
        byte[] message = new byte[AAD_LENGTH + skCipher.encryptedLength(PLAINTEXT_LENGTH)];
        skCipher.seal(message, AAD_LENGTH, plaintext);
        return message;
    }

    @Benchmark
    public byte[] open() throws IntegrityCheckFailedException {
        return skCipher.open(sealedMessage, AAD_LENGTH, sealedMessage.length);
    }
}
