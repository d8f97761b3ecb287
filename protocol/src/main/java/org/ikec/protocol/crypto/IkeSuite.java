package org.ikec.protocol.crypto;

/**
 * The algorithms negotiated for an IKE SA (RFC 7296 §3.3). {@code encrKeyBits} is the Key Length
 * attribute, 0 for ChaCha20-Poly1305; {@code integId} is {@link Algorithms#AUTH_NONE} with an AEAD
 * cipher.
 */
public record IkeSuite(int encrId, int encrKeyBits, int prfId, int integId, int keGroup) {

    @Override
    public String toString() {
        StringBuilder name = new StringBuilder(Algorithms.name(Algorithms.TYPE_ENCR, encrId, encrKeyBits));
        if (integId != Algorithms.AUTH_NONE) {
            name.append('-').append(Algorithms.name(Algorithms.TYPE_INTEG, integId, 0));
        }
        name.append('-').append(Algorithms.name(Algorithms.TYPE_PRF, prfId, 0));
        name.append('-').append(Algorithms.name(Algorithms.TYPE_KE, keGroup, 0));
        return name.toString();
    }
}
