package org.ikec.protocol.crypto;

/**
 * An SK payload that failed to open: the ICV did not verify, or the lengths of the encrypted
 * data, its blocks or its padding are inconsistent. RFC 7296 §2.21.2 asks receivers to drop such
 * messages without a reply; the same exception for every case avoids a padding oracle.
 */
public final class IntegrityCheckFailedException extends Exception {

    private static final long serialVersionUID = 1L;

    public IntegrityCheckFailedException(String message) {
        super(message);
    }
}
