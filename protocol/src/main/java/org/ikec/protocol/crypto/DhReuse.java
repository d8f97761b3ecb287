package org.ikec.protocol.crypto;

import java.time.Duration;

/**
 * How long one Diffie-Hellman private key may serve new IKE SAs (RFC 7296 §2.12). Generating the
 * key pair costs a fixed-base scalar multiplication for Curve25519, 28 µs of about 250 µs of CPU
 * that a responder spent per handshake in this project's bench, and RFC 7296 allows an endpoint
 * to reuse it for several setups. The nonces still give every IKE SA its own keys. The price is
 * forward secrecy over the reuse window: an attacker who obtains one private key can compute the
 * keys of every IKE SA set up with it. A private key is therefore used at most {@code maxUses}
 * times and for at most {@code maxAge}, and {@link KeyExchanges#destroyExpiredReusedKeys}
 * destroys it once that age has passed.
 *
 * @param maxUses IKE SAs one private key may serve, where 1 turns reuse off
 * @param maxAge time after its creation in which a private key may serve a new IKE SA, where zero
 *     turns reuse off
 */
public record DhReuse(int maxUses, Duration maxAge) {

    /** A fresh key pair for every exchange. */
    public static final DhReuse OFF = new DhReuse(1, Duration.ZERO);

    public DhReuse {
        if (maxUses < 1) {
            throw new IllegalArgumentException("maxUses must be at least 1, got " + maxUses);
        }
        if (maxAge.isNegative()) {
            throw new IllegalArgumentException("maxAge must not be negative, got " + maxAge);
        }
    }

    /** Returns whether a private key may serve more than one exchange. */
    public boolean enabled() {
        return maxUses > 1 && maxAge.toMillis() > 0;
    }

    /** Describes the setting for logs, for example {@code off} or {@code up to 100 IKE SAs within 1000 ms}. */
    public String describe() {
        return enabled() ? "up to " + maxUses + " IKE SAs within " + maxAge.toMillis() + " ms" : "off";
    }
}
