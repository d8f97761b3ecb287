package org.ikec.cluster;

/**
 * The result of a rekey an operator started (RFC 7296 §1.3.2, §1.3.3).
 *
 * @param status {@code REKEYED}; {@code NOT_FOUND} when the IKE SA or CHILD SA does not exist;
 *     {@code FAILED} when the rekey was started but did not complete, or could not start
 * @param message why the rekey did not happen, {@code null} when it did
 * @param id the IKE SA that was asked to rekey
 * @param successorId the new IKE SA's id after an IKE SA rekey, {@code null} otherwise
 * @param child the CHILD SA's name after a CHILD SA rekey, {@code null} otherwise
 * @param oldSpiIn the replaced CHILD SA's inbound SPI in hex, {@code null} after an IKE SA rekey
 * @param oldSpiOut the replaced CHILD SA's outbound SPI in hex
 * @param spiIn the new CHILD SA's inbound SPI in hex
 * @param spiOut the new CHILD SA's outbound SPI in hex
 */
public record RekeyResult(Status status, String message, String id, String successorId, String child,
                          String oldSpiIn, String oldSpiOut, String spiIn, String spiOut) implements CborSerializable {

    public enum Status { REKEYED, NOT_FOUND, FAILED }

    static RekeyResult notFound(String id, String message) {
        return new RekeyResult(Status.NOT_FOUND, message, id, null, null, null, null, null, null);
    }

    static RekeyResult failed(String id, String message) {
        return new RekeyResult(Status.FAILED, message, id, null, null, null, null, null, null);
    }
}
