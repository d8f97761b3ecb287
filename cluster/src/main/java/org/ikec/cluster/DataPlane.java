package org.ikec.cluster;

/**
 * The place negotiated CHILD SAs are installed. The default implementation records them; a kernel
 * (XFRM) implementation installs them for real.
 */
public interface DataPlane {

    /**
     * Installs a CHILD SA pair. Installing an inbound SPI again replaces its record; that is how
     * CHILD SAs that an IKE SA rekey moved to the successor are filed under its id.
     */
    void install(ChildSaInstallation installation);

    /**
     * Removes the CHILD SA whose inbound SPI is {@code inboundSpi}, which is unique on a node;
     * {@code ikeSaId} is for logs. Unknown SPIs are ignored.
     */
    void remove(String ikeSaId, int inboundSpi);
}
