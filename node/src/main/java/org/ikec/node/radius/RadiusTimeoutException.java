package org.ikec.node.radius;

/** Thrown when no configured RADIUS server responded to a request within its tries. */
public final class RadiusTimeoutException extends Exception {

    private static final long serialVersionUID = 1L;

    public RadiusTimeoutException(String message) {
        super(message);
    }
}
