package org.ikec.node;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

import org.ikec.cluster.ChildSaInstallation;
import org.ikec.cluster.DataPlane;
import org.ikec.cluster.IntKeyedMap;
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


    /**
     * The data plane's record of one CHILD SA, smaller than {@link InstalledChildSa} because it
     * keeps one per CHILD SA. The texts that many CHILD SAs share are references, the peer's
     * selectors are one text joined by {@link #SELECTOR_SEPARATOR}, and the time is in
     * milliseconds, the precision of the directory's snapshots.
     */
    private record Recorded(String ikeSaId, String childName, int outboundSpi, String proposal,
                            List<String> localTs, String remoteTs, boolean udpEncapsulation,
                            long installedAtMillis) {

        static Recorded of(ChildSaInstallation installation, long nowMillis) {
            return new Recorded(installation.ikeSaId(), installation.childName(), installation.outboundSpi(),
                    installation.proposal(), List.copyOf(installation.localTs()),
                    String.join(SELECTOR_SEPARATOR, installation.remoteTs()), installation.udpEncapsulation(),
                    nowMillis);
        }

        InstalledChildSa toInstalled(int inboundSpi) {
            List<String> remote = remoteTs.isEmpty() ? List.of() : List.of(remoteTs.split(SELECTOR_SEPARATOR, -1));
            return new InstalledChildSa(ikeSaId, childName, inboundSpi, outboundSpi, proposal, localTs, remote,
                    udpEncapsulation, Instant.ofEpochMilli(installedAtMillis));
        }
    }

    /** Joins the texts of the peer's selectors, which contain addresses, ports and protocols but no line break. */
    private static final String SELECTOR_SEPARATOR = "\n";

    /**
     * Installed CHILD SAs by inbound SPI, which is unique on a node, as a kernel's SA database keys
     * them. Its monitor guards it.
     */
    private final IntKeyedMap<Recorded> installed = new IntKeyedMap<>(Recorded[]::new);
    private final Clock clock;
    private final Logger log;

    public RecordingDataPlane(Clock clock, Logger log) {
        this.clock = clock;
        this.log = log;
    }

    @Override
    public void install(ChildSaInstallation installation) {
        if (installation.inboundSpi() == 0) {
            // RFC 4303 §2.1 reserves SPI 0, and our SPIs start at 256.
            log.warn("{} CHILD_SA {} not recorded: inbound SPI 0 is reserved", installation.ikeSaId(),
                    installation.childName());
            return;
        }
        Recorded recorded = Recorded.of(installation, clock.millis());
        synchronized (installed) {
            installed.put(installation.inboundSpi(), recorded);
        }

        if (log.isDebugEnabled()) {
            log.debug("{} CHILD_SA {} recorded (no data plane): in {} out {}, {} === {}", installation.ikeSaId(),
                    installation.childName(), spiText(installation.inboundSpi()), spiText(installation.outboundSpi()),
                    installation.localTs(), installation.remoteTs());
        }
    }

    @Override
    public void remove(String ikeSaId, int inboundSpi) {
        Recorded removed;
        synchronized (installed) {
            removed = installed.remove(inboundSpi);
        }

        if (removed != null) {
            log.debug("{} CHILD_SA {} removed: in {}", ikeSaId, removed.childName(), spiText(inboundSpi));
        }
    }

    /** Returns the CHILD SAs currently installed, ordered by IKE SA id and then inbound SPI. */
    public List<InstalledChildSa> installed() {
        List<InstalledChildSa> all = new ArrayList<>();
        synchronized (installed) {
            installed.forEach((inboundSpi, recorded) -> all.add(recorded.toInstalled(inboundSpi)));
        }
        return all.stream()
                .sorted(Comparator.comparing(InstalledChildSa::ikeSaId)
                        .thenComparing(child -> Integer.toUnsignedLong(child.inboundSpi())))
                .toList();
    }

    public List<InstalledChildSa> installedFor(String ikeSaId) {
        return installed().stream().filter(child -> child.ikeSaId().equals(ikeSaId)).toList();
    }

    static String spiText(int spi) {
        return HexFormat.of().toHexDigits(spi);
    }
}
