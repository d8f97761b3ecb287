package org.ikec.cluster;

/**
 * Where negotiated CHILD SAs are installed. The default implementation records them; a kernel
 * (XFRM) implementation installs them for real.
 */
public interface DataPlane {

    void install(ChildSaInstallation installation);

    /** Removes the CHILD SA whose inbound SPI is {@code inboundSpi}; unknown SPIs are ignored. */
    void remove(String ikeSaId, int inboundSpi);
}
