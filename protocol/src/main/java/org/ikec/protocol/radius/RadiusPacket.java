package org.ikec.protocol.radius;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A decoded RADIUS packet (RFC 2865 §3): Code, Identifier, the 16-octet Authenticator and the
 * attributes in wire order. Order matters, because EAP-Message attributes are joined in the
 * order received (RFC 3579 §3.1).
 *
 * @param code          packet type
 * @param identifier    Identifier field, 0 to 255, which matches a response to its request
 * @param authenticator Request or Response Authenticator, 16 octets
 * @param attributes    attributes in wire order
 */
public record RadiusPacket(RadiusCode code, int identifier, byte[] authenticator, List<RadiusAttribute> attributes) {

    /** Size of the Authenticator field. */
    public static final int AUTHENTICATOR_SIZE = 16;

    public RadiusPacket {
        if (identifier < 0 || identifier > 255) {
            throw new IllegalArgumentException("RADIUS Identifier " + identifier + " is outside 0..255");
        }
        if (authenticator.length != AUTHENTICATOR_SIZE) {
            throw new IllegalArgumentException("RADIUS Authenticator must be 16 octets, not " + authenticator.length);
        }
        authenticator = authenticator.clone();
        attributes = List.copyOf(attributes);
    }

    @Override
    public byte[] authenticator() {
        return authenticator.clone();
    }

    /** Returns the value of the first attribute of the type, if there is one. */
    public Optional<byte[]> first(int type) {
        return attributes.stream().filter(attribute -> attribute.type() == type).findFirst()
                .map(RadiusAttribute::value);
    }

    /** Returns the values of all attributes of the type, in wire order. */
    public List<byte[]> all(int type) {
        List<byte[]> values = new ArrayList<>();
        for (RadiusAttribute attribute : attributes) {
            if (attribute.type() == type) {
                values.add(attribute.value());
            }
        }
        return values;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RadiusPacket that && code == that.code && identifier == that.identifier
                && Arrays.equals(authenticator, that.authenticator) && attributes.equals(that.attributes);
    }

    @Override
    public int hashCode() {
        return (code.hashCode() * 31 + identifier) * 31 + attributes.hashCode();
    }

    @Override
    public String toString() {
        return code + " id=" + identifier + " " + attributes;
    }
}
