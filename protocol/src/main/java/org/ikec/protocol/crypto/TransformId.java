package org.ikec.protocol.crypto;

/**
 * One transform of a proposal (RFC 7296 §3.3.2): its type, its IANA transform ID and the value of
 * its Key Length attribute in bits, or 0 when the transform carries no such attribute.
 */
public record TransformId(int type, int id, int keyBits) {

    @Override
    public String toString() {
        return Algorithms.typeName(type) + ":" + Algorithms.name(type, id, keyBits);
    }
}
