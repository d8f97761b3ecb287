package org.ikec.protocol.wire;

import java.util.Arrays;

/**
 * The Vendor ID payload (RFC 7296 §3.12).
 *
 * @param data the vendor identifier, usually a hash of a product string
 */
public record VendorId(byte[] data) implements Payload {

    public VendorId {
        data = data.clone();
    }

    @Override
    public int type() {
        return PayloadType.VENDOR_ID;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VendorId that && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "VendorId[data=" + Bytes.hex(data) + "]";
    }
}
