package org.ikec.node;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.ikec.cluster.ChildSaInstallation;
import org.ikec.cluster.DataPlane;
import org.slf4j.Logger;

/**
 * A data plane that only remembers which CHILD SAs were installed, without their keys, so that
 * the management interface can list them. It forwards no traffic. Thread-safe.
 */
public final class RecordingDataPlane implements DataPlane {

    /** What is kept of one installed CHILD SA; SPIs are the raw 32-bit values. */
    public record InstalledChildSa(String ikeSaId, String childName, int inboundSpi, int outboundSpi,
                                   String proposal, List<String> localTs, List<String> remoteTs,
                                   boolean udpEncapsulation, Instant installedAt) {

        public InstalledChildSa {
            localTs = List.copyOf(localTs);
            remoteTs = List.copyOf(remoteTs);
        }
    }


    /** Installed CHILD SAs by inbound SPI, which is unique on a node, as a kernel's SA database keys them. */
    private final ConcurrentMap<Integer, InstalledChildSa> installed = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Logger log;

    public RecordingDataPlane(Clock clock, Logger log) {
        this.clock = clock;
        this.log = log;
    }

    @Override
    public void install(ChildSaInstallation installation) {
        InstalledChildSa child = new InstalledChildSa(installation.ikeSaId(), installation.childName(),
                installation.inboundSpi(), installation.outboundSpi(), installation.proposal(),
                installation.localTs(), installation.remoteTs(), installation.udpEncapsulation(), clock.instant());

        installed.put(child.inboundSpi(), child);

        log.debug("{} CHILD_SA {} recorded (no data plane): in {} out {}, {} === {}", child.ikeSaId(),
                child.childName(), spiText(child.inboundSpi()), spiText(child.outboundSpi()),
                child.localTs(), child.remoteTs());
    }

    @Override
    public void remove(String ikeSaId, int inboundSpi) {
        InstalledChildSa removed = installed.remove(inboundSpi);

        if (removed != null) {
            log.debug("{} CHILD_SA {} removed: in {}", ikeSaId, removed.childName(), spiText(inboundSpi));
        }
    }

    /** Returns the CHILD SAs currently installed, ordered by IKE SA id and then inbound SPI. */
    public List<InstalledChildSa> installed() {
        return installed.values().stream()
                .sorted(Comparator.comparing(InstalledChildSa::ikeSaId)
                        .thenComparing(child -> Integer.toUnsignedLong(child.inboundSpi())))
                .toList();
    }

    public List<InstalledChildSa> installedFor(String ikeSaId) {
        return installed().stream().filter(child -> child.ikeSaId().equals(ikeSaId)).toList();
    }

    static String spiText(int spi) {
        return String.format("%08x", spi);
    }
}
