package org.ikec.protocol.crypto;

/** Creates {@link KeyExchange} instances for the supported Diffie-Hellman groups. */
public final class KeyExchanges {

    private KeyExchanges() {
    }

    /**
     * Creates a fresh key pair in the group.
     *
     * @throws IllegalArgumentException for NONE and unsupported groups
     */
    public static KeyExchange create(int group) {
        return switch (group) {
            case Algorithms.MODP_1024, Algorithms.MODP_2048 -> ModpKeyExchange.generate(group);
            case Algorithms.ECP_256, Algorithms.ECP_384 -> EcpKeyExchange.generate(group);
            case Algorithms.CURVE25519 -> X25519KeyExchange.generate();
            default -> throw unsupported(group);
        };
    }

    /**
     * Creates a key exchange in the group whose private key, while {@code reuse} allows, is the one
     * the last exchanges in the group used (RFC 7296 §2.12). With reuse off it is {@link #create(int)}.
     *
     * @param nowMillis the caller's clock, against which {@link DhReuse#maxAge()} is measured
     * @throws IllegalArgumentException for NONE and unsupported groups
     */
    public static KeyExchange create(int group, DhReuse reuse, long nowMillis) {
        if (!reuse.enabled()) {
            return create(group);
        }
        return ReusedKeyPairs.SHARED.take(group, reuse, nowMillis);
    }

    /**
     * Destroys the reused private keys whose maximum age has passed at {@code nowMillis}, on the
     * caller's clock. A node calls it periodically, so that a key does not outlive its window when no
     * new IKE SA comes along to replace it. Returns how many keys it destroyed.
     */
    public static int destroyExpiredReusedKeys(long nowMillis) {
        return ReusedKeyPairs.SHARED.destroyExpired(nowMillis);
    }

    /**
     * Returns the length in bytes of the Key Exchange Data of the group: 128 for MODP-1024, 256 for
     * MODP-2048, 64 and
     * 96 for ECP-256 and ECP-384 (x | y), 32 for Curve25519.
     *
     * @throws IllegalArgumentException for NONE and unsupported groups
     */
    public static int publicValueLength(int group) {
        return switch (group) {
            case Algorithms.MODP_1024, Algorithms.MODP_2048 -> ModpKeyExchange.valueLength(group);
            case Algorithms.ECP_256 -> 64;
            case Algorithms.ECP_384 -> 96;
            case Algorithms.CURVE25519 -> X25519KeyExchange.VALUE_LENGTH;
            default -> throw unsupported(group);
        };
    }

    private static IllegalArgumentException unsupported(int group) {
        return new IllegalArgumentException("unsupported key exchange group " + group
                + "; supported: modp1024 (2), modp2048 (14), ecp256 (19), ecp384 (20), x25519 (31)");
    }
}
