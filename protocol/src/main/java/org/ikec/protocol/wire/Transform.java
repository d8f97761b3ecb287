package org.ikec.protocol.wire;

import java.util.List;

/**
 * A transform substructure of a proposal (RFC 7296 §3.3.2). It is not a payload: it lives only
 * inside a {@link Proposal}.
 *
 * @param type a value from {@link TransformType}
 * @param id the transform ID within its type (for example 20 for ENCR_AES_GCM_16)
 * @param attributes the transform attributes, in wire order
 */
public record Transform(int type, int id, List<TransformAttribute> attributes) {

    public Transform {
        Bytes.requireUnsigned("transform type", type, 8);
        Bytes.requireUnsigned("transform ID", id, 16);
        attributes = List.copyOf(attributes);
    }

    public static Transform of(int type, int id) {
        return new Transform(type, id, List.of());
    }

    /** Creates a transform with a Key Length attribute, as variable-key-size ciphers need. */
    public static Transform withKeyLength(int type, int id, int bits) {
        return new Transform(type, id, List.of(TransformAttribute.keyLength(bits)));
    }

    /** Returns the Key Length attribute in bits, or 0 when the transform has none. */
    public int keyLength() {
        for (TransformAttribute attribute : attributes) {
            if (attribute.type() == TransformAttribute.KEY_LENGTH && attribute.value().length == 2) {
                return attribute.intValue();
            }
        }
        return 0;
    }

    @Override
    public String toString() {
        return "Transform[type=" + TransformType.name(type) + ", id=" + id
                + ", attributes=" + attributes + "]";
    }
}
