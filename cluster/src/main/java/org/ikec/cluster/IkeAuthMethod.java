package org.ikec.cluster;

import org.ikec.protocol.config.AuthConfig;

/**
 * The method the peer of an IKE SA authenticated with in IKE_AUTH: a pre-shared key or a
 * certificate's signature (RFC 7296 §2.15), or EAP (§2.16).
 */
public enum IkeAuthMethod {
    PRE_SHARED_KEY,
    /** A signature with a certificate's key: configured as {@code pubkey} or {@code rsa/pss}. */
    PUBLIC_KEY_SIGNATURE,
    /**
     * EAP, configured as {@code eap}, {@code eap-mschapv2}, {@code eap-tls} or {@code eap-radius};
     * the AUTH payloads are keyed with the MSK.
     */
    EAP;

    /**
     * Returns the method of a configured {@link AuthConfig#method()}.
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
