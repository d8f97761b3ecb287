package org.ikec.cluster;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.ikec.protocol.config.AddressText;
import org.ikec.protocol.ike.ChildSa;
import org.ikec.protocol.ike.IkeSa;
import org.ikec.protocol.ike.RekeyOutcome;
import org.ikec.protocol.ike.SelectorText;

/** Builds the management view of an IKE SA; key material is left out on purpose. */
final class Snapshots {

    /** Lower-case hex without a prefix; {@code toHexDigits} pads to the width of the type, as %016x and %08x do. */
    private static final HexFormat HEX = HexFormat.of();

    private static final int MAX_SHARED_SELECTOR_LISTS = 1024;
    private static final ConcurrentMap<List<String>, List<String>> SHARED_SELECTOR_LISTS = new ConcurrentHashMap<>();

    private Snapshots() {
    }

    static String id(long ourSpi) {
        return HEX.toHexDigits(ourSpi);
    }

    /** Builds the snapshot of an IKE SA; the caller passes its {@link #id}, so one string serves every use. */
    static SaSnapshot of(IkeSa sa, String id, String nodeName, Integer tunnelIndex) {
        List<ChildSaSnapshot> children = sa.children().stream().map(Snapshots::of).toList();
        String spiI = sa.originalInitiator() ? id : HEX.toHexDigits(sa.spiI());
        String spiR = sa.originalInitiator() ? HEX.toHexDigits(sa.spiR()) : id;
        return new SaSnapshot(id, nodeName, sa.connectionName(), tunnelIndex, sa.state().name(),
                sa.originalInitiator(), spiI, spiR, shared(endpoint(sa.local())), endpoint(sa.remote()),
                shared(String.valueOf(sa.localId())), String.valueOf(sa.remoteId()), shared(sa.proposalDescription()),
                sa.establishedAtMillis() == 0 ? null : Instant.ofEpochMilli(sa.establishedAtMillis()),
                sa.ikeLifetime().toSeconds(), authMethod(sa), sa.traffic(), children,
                sa.leases().stream().map(lease -> AddressText.of(lease.address())).toList());
    }

    private static IkeAuthMethod authMethod(IkeSa sa) {
        String configured = sa.peerAuthMethod();
        return configured == null ? null : IkeAuthMethod.of(configured, sa.peerSignatureKey());
    }

    static ChildSaSnapshot of(ChildSa child) {
        return new ChildSaSnapshot(child.name(), "INSTALLED", HEX.toHexDigits(child.inboundSpi()),
                HEX.toHexDigits(child.outboundSpi()), child.proposal(),
                localSelectors(child), child.remoteTs().stream().map(SelectorText::describe).toList(),
                Instant.ofEpochMilli(child.installedAtMillis()), child.config().lifeTime().toSeconds(),
                child.config().rekeyTime().toSeconds());
    }

    static SaDetail detail(IkeSa sa, String id, String nodeName, Integer tunnelIndex) {
        List<SaDetail.ChildSaLifetime> lifetimes = sa.children().stream()
                .map(child -> new SaDetail.ChildSaLifetime(HEX.toHexDigits(child.inboundSpi()),
                        instant(sa.childRekeyAtMillis(child)), instant(child.expireAtMillis())))
                .toList();
        return new SaDetail(of(sa, id, nodeName, tunnelIndex), instant(sa.ikeRekeyAtMillis()),
                instant(sa.ikeExpireAtMillis()), lifetimes);
    }

    /** Returns the time of an epoch-millisecond deadline, {@code null} for {@link Long#MAX_VALUE} (never). */
    private static Instant instant(long millis) {
        return millis == Long.MAX_VALUE ? null : Instant.ofEpochMilli(millis);
    }

    static RekeyResult rekeyResult(String id, RekeyOutcome outcome) {
        if (outcome instanceof RekeyOutcome.ChildRekeyed child) {
            return new RekeyResult(RekeyResult.Status.REKEYED, null, id, null, child.name(),
                    HEX.toHexDigits(child.oldInboundSpi()), HEX.toHexDigits(child.oldOutboundSpi()),
                    HEX.toHexDigits(child.inboundSpi()), HEX.toHexDigits(child.outboundSpi()));
        }
        if (outcome instanceof RekeyOutcome.IkeRekeyed ike) {
            return new RekeyResult(RekeyResult.Status.REKEYED, null, id, id(ike.successorOurSpi()), null, null, null,
                    null, null);
        }
        return RekeyResult.failed(id, ((RekeyOutcome.Failed) outcome).reason());
    }

    static ChildSaInstallation installation(IkeSa sa, String id, ChildSa child) {
        return new ChildSaInstallation(id, child.name(), child.inboundSpi(), child.outboundSpi(),
                child.proposal(),
                localSelectors(child), child.remoteTs().stream().map(SelectorText::describe).toList(), sa.local(),
                sa.remote(),
                sa.natDetected(), child.encryptionKeyIn(), child.integrityKeyIn(),
                child.encryptionKeyOut(), child.integrityKeyOut());
    }

    /**
     * Returns the JVM's canonical copy of a text that many IKE SAs have in common, such as the
     * proposal, our identity, our address or our traffic selectors. The directory then keeps such a
     * text once instead of once per IKE SA.
     */
    private static String shared(String text) {
        return text.intern();
    }

    /**
     * Returns the texts of our traffic selectors, one list shared by every CHILD SA with the same
     * selectors while {@link #SHARED_SELECTOR_LISTS} has room, because the data plane keeps the list
     * of each CHILD SA.
     */
    private static List<String> localSelectors(ChildSa child) {
        // The records that keep the list call List.copyOf, which copies a Stream.toList result again
        // but returns a List.copyOf result as it is, so only such a list stays shared.
        List<String> texts = List.copyOf(child.localTs().stream().map(SelectorText::describe).map(Snapshots::shared)
                .toList());
        List<String> shared = SHARED_SELECTOR_LISTS.get(texts);
        if (shared != null || SHARED_SELECTOR_LISTS.size() >= MAX_SHARED_SELECTOR_LISTS) {
            return shared != null ? shared : texts;
        }
        shared = SHARED_SELECTOR_LISTS.putIfAbsent(texts, texts);
        return shared != null ? shared : texts;
    }

    private static String endpoint(InetSocketAddress address) {
        if (address == null) {
            return "";
        }
        String host = AddressText.of(address.getAddress());
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
