package org.ikec.node.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;

import org.ikec.node.net.IngressFraming.Dropped;
import org.ikec.node.net.IngressFraming.Ike;
import org.ikec.node.net.IngressFraming.Keepalive;
import org.junit.jupiter.api.Test;

class IngressFramingTest {

    /** IKE_SA_INIT request header: SPIi 0011223344556677, SPIr 0, next payload SA, version 2.0, length 28. */
    static final byte[] IKE_HEADER = HexFormat.of().parseHex(
            "0011223344556677" + "0000000000000000" + "21" + "20" + "22" + "08" + "00000000" + "0000001c");

    @Test
    void ikePortPassesMessageUnchanged() {
        IngressFraming.Frame frame = IngressFraming.classify(PortKind.IKE, IKE_HEADER, IKE_HEADER.length);

        assertThat(frame).isInstanceOf(Ike.class);
        assertThat(((Ike) frame).message()).isEqualTo(IKE_HEADER);
    }

    @Test
    void natTPortStripsNonEspMarker() {
        byte[] datagram = concat(new byte[4], IKE_HEADER);

        IngressFraming.Frame frame = IngressFraming.classify(PortKind.NAT_T, datagram, datagram.length);

        assertThat(frame).isInstanceOf(Ike.class);
        assertThat(((Ike) frame).message()).isEqualTo(IKE_HEADER);
    }

    @Test
    void natTKeepaliveIsRecognised() {
        assertThat(IngressFraming.classify(PortKind.NAT_T, new byte[] {(byte) 0xff}, 1)).isEqualTo(new Keepalive());
    }

    @Test
    void natTEspIsDropped() {
        byte[] esp = HexFormat.of().parseHex("c0ffee01" + "00000001" + "00".repeat(40));

        assertThat(IngressFraming.classify(PortKind.NAT_T, esp, esp.length)).isEqualTo(new Dropped(DropReason.ESP));
    }

    @Test
    void ikePortDropsZeroInitiatorSpi() {
        byte[] datagram = withInitiatorSpi("0000000000000000");

        assertThat(IngressFraming.classify(PortKind.IKE, datagram, datagram.length))
                .isEqualTo(new Dropped(DropReason.NOT_IKE));
    }

    /** Four zero bytes are a non-ESP marker only on the NAT-T port. On the IKE port they start an SPI. */
    @Test
    void ikePortPassesSpiWithLeadingZeroBytes() {
        for (String spi : new String[] {"0000000000000001", "00000000c0ffee00", "0000000100000000"}) {
            byte[] datagram = withInitiatorSpi(spi);

            IngressFraming.Frame frame = IngressFraming.classify(PortKind.IKE, datagram, datagram.length);

            assertThat(frame).as("SPIi %s", spi).isInstanceOf(Ike.class);
            assertThat(((Ike) frame).message()).as("SPIi %s", spi).isEqualTo(datagram);
        }
    }

    /** Returns {@link #IKE_HEADER} with the initiator's SPI {@code spiHex}. */
    static byte[] withInitiatorSpi(String spiHex) {
        byte[] header = IKE_HEADER.clone();
        System.arraycopy(HexFormat.of().parseHex(spiHex), 0, header, 0, 8);
        return header;
    }

    @Test
    void shortDatagramsAreDropped() {
        byte[] marked = concat(new byte[4], new byte[27]);
        marked[4] = 1;

        assertThat(IngressFraming.classify(PortKind.IKE, IKE_HEADER, 27)).isEqualTo(new Dropped(DropReason.TOO_SHORT));
        assertThat(IngressFraming.classify(PortKind.NAT_T, marked, marked.length))
                .isEqualTo(new Dropped(DropReason.TOO_SHORT));
        assertThat(IngressFraming.classify(PortKind.NAT_T, new byte[] {0, 0, 0}, 3))
                .isEqualTo(new Dropped(DropReason.TOO_SHORT));
    }

    @Test
    void oversizedDatagramIsDropped() {
        byte[] buffer = new byte[65536];
        buffer[0] = 1;

        assertThat(IngressFraming.classify(PortKind.IKE, buffer, 65536)).isEqualTo(new Dropped(DropReason.TOO_LONG));
    }

    static byte[] concat(byte[] first, byte[] second) {
        byte[] joined = new byte[first.length + second.length];
        System.arraycopy(first, 0, joined, 0, first.length);
        System.arraycopy(second, 0, joined, first.length, second.length);
        return joined;
    }
}
