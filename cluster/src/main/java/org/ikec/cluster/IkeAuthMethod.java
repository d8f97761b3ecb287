package org.ikec.cluster;

import org.ikec.protocol.config.AuthConfig;

/**
 * How the peer of an IKE SA authenticated in IKE_AUTH (RFC 7296 §2.15). Only pre-shared keys
 * exist today; certificate signatures and EAP (§2.16) become further values.
 */
public enum IkeAuthMethod {
    PRE_SHARED_KEY;

    /**
     * Returns the method of a configured {@link AuthConfig#method()}.
     *
     * @throws IllegalArgumentException for a method this version does not implement
     */
    public static IkeAuthMethod of(String configured) {
        if (AuthConfig.PSK.equals(configured)) {
            return PRE_SHARED_KEY;
        }
        throw new IllegalArgumentException("unknown authentication method '" + configured + "'");
    }
}
