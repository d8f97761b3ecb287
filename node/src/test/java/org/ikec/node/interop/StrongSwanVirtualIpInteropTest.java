package org.ikec.node.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * strongSwan 5.9.8 clients with {@code vips = 0.0.0.0, ::} request virtual IP addresses with
 * CP(CFG_REQUEST) in IKE_AUTH, and the node leases them from its pools (RFC 7296 §2.19, §3.15).
 */
@Tag("interop")
@RequiresLab
class StrongSwanVirtualIpInteropTest {

    private static final String PSK = "interop-psk-6f1c0a9e27d84b35";
    private static final String NODE_ID = "gw.ikec.test";
    private static final String CLIENT_ID = "client1.ikec.test";
    private static final String OTHER_CLIENT_ID = "client2.ikec.test";
    private static final String PROPOSAL = "aes256gcm16-prfsha256-x25519";
    private static final String ESP_PROPOSAL = "aes256gcm16";
    private static final String NODE_INNER_IPV6 = "fd00:1::/64";
    private static final int MANAGEMENT_PORT = 7500;
    private static final Duration CONVERGENCE_TIMEOUT = Duration.ofSeconds(10);

    /** Kept when a test fails, so the charon and node logs can be read. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path workDir;

    @Test
    void clientGetsFirstAddressOfEachPool() {
        String prefix;
        try (NetworkLab lab = NetworkLab.create(workDir)) {
            prefix = lab.namespacePrefix();
            LabTopology topology = LabTopology.direct(lab);
            ConcentratorNode node = startNode(lab, topology, """
                    pools {
                      rw4 { addrs = "10.3.0.0/24", dns = ["192.0.2.53"] }
                      rw6 { addrs = "fd00:3::/120" }
                    }""", "[\"rw4\", \"rw6\"]");
            StrongSwanPeer strongSwan = startStrongSwan(lab, topology);
            strongSwan.loadConfig(client("lab", "net", CLIENT_ID, topology));

            // HDR, SK {IDi, AUTH, CP(CFG_REQUEST), SAi2, TSi, TSr}  -->
            //      <--  HDR, SK {IDr, AUTH, CP(CFG_REPLY), SAr2, TSi, TSr}
            strongSwan.initiate("net");

            IkeSaStatus established = strongSwan.ikeSa("lab").orElseThrow();
            ChildSaStatus child = established.child("net");
            assertThat(child.localTs()).containsExactly("10.3.0.1/32", "fd00:3::1/128");
            assertThat(child.remoteTs()).containsExactly(topology.responderInnerSubnet(), NODE_INNER_IPV6);
            assertThat(strongSwan.log()).contains("installing new virtual IP 10.3.0.1");
            assertThat(strongSwan.log()).contains("installing new virtual IP fd00:3::1");
            NodeSa onNode = awaitNodeSa(node);
            assertThat(onNode.virtualIps()).containsExactly("10.3.0.1", "fd00:3::1");
            assertThat(onNode.child("net").remoteTs()).containsExactly("10.3.0.1/32", "fd00:3::1/128");

            // HDR, SK {D}  -->   then a new IKE SA with the same identity gets the same addresses
            strongSwan.terminateIke("lab");
            awaitNoNodeSa(node);
            strongSwan.initiate("net");

            ChildSaStatus again = strongSwan.ikeSa("lab").orElseThrow().child("net");
            assertThat(again.localTs()).containsExactly("10.3.0.1/32", "fd00:3::1/128");
        }
        assertThat(NetworkLab.namespacesStartingWith(prefix)).isEmpty();
    }

    @Test
    void exhaustedPoolGivesInternalAddressFailure() {
        String prefix;
        try (NetworkLab lab = NetworkLab.create(workDir)) {
            prefix = lab.namespacePrefix();
            LabTopology topology = LabTopology.direct(lab);
            ConcentratorNode node = startNode(lab, topology, """
                    pools { one { addrs = "10.3.0.7/32" } }""", "[\"one\"]");
            StrongSwanPeer strongSwan = startStrongSwan(lab, topology);
            strongSwan.loadConfigs(List.of(client("lab", "net", CLIENT_ID, topology),
                    client("lab2", "net2", OTHER_CLIENT_ID, topology)));
            strongSwan.initiate("net");
            assertThat(strongSwan.ikeSa("lab").orElseThrow().child("net").localTs()).containsExactly("10.3.0.7/32");

            // HDR, SK {IDi, AUTH, CP(CFG_REQUEST), SAi2, TSi, TSr}  -->
            //      <--  HDR, SK {IDr, AUTH, N(INTERNAL_ADDRESS_FAILURE)}
            assertThatThrownBy(() -> strongSwan.initiate("net2")).isInstanceOf(AssertionError.class);

            assertThat(strongSwan.log()).contains("received INTERNAL_ADDRESS_FAILURE notify");
            Waits.until("the node to log the failure", CONVERGENCE_TIMEOUT,
                    () -> node.output().contains("no virtual IP address for '" + OTHER_CLIENT_ID + "'")
                            ? Optional.of(true) : Optional.empty(),
                    node::outputWithHeader);
        }
        assertThat(NetworkLab.namespacesStartingWith(prefix)).isEmpty();
    }

    /**
     * Starts charon with its virtual IPs installed on an interface, because the routes of its
     * CHILD SA policies use them as source addresses.
     */
    private static StrongSwanPeer startStrongSwan(NetworkLab lab, LabTopology topology) {
        StrongSwanPeer strongSwan = StrongSwanPeer.create(lab, topology.initiatorNamespace(), "strongswan")
                .charonOption("install_virtual_ip", "yes");
        strongSwan.start();
        return strongSwan;
    }

    /** Returns a client that requests an IPv4 and an IPv6 address and both of the node's subnets. */
    private static SwanctlConfig client(String connection, String child, String id, LabTopology topology) {
        return SwanctlConfig.builder(connection, child)
                .localAddrs(topology.initiatorAddress())
                .remoteAddrs(topology.responderAddress())
                .proposals(PROPOSAL)
                .espProposals(ESP_PROPOSAL)
                .localId(id)
                .remoteId(NODE_ID)
                .psk(PSK)
                .vips("0.0.0.0", "::")
                .remoteTs(topology.responderInnerSubnet(), NODE_INNER_IPV6)
                .startAction("none")
                .build();
    }

    private static ConcentratorNode startNode(NetworkLab lab, LabTopology topology, String pools,
                                              String connectionPools) {
        NodeConfig config = new NodeConfig(
                List.of(topology.responderAddress()), 500, 4500, MANAGEMENT_PORT,
                "rw", List.of(PROPOSAL), NODE_ID, "%any",
                "net", List.of(topology.responderInnerSubnet(), NODE_INNER_IPV6), List.of("dynamic"),
                List.of(ESP_PROPOSAL), PSK, List.of(), "pools = " + connectionPools, "", pools);
        return ConcentratorNode.start(lab, topology.responderNamespace(), config);
    }

    private static NodeSa awaitNodeSa(ConcentratorNode node) {
        return Waits.until("the node to list one IKE SA with its CHILD SA", CONVERGENCE_TIMEOUT, () -> {
            List<NodeSa> sas = node.listSas();
            return sas.size() == 1 && sas.get(0).children().size() == 1 ? Optional.of(sas.get(0)) : Optional.empty();
        }, () -> "node SAs: " + node.listSas() + "\n" + node.outputWithHeader());
    }

    private static void awaitNoNodeSa(ConcentratorNode node) {
        Waits.until("the node to remove every IKE SA", CONVERGENCE_TIMEOUT,
                () -> node.listSas().isEmpty() ? Optional.of(true) : Optional.empty(),
                () -> "node SAs: " + node.listSas() + "\n" + node.outputWithHeader());
    }
}
