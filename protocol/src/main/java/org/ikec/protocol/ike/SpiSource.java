package org.ikec.protocol.ike;

/**
 * Hands out our SPIs. The cluster chooses IKE SPIs that route to the entity holding the SA, so a
 * rekeyed IKE SA stays where its predecessor was.
 */
public interface SpiSource {

    /** Returns a fresh non-zero IKE SPI that routes to the same place as {@code predecessorSpi}. */
    long newIkeSpi(long predecessorSpi);

    /** Returns a fresh inbound ESP SPI, at least 256 (RFC 4303 §2.1 reserves 1-255). */
    int newChildSpi();
}
