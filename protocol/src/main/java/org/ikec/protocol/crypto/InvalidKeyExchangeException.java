package org.ikec.protocol.crypto;

/**
 * A peer's Key Exchange Data that cannot be used: wrong length for the group, out of range, not on
 * the curve, or leading to a degenerate shared secret. RFC 7296 §3.4 and RFC 8031 §2 treat it as a
 * failed exchange (INVALID_SYNTAX in IKE_SA_INIT or an error notify in CREATE_CHILD_SA).
 */
public final class InvalidKeyExchangeException extends Exception {

    private static final long serialVersionUID = 1L;

    public InvalidKeyExchangeException(String message) {
        super(message);
    }
}
