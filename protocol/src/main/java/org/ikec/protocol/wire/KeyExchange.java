package org.ikec.protocol.wire;

import java.util.Arrays;

/**
 * The KE payload (RFC 7296 §3.4).
 *
 * @param group key exchange method (Diffie-Hellman group) number, for example 31 for Curve25519
 * @param data the sender's public value
 */
public record KeyExchange(int group, byte[] data) implements Payload {

    public KeyExchange {
        Bytes.requireUnsigned("KE group", group, 16);
        data = data.clone();
    }

    @Override
    public int type() {
        return PayloadType.KE;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KeyExchange that
                && group == that.group
                && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return 31 * group + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "KeyExchange[group=" + group + ", data=" + Bytes.hex(data) + "]";
    }
}
