package org.ikec.cluster;

import org.ikec.protocol.auth.SignatureKey;
import org.ikec.protocol.config.AuthConfig;

/**
 * The method the peer of an IKE SA authenticated with in IKE_AUTH: a pre-shared key or a
 * certificate's signature (RFC 7296 §2.15), or EAP (§2.16).
 */
public enum IkeAuthMethod {
    PRE_SHARED_KEY,
    /**
     * A signature with a certificate's key, configured as {@code pubkey} or {@code rsa/pss}, when
     * the key has another kind than those below or the SA was restored from a version that did not record it.
     */
    PUBLIC_KEY_SIGNATURE,
    /** A signature with an RSA key, PKCS#1 v1.5 or PSS. */
    RSA_SIGNATURE,
    /** ECDSA with a P-256 key. */
    ECDSA_256_SIGNATURE,
    /** ECDSA with a P-384 key. */
    ECDSA_384_SIGNATURE,
    /** ECDSA with a P-521 key. */
    ECDSA_521_SIGNATURE,
    /** Ed25519 (RFC 8420). */
    ED25519_SIGNATURE,
    /**
     * EAP, configured as {@code eap}, {@code eap-mschapv2}, {@code eap-tls} or {@code eap-radius};
     * the AUTH payloads are keyed with the MSK.
     */
    EAP;

    /**
     * Returns the method of a configured {@link AuthConfig#method()}, with the kind of the peer's
     * key for a signature.
     *
     * @throws IllegalArgumentException for a method this version does not implement
     */
    public static IkeAuthMethod of(String configured, SignatureKey signatureKey) {
        IkeAuthMethod method = of(configured);
        if (method != PUBLIC_KEY_SIGNATURE || signatureKey == null) {
            return method;
        }
        return switch (signatureKey) {
            case RSA -> RSA_SIGNATURE;
            case ECDSA_256 -> ECDSA_256_SIGNATURE;
            case ECDSA_384 -> ECDSA_384_SIGNATURE;
            case ECDSA_521 -> ECDSA_521_SIGNATURE;
            case ED25519 -> ED25519_SIGNATURE;
            case OTHER -> PUBLIC_KEY_SIGNATURE;
        };
    }

    /**
     * Returns the method of a configured {@link AuthConfig#method()}, {@link #PUBLIC_KEY_SIGNATURE}
     * for any signature.
     *
     * @throws IllegalArgumentException for a method this version does not implement
     */
    public static IkeAuthMethod of(String configured) {
        if (AuthConfig.PSK.equals(configured)) {
            return PRE_SHARED_KEY;
        }
        if (AuthConfig.PUBKEY.equals(configured) || AuthConfig.RSA_PSS.equals(configured)) {
            return PUBLIC_KEY_SIGNATURE;
        }
        if (AuthConfig.isEap(configured)) {
            return EAP;
        }
        throw new IllegalArgumentException("unknown authentication method '" + configured + "'");
    }
}
