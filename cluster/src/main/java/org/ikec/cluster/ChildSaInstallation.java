package org.ikec.cluster;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * A CHILD SA as handed to the data plane: both directions' SPIs and keys. {@code toString} never
 * prints key material.
 *
 * @param encryptionKeyIn key of the inbound SA (salt included for AEAD ciphers)
 * @param integrityKeyIn integrity key of the inbound SA, empty for AEAD ciphers
 */
public record ChildSaInstallation(String ikeSaId, String childName, int inboundSpi, int outboundSpi,
                                  String proposal, List<String> localTs, List<String> remoteTs,
                                  InetSocketAddress local, InetSocketAddress remote, boolean udpEncapsulation,
                                  byte[] encryptionKeyIn, byte[] integrityKeyIn,
                                  byte[] encryptionKeyOut, byte[] integrityKeyOut) {

    @Override
    public String toString() {
        return "ChildSaInstallation[" + ikeSaId + " " + childName + " in=" + Integer.toHexString(inboundSpi)
                + " out=" + Integer.toHexString(outboundSpi) + " " + proposal + " " + localTs + " === " + remoteTs + "]";
    }
}
