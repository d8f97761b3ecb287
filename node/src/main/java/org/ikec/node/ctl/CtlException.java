package org.ikec.node.ctl;

/** A failed {@code ikec ctl} command; its message is the one line printed to the user. */
public final class CtlException extends Exception {

    public CtlException(String message) {
        super(message);
    }
}
