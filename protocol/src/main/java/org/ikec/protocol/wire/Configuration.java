package org.ikec.protocol.wire;

import java.util.List;

/**
 * The Configuration (CP) payload (RFC 7296 §3.15).
 *
 * @param cfgType a value from {@link ConfigType}
 * @param attributes the configuration attributes, in wire order
 */
public record Configuration(int cfgType, List<ConfigAttribute> attributes) implements Payload {

    /** CFG Type and three RESERVED bytes. */
    static final int FIXED_SIZE = 4;

    public Configuration {
        Bytes.requireUnsigned("CFG type", cfgType, 8);
        attributes = List.copyOf(attributes);
    }

    @Override
    public int type() {
        return PayloadType.CP;
    }

    @Override
    public String toString() {
        return "Configuration[cfgType=" + ConfigType.name(cfgType)
                + ", attributes=" + attributes + "]";
    }
}
