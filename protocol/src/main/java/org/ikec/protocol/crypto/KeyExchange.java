package org.ikec.protocol.crypto;

/**
 * One side of an ephemeral Diffie-Hellman exchange carried in the KE payload (RFC 7296 §1.2,
 * §3.4). An instance contains one private key. {@link #sharedSecret} may be called once, and then
 * the private key is wiped where the implementation can do so (see each group's class).
 */
public interface KeyExchange {

    /** Returns the IANA Key Exchange Method (Diffie-Hellman group) number. */
    int group();

    /** Returns the public value as carried in the Key Exchange Data of the KE payload. */
    byte[] publicValue();

    /**
     * Computes g^ir from the peer's Key Exchange Data.
     *
     * @throws InvalidKeyExchangeException if the peer value has the wrong length, is out of range
     *         or is not a point on the curve, or if the result is degenerate
     * @throws IllegalStateException if a shared secret was already computed
     */
    byte[] sharedSecret(byte[] peerPublicValue) throws InvalidKeyExchangeException;
}
