package org.ikec.protocol.wire;

import java.util.Arrays;

/**
 * The CERT payload (RFC 7296 §3.6).
 *
 * @param encoding certificate encoding, for example 4 for an X.509 signature certificate
 * @param data the certificate or certificate-related data
 */
public record Certificate(int encoding, byte[] data) implements Payload {

    public Certificate {
        Bytes.requireUnsigned("certificate encoding", encoding, 8);
        data = data.clone();
    }

    @Override
    public int type() {
        return PayloadType.CERT;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Certificate that
                && encoding == that.encoding
                && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return 31 * encoding + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Certificate[encoding=" + encoding + ", data=" + Bytes.hex(data) + "]";
    }
}
