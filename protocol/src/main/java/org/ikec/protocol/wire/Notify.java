package org.ikec.protocol.wire;

import java.util.Arrays;
import java.util.Objects;

/**
 * The Notify payload (RFC 7296 §3.10).
 *
 * @param protocolId a value from {@link ProtocolId}, 0 when the notification is not about an SA
 * @param spi the SPI of the SA it concerns, empty when none
 * @param notifyType a value from {@link NotifyType}
 * @param data notification data, empty when the type carries none
 */
public record Notify(int protocolId, byte[] spi, int notifyType, byte[] data) implements Payload {

    private static final byte[] EMPTY = new byte[0];

    public Notify {
        Bytes.requireUnsigned("protocol ID", protocolId, 8);
        Bytes.requireUnsigned("SPI size", spi.length, 8);
        Bytes.requireUnsigned("notify type", notifyType, 16);
        spi = spi.clone();
        data = data.clone();
    }

    /** Creates a notification without SPI and data, such as INITIAL_CONTACT. */
    public static Notify of(int notifyType) {
        return new Notify(0, EMPTY, notifyType, EMPTY);
    }

    /** Creates a notification without SPI, such as COOKIE or NAT_DETECTION_SOURCE_IP. */
    public static Notify of(int notifyType, byte[] data) {
        return new Notify(0, EMPTY, notifyType, data);
    }

    @Override
    public int type() {
        return PayloadType.NOTIFY;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Notify that
                && protocolId == that.protocolId
                && notifyType == that.notifyType
                && Arrays.equals(spi, that.spi)
                && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(protocolId, notifyType, Arrays.hashCode(spi), Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return "Notify[protocolId=" + protocolId + ", spi=" + Bytes.hex(spi)
                + ", notifyType=" + NotifyType.name(notifyType) + ", data=" + Bytes.hex(data) + "]";
    }
}
