package org.ikec.protocol.wire;

import java.util.Arrays;

/**
 * The AUTH payload (RFC 7296 §3.8).
 *
 * @param method a value from {@link AuthMethod}
 * @param data the signature or shared-key MIC
 */
public record Authentication(int method, byte[] data) implements Payload {

    public Authentication {
        Bytes.requireUnsigned("auth method", method, 8);
        data = data.clone();
    }

    @Override
    public int type() {
        return PayloadType.AUTH;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Authentication that
                && method == that.method
                && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return 31 * method + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Authentication[method=" + AuthMethod.name(method) + ", data=" + Bytes.hex(data) + "]";
    }
}
