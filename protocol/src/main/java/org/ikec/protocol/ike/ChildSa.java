package org.ikec.protocol.ike;

import java.util.List;

import org.ikec.protocol.config.ChildConfig;
import org.ikec.protocol.crypto.ChildKeys;
import org.ikec.protocol.crypto.ChildSuite;
import org.ikec.protocol.wire.TrafficSelector;

/**
 * One ESP CHILD SA pair (RFC 7296 §2.17): our inbound SPI, the peer's inbound SPI (our outbound),
 * and the keys of both directions. {@code toString} prints no keys.
 *
 * @param config the template it was created from
 * @param initiatedByPeer whether the peer started the exchange that created it, which decides
 *     which half of KEYMAT protects which direction
 * @param localTs our side's traffic selectors as negotiated
 * @param remoteTs the peer's side's traffic selectors as negotiated
 * @param installedAtMillis when it was installed
 * @param rekeyAtMillis when we start rekeying it, {@link Long#MAX_VALUE} for never
 * @param expireAtMillis when it is deleted if not rekeyed, {@link Long#MAX_VALUE} for never
 */
public record ChildSa(ChildConfig config, int inboundSpi, int outboundSpi, ChildSuite suite, String proposal,
                      boolean transportMode, boolean initiatedByPeer, List<TrafficSelector> localTs,
                      List<TrafficSelector> remoteTs, ChildKeys keys, long installedAtMillis,
                      long rekeyAtMillis, long expireAtMillis) {

    /** Shares the values that many CHILD SAs have in common, see {@link SharedValues}. */
    public ChildSa {
        suite = SharedValues.share(suite);
        proposal = SharedValues.share(proposal);
        localTs = SharedValues.shareSelectors(localTs);
        remoteTs = SharedValues.shareSelectors(remoteTs);
    }

    public byte[] encryptionKeyIn() {
        return initiatedByPeer ? keys.encryptionKeyIToR() : keys.encryptionKeyRToI();
    }

    public byte[] integrityKeyIn() {
        return initiatedByPeer ? keys.integrityKeyIToR() : keys.integrityKeyRToI();
    }

    public byte[] encryptionKeyOut() {
        return initiatedByPeer ? keys.encryptionKeyRToI() : keys.encryptionKeyIToR();
    }

    public byte[] integrityKeyOut() {
        return initiatedByPeer ? keys.integrityKeyRToI() : keys.integrityKeyIToR();
    }

    public String name() {
        return config.name();
    }

    @Override
    public String toString() {
        return "ChildSa[" + config.name() + " in=" + Integer.toHexString(inboundSpi)
                + " out=" + Integer.toHexString(outboundSpi) + " " + proposal + "]";
    }
}
