package org.ikec.protocol.config;

/**
 * One side's authentication round, as swanctl's {@code local} and {@code remote} sections.
 *
 * @param method {@code psk} (the only method this version accepts)
 * @param id the identity sent (local) or accepted (remote); {@link IkeIdentity#ANY} for {@code %any}
 */
public record AuthConfig(String method, IkeIdentity id) {

    public static final String PSK = "psk";
}
