package org.ikec.protocol.wire;

/**
 * One IKEv2 payload (RFC 7296 §3.2) without its generic header: the Next Payload and Payload
 * Length fields are computed by {@link IkeCodec} when a chain is encoded. The critical bit is kept
 * only by {@link Unknown}, because a receiver acts on it only for types it does not know.
 */
public sealed interface Payload
        permits SecurityAssociation, KeyExchange, Identification, Certificate, CertificateRequest,
        Authentication, Nonce, Notify, Delete, VendorId, TrafficSelectors, Encrypted,
        EncryptedFragment, Configuration, Eap, Unknown {

    /** Returns the payload type number from {@link PayloadType}. */
    int type();
}
