package org.ikec.cluster;

import java.time.Instant;
import java.util.List;

/** What the management interface shows of one CHILD SA; SPIs in hex, no key material. */
public record ChildSaSnapshot(String name, String state, String spiIn, String spiOut, String proposal,
                              List<String> localTs, List<String> remoteTs, Instant installedAt) {

    public ChildSaSnapshot {
        localTs = List.copyOf(localTs);
        remoteTs = List.copyOf(remoteTs);
    }
}
