package org.ikec.protocol.crypto;

/**
 * The algorithms negotiated for a Child SA (RFC 7296 §3.3). {@code keGroup} is
 * {@link Algorithms#NONE} without PFS; {@code integId} is {@link Algorithms#AUTH_NONE} with an AEAD
 * cipher.
 */
public record ChildSuite(int encrId, int encrKeyBits, int integId, int keGroup, boolean esn) {

    @Override
    public String toString() {
        StringBuilder name = new StringBuilder(Algorithms.name(Algorithms.TYPE_ENCR, encrId, encrKeyBits));
        if (integId != Algorithms.AUTH_NONE) {
            name.append('-').append(Algorithms.name(Algorithms.TYPE_INTEG, integId, 0));
        }
        if (keGroup != Algorithms.NONE) {
            name.append('-').append(Algorithms.name(Algorithms.TYPE_KE, keGroup, 0));
        }
        name.append(esn ? "-esn" : "-noesn");
        return name.toString();
    }
}
