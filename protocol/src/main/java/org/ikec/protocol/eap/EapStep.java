package org.ikec.protocol.eap;

/** The next step of an {@link EapMethod}, after it starts or after one of the peer's responses. */
public sealed interface EapStep {

    /** Sends a Request of the method's type with this type data. */
    record Request(byte[] typeData) implements EapStep {
        public Request {
            typeData = typeData.clone();
        }

        @Override
        public byte[] typeData() {
            return typeData.clone();
        }
    }

    /**
     * Sends a whole Request packet that a pass-through backend made, unchanged. The peer's next
     * Response must carry its Identifier.
     */
    record Relay(EapPacket request) implements EapStep {
        public Relay {
            if (request.code() != EapPacket.REQUEST) {
                throw new IllegalArgumentException("a relayed EAP packet must be a Request, not code " + request.code());
            }
        }
    }

    /** The peer is authenticated; {@code msk} is the Master Session Key (RFC 3748 §7.10). */
    record Success(byte[] msk) implements EapStep {
        public Success {
            msk = msk.clone();
        }

        @Override
        public byte[] msk() {
            return msk.clone();
        }

        @Override
        public String toString() {
            return "Success[msk=" + msk.length + " bytes]";
        }
    }

    /** The peer is not authenticated, for {@code reason}, which names no secret. */
    record Failure(String reason) implements EapStep {
    }

    /**
     * A backend, such as a RADIUS server, decides later. The owner of the EAP conversation passes
     * the backend's step to {@link EapServer#resume} when it arrives.
     */
    record Pending() implements EapStep {
    }
}
