package org.ikec.protocol.wire;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Delete payload (RFC 7296 §3.11). Deleting an IKE SA carries SPI size 0 and no SPIs;
 * deleting Child SAs carries their 4-byte inbound SPIs.
 *
 * @param protocolId a value from {@link ProtocolId}
 * @param spiSize length of every SPI in bytes
 * @param spis the SPIs to delete, each exactly spiSize bytes
 */
public record Delete(int protocolId, int spiSize, List<byte[]> spis) implements Payload {

    public Delete {
        Bytes.requireUnsigned("protocol ID", protocolId, 8);
        Bytes.requireUnsigned("SPI size", spiSize, 8);
        Bytes.requireUnsigned("number of SPIs", spis.size(), 16);
        List<byte[]> copies = new ArrayList<>(spis.size());
        for (byte[] spi : spis) {
            if (spi.length != spiSize) {
                throw new IllegalArgumentException(
                        "SPI of " + spi.length + " bytes in a Delete with SPI size " + spiSize);
            }
            copies.add(spi.clone());
        }
        spis = List.copyOf(copies);
    }

    @Override
    public int type() {
        return PayloadType.DELETE;
    }

    /** Returns a copy of the SPIs, because the record cannot protect arrays inside a list. */
    @Override
    public List<byte[]> spis() {
        List<byte[]> copies = new ArrayList<>(spis.size());
        for (byte[] spi : spis) {
            copies.add(spi.clone());
        }
        return copies;
    }

    int spiCount() {
        return spis.size();
    }

    /** Returns one SPI without copying the list. */
    public byte[] spi(int index) {
        return spis.get(index).clone();
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof Delete that)
                || protocolId != that.protocolId
                || spiSize != that.spiSize
                || spis.size() != that.spis.size()) {
            return false;
        }
        for (int i = 0; i < spis.size(); i++) {
            if (!Arrays.equals(spis.get(i), that.spis.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int hash = 31 * protocolId + spiSize;
        for (byte[] spi : spis) {
            hash = 31 * hash + Arrays.hashCode(spi);
        }
        return hash;
    }

    @Override
    public String toString() {
        return "Delete[protocolId=" + ProtocolId.name(protocolId) + ", spiSize=" + spiSize
                + ", spis=" + Bytes.hex(spis) + "]";
    }
}
