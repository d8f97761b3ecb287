package org.ikec.protocol.radius;

import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The attributes of an Access-Request (RFC 2865 §4.1) before a client gives it an Identifier,
 * a Request Authenticator and a Message-Authenticator for one server. One request can thus be
 * encoded again for the next server on fail-over. User-Password and CHAP are not supported,
 * because the node only passes EAP through.
 *
 * @param attributes attributes in the order they are sent, without Message-Authenticator
 */
public record AccessRequest(List<RadiusAttribute> attributes) {

    public AccessRequest {
        attributes = List.copyOf(attributes);
        for (RadiusAttribute attribute : attributes) {
            if (attribute.type() == RadiusAttributeType.MESSAGE_AUTHENTICATOR) {
                throw new IllegalArgumentException("the client adds Message-Authenticator itself");
            }
        }
    }

    /** Tells whether the request carries EAP-Message, so its response must carry Message-Authenticator. */
    public boolean carriesEap() {
        return attributes.stream().anyMatch(attribute -> attribute.type() == RadiusAttributeType.EAP_MESSAGE);
    }

    /**
     * Encodes the request for one server, with Message-Authenticator first.
     *
     * @param identifier           Identifier the client reserved on that server, 0 to 255
     * @param requestAuthenticator 16 random octets, fresh for each Identifier (RFC 2865 §3)
     * @param secret               shared secret of that server
     */
    public byte[] encode(int identifier, byte[] requestAuthenticator, byte[] secret) {
        return RadiusAuthenticators.signRequest(identifier, requestAuthenticator, attributes, secret);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects the attributes of an Access-Request in the order they are added. */
    public static final class Builder {

        private final List<RadiusAttribute> attributes = new ArrayList<>();

        private Builder() {
        }

        public Builder userName(String userName) {
            return text(RadiusAttributeType.USER_NAME, userName);
        }

        public Builder nasIdentifier(String nasIdentifier) {
            return text(RadiusAttributeType.NAS_IDENTIFIER, nasIdentifier);
        }

        public Builder nasIpAddress(Inet4Address address) {
            return attribute(new RadiusAttribute(RadiusAttributeType.NAS_IP_ADDRESS, address.getAddress()));
        }

        public Builder calledStationId(String id) {
            return text(RadiusAttributeType.CALLED_STATION_ID, id);
        }

        public Builder callingStationId(String id) {
            return text(RadiusAttributeType.CALLING_STATION_ID, id);
        }

        /** Adds the State the previous Access-Challenge carried (RFC 2865 §5.24), unchanged. */
        public Builder state(byte[] state) {
            return attribute(new RadiusAttribute(RadiusAttributeType.STATE, state));
        }

        /** Adds an EAP message, split over as many EAP-Message attributes as it needs. */
        public Builder eapMessage(byte[] eapMessage) {
            attributes.addAll(EapMessages.split(eapMessage));
            return this;
        }

        public Builder attribute(RadiusAttribute attribute) {
            attributes.add(attribute);
            return this;
        }

        public AccessRequest build() {
            return new AccessRequest(attributes);
        }

        private Builder text(int type, String value) {
            return attribute(new RadiusAttribute(type, value.getBytes(StandardCharsets.UTF_8)));
        }
    }
}
