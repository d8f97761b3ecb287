package org.ikec.protocol.radius;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One sub-attribute of a Vendor-Specific attribute (RFC 2865 §5.26) in the layout RFC 2865
 * suggests and RFC 2548 §2 uses: a four-octet Vendor-Id, then Vendor-Type, Vendor-Length (which
 * counts those two octets) and the data. Vendors with another layout are not decoded.
 *
 * @param vendorId   the vendor's Private Enterprise Number
 * @param vendorType sub-attribute type, 1 to 255
 * @param data       sub-attribute data
 */
public record VendorSpecific(long vendorId, int vendorType, byte[] data) {

    private static final int VENDOR_ID_SIZE = 4;
    private static final int SUB_HEADER_SIZE = 2;

    public VendorSpecific {
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    /**
     * Returns the Vendor-Id of a Vendor-Specific value, or -1 when the value is shorter than a
     * Vendor-Id. Callers check it before {@link #decode}, because other vendors may use another
     * layout.
     */
    public static long vendorId(byte[] value) {
        if (value.length < VENDOR_ID_SIZE) {
            return -1;
        }
        return (value[0] & 0xffL) << 24 | (value[1] & 0xff) << 16 | (value[2] & 0xff) << 8 | (value[3] & 0xff);
    }

    /**
     * Returns the sub-attributes of one Vendor-Specific value, in wire order.
     *
     * @throws InvalidRadiusPacketException when the value is shorter than a Vendor-Id and one
     *         sub-attribute header, or a Vendor-Length is below 2 or runs past the value
     */
    public static List<VendorSpecific> decode(byte[] value) throws InvalidRadiusPacketException {
        if (value.length < VENDOR_ID_SIZE + SUB_HEADER_SIZE) {
            throw InvalidRadiusPacketException.malformed("Vendor-Specific value of " + value.length
                    + " octets is shorter than a Vendor-Id and one sub-attribute header");
        }
        long vendorId = vendorId(value);

        List<VendorSpecific> subAttributes = new ArrayList<>();
        int offset = VENDOR_ID_SIZE;
        while (offset < value.length) {
            if (value.length - offset < SUB_HEADER_SIZE) {
                throw InvalidRadiusPacketException.malformed("Vendor-Specific of vendor " + vendorId
                        + ": sub-attribute header at offset " + offset + " is truncated");
            }
            int vendorType = value[offset] & 0xff;
            int vendorLength = value[offset + 1] & 0xff;
            if (vendorLength < SUB_HEADER_SIZE || vendorLength > value.length - offset) {
                throw InvalidRadiusPacketException.malformed("Vendor-Specific of vendor " + vendorId + " type "
                        + vendorType + " has Vendor-Length " + vendorLength + " but " + (value.length - offset)
                        + " octets remain");
            }
            subAttributes.add(new VendorSpecific(vendorId, vendorType,
                    Arrays.copyOfRange(value, offset + SUB_HEADER_SIZE, offset + vendorLength)));
            offset += vendorLength;
        }
        return subAttributes;
    }

    /** Encodes this sub-attribute alone as the value of a Vendor-Specific attribute. */
    public RadiusAttribute toAttribute() {
        byte[] value = new byte[VENDOR_ID_SIZE + SUB_HEADER_SIZE + data.length];
        value[0] = (byte) (vendorId >>> 24);
        value[1] = (byte) (vendorId >>> 16);
        value[2] = (byte) (vendorId >>> 8);
        value[3] = (byte) vendorId;
        value[4] = (byte) vendorType;
        value[5] = (byte) (SUB_HEADER_SIZE + data.length);
        System.arraycopy(data, 0, value, VENDOR_ID_SIZE + SUB_HEADER_SIZE, data.length);
        return new RadiusAttribute(RadiusAttributeType.VENDOR_SPECIFIC, value);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VendorSpecific that && vendorId == that.vendorId && vendorType == that.vendorType
                && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return (Long.hashCode(vendorId) * 31 + vendorType) * 31 + Arrays.hashCode(data);
    }

    /** Names vendor and type only, because MPPE key data must not reach logs. */
    @Override
    public String toString() {
        return "VendorSpecific[vendor=" + vendorId + ", type=" + vendorType + ", " + data.length + " octets]";
    }
}
