package org.ikec.node.ctl;

/**
 * A failed {@code ikec ctl} command; its message is the one line printed to the user.
 *
 * <p>{@link #invalidRequest()} is true when the node rejected the request itself (HTTP 400) or
 * the command line was invalid, so {@code ikec ctl} exits with the usage status.
 */
public final class CtlException extends Exception {

    private final boolean invalidRequest;

    public CtlException(String message) {
        this(message, false);
    }

    public CtlException(String message, boolean invalidRequest) {
        super(message);
        this.invalidRequest = invalidRequest;
    }

    public boolean invalidRequest() {
        return invalidRequest;
    }
}
