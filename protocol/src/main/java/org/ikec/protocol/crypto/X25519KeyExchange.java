package org.ikec.protocol.crypto;

import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * Curve25519 key exchange for IKEv2 (RFC 8031 §2, RFC 7748 §6.1): public values are the 32-byte
 * little-endian u-coordinate, and an all-zero shared secret is rejected. Uses the Bouncy Castle
 * low-level X25519 so that the private scalar stays in a byte array that can be wiped.
 */
final class X25519KeyExchange implements ReusableKeyExchange {

    static final int VALUE_LENGTH = X25519.POINT_SIZE;

    private final byte[] privateKey;
    private final byte[] publicValue;
    private boolean used;

    private X25519KeyExchange(byte[] privateKey) {
        this.privateKey = privateKey;
        this.publicValue = new byte[VALUE_LENGTH];
        X25519.generatePublicKey(privateKey, 0, publicValue, 0);
    }

    private X25519KeyExchange(byte[] privateKey, byte[] publicValue) {
        this.privateKey = privateKey;
        this.publicValue = publicValue;
    }

    static X25519KeyExchange generate() {
        byte[] privateKey = new byte[X25519.SCALAR_SIZE];
        X25519.generatePrivateKey(SecureRandoms.current(), privateKey);
        return new X25519KeyExchange(privateKey);
    }

    /** Creates a key exchange with a known private scalar; for known-answer tests only. */
    static X25519KeyExchange withPrivateKey(byte[] privateKey) {
        return new X25519KeyExchange(privateKey.clone());
    }

    @Override
    public int group() {
        return Algorithms.CURVE25519;
    }

    @Override
    public byte[] publicValue() {
        return publicValue.clone();
    }

    @Override
    public byte[] sharedSecret(byte[] peerPublicValue) throws InvalidKeyExchangeException {
        if (used) {
            throw new IllegalStateException("the shared secret of this key exchange was already computed");
        }
        if (peerPublicValue.length != VALUE_LENGTH) {
            throw new InvalidKeyExchangeException("Curve25519 public value has " + peerPublicValue.length
                    + " bytes, expected " + VALUE_LENGTH);
        }

        byte[] secret = new byte[VALUE_LENGTH];
        boolean nonZero = X25519.calculateAgreement(privateKey, 0, peerPublicValue, 0, secret, 0);
        if (!nonZero) {
            throw new InvalidKeyExchangeException("Curve25519 shared secret is all zeros (small-order peer value)");
        }

        used = true;
        Bytes.wipe(privateKey);
        return secret;
    }

    @Override
    public KeyExchange copy() {
        return new X25519KeyExchange(privateKey.clone(), publicValue);
    }

    @Override
    public void destroy() {
        Bytes.wipe(privateKey);
    }

    @Override
    public String toString() {
        return "KeyExchange[x25519]";
    }
}
