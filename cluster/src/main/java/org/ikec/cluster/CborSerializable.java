package org.ikec.cluster;

/** Marks messages that cross node boundaries; Pekko serializes them with Jackson CBOR. */
public interface CborSerializable {
}
