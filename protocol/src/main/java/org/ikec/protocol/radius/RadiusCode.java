package org.ikec.protocol.radius;

/**
 * The packet types of RFC 2865 §3 that an EAP pass-through client sends or expects. Accounting
 * and Status-Server are not handled, so decoding any other Code fails.
 */
public enum RadiusCode {
    ACCESS_REQUEST(1),
    ACCESS_ACCEPT(2),
    ACCESS_REJECT(3),
    ACCESS_CHALLENGE(11);

    private final int value;

    RadiusCode(int value) {
        this.value = value;
    }

    /** Returns the value of the Code field. */
    public int value() {
        return value;
    }

    /** Returns the code with the given Code field value. */
    public static RadiusCode of(int value) throws InvalidRadiusPacketException {
        for (RadiusCode code : values()) {
            if (code.value == value) {
                return code;
            }
        }
        throw new InvalidRadiusPacketException(InvalidRadiusPacketException.Reason.UNSUPPORTED_CODE,
                "RADIUS Code " + value + " is not Access-Request, -Accept, -Reject or -Challenge");
    }
}
