package org.ikec.protocol.wire;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A proposal substructure of the SA payload (RFC 7296 §3.3.1).
 *
 * @param number proposal number, 1 for the first proposal and counting up
 * @param protocolId a value from {@link ProtocolId}
 * @param spi sender's SPI for the protocol, empty for an IKE SA's first negotiation
 * @param transforms the transforms, in wire order
 */
public record Proposal(int number, int protocolId, byte[] spi, List<Transform> transforms) {

    public Proposal {
        Bytes.requireUnsigned("proposal number", number, 8);
        Bytes.requireUnsigned("protocol ID", protocolId, 8);
        Bytes.requireUnsigned("SPI size", spi.length, 8);
        Bytes.requireUnsigned("number of transforms", transforms.size(), 8);
        spi = spi.clone();
        transforms = List.copyOf(transforms);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Proposal that
                && number == that.number
                && protocolId == that.protocolId
                && Arrays.equals(spi, that.spi)
                && transforms.equals(that.transforms);
    }

    @Override
    public int hashCode() {
        return Objects.hash(number, protocolId, Arrays.hashCode(spi), transforms);
    }

    @Override
    public String toString() {
        return "Proposal[number=" + number + ", protocolId=" + ProtocolId.name(protocolId)
                + ", spi=" + Bytes.hex(spi) + ", transforms=" + transforms + "]";
    }
}
