package org.ikec.cluster;

import java.time.Instant;
import java.util.List;

/**
 * One CHILD SA as the management interface shows it: SPIs in hex and no key material.
 *
 * @param lifetimeSeconds the configured hard lifetime (life_time), 0 for none
 * @param rekeySeconds the configured rekey time (rekey_time), 0 when it is never rekeyed
 */
public record ChildSaSnapshot(String name, String state, String spiIn, String spiOut, String proposal,
                              List<String> localTs, List<String> remoteTs, Instant installedAt,
                              long lifetimeSeconds, long rekeySeconds) {

    public ChildSaSnapshot {
        localTs = List.copyOf(localTs);
        remoteTs = List.copyOf(remoteTs);
    }
}
