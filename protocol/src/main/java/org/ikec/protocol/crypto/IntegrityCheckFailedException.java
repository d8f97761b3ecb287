package org.ikec.protocol.crypto;

/**
 * An SK payload that failed to open: the ICV did not verify, or the lengths of the encrypted
 * data, its blocks or its padding are inconsistent. The receiver drops such a message without a
 * reply. One exception type for every case avoids a padding oracle.
 */
public final class IntegrityCheckFailedException extends Exception {

    private static final long serialVersionUID = 1L;

    public IntegrityCheckFailedException(String message) {
        super(message);
    }
}
