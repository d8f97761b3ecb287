package org.ikec.cluster;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;

import org.ikec.protocol.ike.ChildSa;
import org.ikec.protocol.ike.IkeSa;
import org.ikec.protocol.ike.SelectorText;

/** Builds the management view of an IKE SA; key material is left out on purpose. */
final class Snapshots {

    private Snapshots() {
    }

    static String id(long ourSpi) {
        return String.format("%016x", ourSpi);
    }

    static SaSnapshot of(IkeSa sa, String nodeName, Integer tunnelIndex) {
        List<ChildSaSnapshot> children = sa.children().stream().map(Snapshots::of).toList();
        return new SaSnapshot(id(sa.ourSpi()), nodeName, sa.connectionName(), tunnelIndex, sa.state().name(),
                sa.originalInitiator(), String.format("%016x", sa.spiI()), String.format("%016x", sa.spiR()),
                endpoint(sa.local()), endpoint(sa.remote()), String.valueOf(sa.localId()), String.valueOf(sa.remoteId()),
                sa.proposalDescription(),
                sa.establishedAtMillis() == 0 ? null : Instant.ofEpochMilli(sa.establishedAtMillis()),
                sa.ikeLifetime().toSeconds(), authMethod(sa), sa.traffic(), children);
    }

    private static IkeAuthMethod authMethod(IkeSa sa) {
        String configured = sa.peerAuthMethod();
        return configured == null ? null : IkeAuthMethod.of(configured);
    }

    static ChildSaSnapshot of(ChildSa child) {
        return new ChildSaSnapshot(child.name(), "INSTALLED", String.format("%08x", child.inboundSpi()),
                String.format("%08x", child.outboundSpi()), child.proposal(),
                child.localTs().stream().map(SelectorText::describe).toList(),
                child.remoteTs().stream().map(SelectorText::describe).toList(),
                Instant.ofEpochMilli(child.installedAtMillis()), child.config().lifeTime().toSeconds(),
                child.config().rekeyTime().toSeconds());
    }

    static ChildSaInstallation installation(IkeSa sa, ChildSa child) {
        return new ChildSaInstallation(id(sa.ourSpi()), child.name(), child.inboundSpi(), child.outboundSpi(),
                child.proposal(), child.localTs().stream().map(SelectorText::describe).toList(),
                child.remoteTs().stream().map(SelectorText::describe).toList(), sa.local(), sa.remote(),
                sa.natDetected(), child.encryptionKeyIn(), child.integrityKeyIn(),
                child.encryptionKeyOut(), child.integrityKeyOut());
    }

    private static String endpoint(InetSocketAddress address) {
        return address == null ? "" : address.getAddress().getHostAddress() + ":" + address.getPort();
    }
}
