package org.ikec.cluster;

import java.time.Instant;
import java.util.List;

/**
 * One IKE SA as {@code ctl show} prints it: the snapshot that lists it, plus when it and each
 * of its CHILD SAs rekey and expire. It contains no key material.
 *
 * @param rekeyAt when this node starts an IKE SA rekey, {@code null} for never
 * @param expireAt when the IKE SA is deleted unless a rekey replaced it, {@code null} for never
 * @param childLifetimes one entry per CHILD SA in {@code sa.children()}, in the same order
 */
public record SaDetail(SaSnapshot sa, Instant rekeyAt, Instant expireAt, List<ChildSaLifetime> childLifetimes)
        implements CborSerializable {

    public SaDetail {
        childLifetimes = List.copyOf(childLifetimes);
    }

    /**
     * The lifetime of one CHILD SA.
     *
     * @param spiIn our inbound SPI in hex, as in {@link ChildSaSnapshot#spiIn()}
     * @param rekeyAt when this node starts rekeying it, {@code null} for never
     * @param expireAt when it is deleted unless a rekey replaced it, {@code null} for never
     */
    public record ChildSaLifetime(String spiIn, Instant rekeyAt, Instant expireAt) {
    }
}
