package org.ikec.protocol.wire;

import java.util.Arrays;

/**
 * The CERTREQ payload (RFC 7296 §3.7).
 *
 * @param encoding certificate encoding, for example 4 for an X.509 signature certificate
 * @param data the certification authority data, for X.509 the SHA-1 hashes of trusted CA public keys
 */
public record CertificateRequest(int encoding, byte[] data) implements Payload {

    public CertificateRequest {
        Bytes.requireUnsigned("certificate encoding", encoding, 8);
        data = data.clone();
    }

    @Override
    public int type() {
        return PayloadType.CERTREQ;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CertificateRequest that
                && encoding == that.encoding
                && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return 31 * encoding + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "CertificateRequest[encoding=" + encoding + ", data=" + Bytes.hex(data) + "]";
    }
}
