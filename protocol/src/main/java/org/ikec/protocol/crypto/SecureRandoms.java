package org.ikec.protocol.crypto;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * Random numbers for nonces, SPIs, IVs and private keys: one DRBG (NIST SP 800-90A, the JDK's
 * "DRBG" algorithm) per thread, so that threads never contend on a shared generator.
 */
public final class SecureRandoms {

    private static final ThreadLocal<SecureRandom> PER_THREAD = ThreadLocal.withInitial(SecureRandoms::newDrbg);

    private SecureRandoms() {
    }

    /** Returns the calling thread's generator; do not hand it to another thread. */
    public static SecureRandom current() {
        return PER_THREAD.get();
    }

    /** Returns {@code length} fresh random bytes, for example a Ni or Nr nonce (RFC 7296 §2.10). */
    public static byte[] nonce(int length) {
        byte[] nonce = new byte[length];
        current().nextBytes(nonce);
        return nonce;
    }

    /** Returns a random non-zero 64-bit IKE SPI (RFC 7296 §3.1: zero means "not yet known"). */
    public static long spi() {
        SecureRandom random = current();
        long spi;
        do {
            spi = random.nextLong();
        } while (spi == 0);
        return spi;
    }

    private static SecureRandom newDrbg() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK provides no DRBG SecureRandom", e);
        }
    }
}
