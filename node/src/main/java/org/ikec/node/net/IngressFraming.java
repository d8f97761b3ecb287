package org.ikec.node.net;

import java.util.Arrays;

/**
 * Classifies one received datagram by the port it arrived on, following RFC 3948 §2 for the NAT-T
 * port: a single 0xFF byte is a NAT-keepalive, four zero bytes (the non-ESP marker) precede an IKE
 * message, and any other first four bytes are an ESP SPI. On the IKE port a datagram whose first
 * eight bytes are zero is not IKE, because an initiator's SPI is never zero (RFC 7296 §3.1). An SPI
 * that only starts with four zero bytes is a valid SPI there, since that port has no marker.
 */
public final class IngressFraming {

    /** The IKE header's size (RFC 7296 §3.1); nothing shorter is an IKE message. */
    public static final int IKE_HEADER_LENGTH = 28;
    public static final int MAX_DATAGRAM_LENGTH = 65535;
    public static final int NON_ESP_MARKER_LENGTH = 4;

    /** What the datagram is. */
    public sealed interface Frame {
    }

    /** An IKE message with any non-ESP marker removed. */
    public record Ike(byte[] message) implements Frame {
    }

    /** A NAT-keepalive (RFC 3948 §2.3), dropped without counting as an error. */
    public record Keepalive() implements Frame {
    }

    /** A datagram that is dropped and counted. */
    public record Dropped(DropReason reason) implements Frame {
    }

    private IngressFraming() {
    }

    public static Frame classify(PortKind kind, byte[] buffer, int length) {
        if (length > MAX_DATAGRAM_LENGTH) {
            return new Dropped(DropReason.TOO_LONG);
        }
        if (kind == PortKind.NAT_T) {
            return classifyNatT(buffer, length);
        }

        if (length < IKE_HEADER_LENGTH) {
            return new Dropped(DropReason.TOO_SHORT);
        }
        if (zeroInitiatorSpi(buffer)) {
            return new Dropped(DropReason.NOT_IKE);
        }
        return new Ike(Arrays.copyOf(buffer, length));
    }

    private static Frame classifyNatT(byte[] buffer, int length) {
        if (length == 1 && buffer[0] == (byte) 0xFF) {
            return new Keepalive();
        }
        if (length < NON_ESP_MARKER_LENGTH) {
            return new Dropped(DropReason.TOO_SHORT);
        }
        if (!startsWithMarker(buffer)) {
            return new Dropped(DropReason.ESP);
        }

        if (length - NON_ESP_MARKER_LENGTH < IKE_HEADER_LENGTH) {
            return new Dropped(DropReason.TOO_SHORT);
        }
        return new Ike(Arrays.copyOfRange(buffer, NON_ESP_MARKER_LENGTH, length));
    }

    private static boolean startsWithMarker(byte[] buffer) {
        return buffer[0] == 0 && buffer[1] == 0 && buffer[2] == 0 && buffer[3] == 0;
    }

    private static boolean zeroInitiatorSpi(byte[] buffer) {
        return startsWithMarker(buffer) && buffer[4] == 0 && buffer[5] == 0 && buffer[6] == 0 && buffer[7] == 0;
    }
}
