package org.ikec.loadtest.engine;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.ikec.protocol.config.AuthConfig;
import org.ikec.protocol.config.ChildConfig;
import org.ikec.protocol.config.ConnectionConfig;
import org.ikec.protocol.config.IkeIdentity;
import org.ikec.protocol.config.IkeSettings;
import org.ikec.protocol.config.TrafficSelectorSpec;
import org.ikec.protocol.crypto.DhReuse;
import org.ikec.protocol.crypto.ProposalStrings;
import org.ikec.protocol.wire.Configuration;

/**
 * The protocol configuration the emulated clients share: settings, the CHILD SA template, and one
 * small {@link ConnectionConfig} per client that carries the client's identity.
 */
final class ClientProfiles {

    /** The connection name of every client; the target receives only their identities. */
    static final String CONNECTION_NAME = "loadtest";

    /** How long an IKE SA may outlive its rekey time if the rekey does not complete; the node uses the same default. */
    private static final Duration OVER_TIME = Duration.ofMinutes(10);
    private static final int RETRANSMIT_TRIES = 5;
    private static final double RETRANSMIT_BASE = 1.8;
    private static final Duration HALF_OPEN_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration DH_REUSE_MAX_AGE = Duration.ofMinutes(1);

    private final LoadPlan plan;
    private final IkeIdentity remoteId;
    private final AuthConfig remoteAuth;
    private final List<String> proposals;
    private final ChildConfig child;
    private final List<ChildConfig> children;
    private final Map<InetSocketAddress, List<String>> remoteAddrsByTarget = new ConcurrentHashMap<>();
    private final IkeSettings settings;
    private final Configuration configurationRequest;

    ClientProfiles(LoadPlan plan, List<Endpoint> peers) {
        this.plan = plan;
        this.remoteId = IkeIdentity.parse(plan.remoteId());
        this.remoteAuth = new AuthConfig(AuthConfig.PSK, remoteId);
        this.proposals = List.of(plan.proposal());
        ProposalStrings.parseIke(plan.proposal());
        ProposalStrings.parseEsp(plan.espProposal());

        boolean ipv6 = plan.targets().get(0).getAddress() instanceof Inet6Address;
        TrafficSelectorSpec everything = TrafficSelectorSpec.parse(ipv6 ? "::/0" : "0.0.0.0/0");
        this.child = new ChildConfig(CONNECTION_NAME, List.of(plan.espProposal()), List.of(everything),
                List.of(everything), plan.rekeyChild(), hardLifetime(plan.rekeyChild()), tenth(plan.rekeyChild()),
                "tunnel");
        this.children = List.of(child);

        byte[] psk = plan.psk().clone();
        this.settings = new IkeSettings(responderConnections(peers), (local, remote) -> Optional.of(psk.clone()),
                Integer.MAX_VALUE, plan.retransmitTimeout(), RETRANSMIT_BASE,
                plan.retransmit() ? RETRANSMIT_TRIES : 0, HALF_OPEN_TIMEOUT)
                .withDhReuse(new DhReuse(plan.dhReuse(), DH_REUSE_MAX_AGE));
        this.configurationRequest = plan.virtualIp().configuration();
    }

    /** Returns a CHILD SA's hard lifetime: 10% past its rekey time, or none when rekeying is off. */
    private static Duration hardLifetime(Duration rekey) {
        return rekey.isZero() ? Duration.ZERO : rekey.plus(tenth(rekey));
    }

    private static Duration tenth(Duration value) {
        return value.dividedBy(10);
    }

    /**
     * Builds one responder connection per peer of the simultaneous scenario, bound to the peer's
     * source address and sending the peer's identity. Other scenarios respond to no IKE_SA_INIT.
     */
    private List<ConnectionConfig> responderConnections(List<Endpoint> peers) {
        List<ConnectionConfig> connections = new ArrayList<>();
        if (plan.scenario() != Scenario.SIMULTANEOUS) {
            return connections;
        }
        for (Endpoint peer : peers) {
            if (peer.index() >= plan.sas()) {
                break;
            }
            connections.add(new ConnectionConfig(CONNECTION_NAME + "-peer" + (peer.index() + 1), proposals,
                    List.of(peer.ikeLocal().getAddress().getHostAddress()), List.of(), 500,
                    new AuthConfig(AuthConfig.PSK, IkeIdentity.parse(plan.identity(peer.index() + 1))),
                    remoteAuth, children, plan.rekeyIke(), OVER_TIME,
                    tenth(plan.rekeyIke()), plan.liveness()));
        }
        return connections;
    }

    IkeSettings settings() {
        return settings;
    }

    ChildConfig child() {
        return child;
    }

    /** Returns the CP(CFG_REQUEST) every client sends with IKE_AUTH when it requests a virtual IP address. */
    Configuration configurationRequest() {
        return configurationRequest;
    }

    /**
     * Builds the connection that client {@code number} initiates to {@code target}. Only the identity
     * is the client's own; the lists are shared by every client of a target, to keep memory per SA low.
     */
    ConnectionConfig connectionFor(int number, InetSocketAddress target) {
        List<String> remoteAddrs = remoteAddrsByTarget.computeIfAbsent(target,
                t -> List.of(t.getAddress().getHostAddress()));
        return new ConnectionConfig(CONNECTION_NAME, proposals, List.of(), remoteAddrs, target.getPort(),
                new AuthConfig(AuthConfig.PSK, IkeIdentity.parse(plan.identity(number))), remoteAuth, children,
                plan.rekeyIke(), OVER_TIME, tenth(plan.rekeyIke()), plan.liveness());
    }

    /**
     * Returns the local address the initiator writes into NAT_DETECTION_SOURCE_IP (RFC 7296 §2.23).
     * With NAT-T forced, it is a documentation address that never matches, so the target detects a
     * NAT and both sides float to the NAT-T port. Nothing is ever sent to or from that address.
     */
    InetSocketAddress announcedLocal(Endpoint endpoint) {
        if (!plan.natT()) {
            return endpoint.ikeLocal();
        }
        InetAddress real = endpoint.ikeLocal().getAddress();
        InetAddress unmatched = real instanceof Inet6Address ? literal("2001:db8::4e41") : literal("198.51.100.77");
        return new InetSocketAddress(unmatched, endpoint.ikeLocal().getPort());
    }

    private static InetAddress literal(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("the literal address " + text + " was rejected", e);
        }
    }
}
