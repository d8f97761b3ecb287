package org.ikec.protocol.auth;

import java.security.PublicKey;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;

/**
 * The kind of key a peer signed its AUTH payload with, as monitoring reports it: RSA, ECDSA on
 * one of the NIST curves by field size, Ed25519, or another key.
 */
public enum SignatureKey {
    RSA,
    ECDSA_256,
    ECDSA_384,
    ECDSA_521,
    ED25519,
    OTHER;

    /** Returns the kind of {@code key}, a certificate's public key. */
    public static SignatureKey of(PublicKey key) {
        if (key instanceof RSAKey) {
            return RSA;
        }
        if (key instanceof ECKey ec) {
            return switch (ec.getParams().getCurve().getField().getFieldSize()) {
                case 256 -> ECDSA_256;
                case 384 -> ECDSA_384;
                case 521 -> ECDSA_521;
                default -> OTHER;
            };
        }
        String algorithm = key.getAlgorithm();
        return "Ed25519".equalsIgnoreCase(algorithm) || "EdDSA".equalsIgnoreCase(algorithm) ? ED25519 : OTHER;
    }
}
