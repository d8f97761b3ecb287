package org.ikec.node.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.ikec.node.pki.PemPki;
import org.ikec.node.pki.PemPki.Credential;
import org.ikec.node.pki.PemPki.KeyType;
import org.ikec.node.radius.FreeRadiusProcess;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * strongSwan 5.9.8 as an EAP-MSCHAPv2 client against the node with {@code remote { auth =
 * eap-radius }}, which relays EAP to a FreeRADIUS 3.x (RFC 3579). FreeRADIUS runs in the node's
 * network namespace on its loopback address, where the node reaches it, and checks alice's
 * password from its users file, which also gives her a Framed-IP-Address. The users file gives
 * bob the same address, so that a second client finds it leased.
 */
@Tag("interop")
@RequiresLab
class StrongSwanEapRadiusInteropTest {

    private static final String NODE_ID = "gw.ikec.test";
    private static final String CLIENT_ID = "client1.ikec.test";
    private static final String PROPOSAL = "aes256gcm16-prfsha256-x25519";
    private static final String ESP_PROPOSAL = "aes256gcm16";
    private static final String PASSWORD = "alice-Pa55word";
    private static final String OTHER_CLIENT_ID = "client2.ikec.test";
    private static final String BOB_PASSWORD = "bob-Pa55word";
    private static final String RADIUS_SECRET = "radius-s3cret";
    /** Alice's address from FreeRADIUS, outside the node's pool, so it cannot come from the pool. */
    private static final String FRAMED_IP = "10.4.0.9";
    /** An address for alice inside the node's pool rw4 (10.3.0.0/24), which the pool leases to her IKE SA. */
    private static final String FRAMED_IP_IN_POOL = "10.3.0.77";
    private static final int MANAGEMENT_PORT = 7500;
    /** FreeRADIUS's port on the loopback address of the node's namespace. */
    private static final int RADIUS_PORT = 18120;
    /** A port on the same loopback address where nothing listens. */
    private static final int DEAD_RADIUS_PORT = 18130;
    private static final Duration RADIUS_START_TIMEOUT = Duration.ofSeconds(20);
    /** Two metrics ticks of one second, and time for the scrape. */
    private static final Duration METRICS_TIMEOUT = Duration.ofSeconds(10);
    private static final String CHARON_PLUGINS = "random nonce openssl aes sha1 sha2 hmac gcm chapoly curve25519 gmp"
            + " kdf pem pkcs1 pkcs8 x509 pubkey constraints revocation kernel-libipsec kernel-netlink socket-default"
            + " vici eap-identity eap-mschapv2";

    /** Kept when a test fails, so the charon, FreeRADIUS and node logs can be read. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path workDir;

    private Credential ca;
    private Path certFile;
    private Path keyFile;

    /** Fails under CI=true, and skips otherwise, when charon's EAP plugins or FreeRADIUS are missing. */
    @BeforeEach
    void requireEapPluginsAndFreeRadius() {
        FreeRadiusProcess.binary();
        CharonPlugins.require("eap-identity", "eap-mschapv2");
    }

    @Test
    void radiusAcceptEstablishesWithFramedIp() {
        String prefix;
        try (NetworkLab lab = NetworkLab.create(workDir)) {
            prefix = lab.namespacePrefix();
            LabTopology topology = LabTopology.direct(lab);
            startFreeRadius(lab, topology, FRAMED_IP);
            ConcentratorNode node = startNode(lab, topology, List.of(RADIUS_PORT));
            StrongSwanPeer strongSwan = startStrongSwan(lab, topology, PASSWORD);

            establish(strongSwan);

            IkeSaStatus established = strongSwan.ikeSa("lab").orElseThrow();
            assertThat(established.state()).isEqualTo("ESTABLISHED");
            assertThat(established.child("net").localTs()).containsExactly(FRAMED_IP + "/32");
            assertThat(strongSwan.log()).contains("EAP method EAP_MSCHAPV2 succeeded, MSK established");
            assertThat(strongSwan.log()).contains("authentication of '" + NODE_ID + "' with EAP successful");
            assertThat(strongSwan.log()).contains("installing new virtual IP " + FRAMED_IP);
            NodeSa onNode = awaitNodeSa(node);
            assertThat(onNode.connection()).isEqualTo("rw");
            assertThat(onNode.remoteId()).isEqualTo(CLIENT_ID);
            assertThat(onNode.virtualIps()).containsExactly(FRAMED_IP);
            assertThat(onNode.children()).hasSize(1);
            assertThat(node.output()).doesNotContain(PASSWORD).doesNotContain(RADIUS_SECRET);
        }
        assertThat(NetworkLab.namespacesStartingWith(prefix)).isEmpty();
    }

    @Test
    void framedIpInsidePoolIsLeased() {
        String prefix;
        try (NetworkLab lab = NetworkLab.create(workDir)) {
            prefix = lab.namespacePrefix();
            LabTopology topology = LabTopology.direct(lab);
            startFreeRadius(lab, topology, FRAMED_IP_IN_POOL);
            ConcentratorNode node = startNode(lab, topology, List.of(RADIUS_PORT));
            StrongSwanPeer strongSwan = startStrongSwan(lab, topology, PASSWORD);

            establish(strongSwan);

            assertThat(strongSwan.log()).contains("installing new virtual IP " + FRAMED_IP_IN_POOL);
            NodeSa onNode = awaitNodeSa(node);
            assertThat(onNode.virtualIps()).containsExactly(FRAMED_IP_IN_POOL);
            assertThat(node.poolsJson()).contains("{\"pool\":\"rw4\",\"size\":254,\"leased\":1,\"free\":253,");

            // <--  HDR, SK {D}   HDR, SK {}  -->
            node.terminate(onNode.id());
            Waits.until("the pool to free " + FRAMED_IP_IN_POOL, StrongSwanPeer.EXCHANGE_TIMEOUT,
                    () -> node.poolsJson().contains("\"leased\":0,") ? Optional.of(true) : Optional.empty(),
                    () -> node.poolsJson() + "\n" + node.outputWithHeader());
        }
        assertThat(NetworkLab.namespacesStartingWith(prefix)).isEmpty();
    }

    @Test
    void framedIpInUseGivesAddressFailure() {
        String prefix;
        try (NetworkLab lab = NetworkLab.create(workDir)) {
            prefix = lab.namespacePrefix();
            LabTopology topology = LabTopology.direct(lab);
            startFreeRadius(lab, topology, FRAMED_IP_IN_POOL);
            ConcentratorNode node = startNode(lab, topology, List.of(RADIUS_PORT));
            StrongSwanPeer strongSwan = startStrongSwan(lab, topology, List.of(
                    client("lab", "net", CLIENT_ID, "alice", PASSWORD, topology),
                    client("lab2", "net2", OTHER_CLIENT_ID, "bob", BOB_PASSWORD, topology)));
            establish(strongSwan);
            NodeSa alice = awaitNodeSa(node);

            // bob's EAP rounds, then Access-Accept {..., Framed-IP-Address 10.3.0.77, ...}
            // HDR, SK {AUTH}  -->
            //      <--  HDR, SK {AUTH, N(INTERNAL_ADDRESS_FAILURE)}
            assertThatThrownBy(() -> strongSwan.initiate("net2")).isInstanceOf(AssertionError.class);

            assertThat(strongSwan.log()).contains("received INTERNAL_ADDRESS_FAILURE notify");
            String failure = "no virtual IP address for '" + OTHER_CLIENT_ID + "'";
            String reason = "the RADIUS server assigned " + FRAMED_IP_IN_POOL + ", which pool rw4 leases to IKE SA "
                    + alice.id() + " of '" + CLIENT_ID + "'";
            Waits.until("the node to log the failure", StrongSwanPeer.EXCHANGE_TIMEOUT,
                    () -> node.output().contains(reason) ? Optional.of(true) : Optional.empty(),
                    node::outputWithHeader);
            assertThat(node.output().lines().filter(line -> line.contains(FRAMED_IP_IN_POOL)
                    && line.contains(" WARN "))).singleElement().asString().contains(failure).contains(reason);
            awaitMetric(node, "ikec_child_sa_failures_total{reason=\"address_in_use\",role=\"responder\"}", 1.0);
            assertThat(node.poolsJson()).contains("{\"pool\":\"rw4\",\"size\":254,\"leased\":1,\"free\":253,");
            assertThat(strongSwan.ikeSa("lab").orElseThrow().child("net").localTs())
                    .containsExactly(FRAMED_IP_IN_POOL + "/32");
        }
        assertThat(NetworkLab.namespacesStartingWith(prefix)).isEmpty();
    }

    @Test
    void radiusRejectFailsWithAuthenticationFailed() {
        String prefix;
        try (NetworkLab lab = NetworkLab.create(workDir)) {
            prefix = lab.namespacePrefix();
            LabTopology topology = LabTopology.direct(lab);
            startFreeRadius(lab, topology, FRAMED_IP);
            ConcentratorNode node = startNode(lab, topology, List.of(RADIUS_PORT));
            StrongSwanPeer strongSwan = startStrongSwan(lab, topology, "not-alices-password");

            // HDR, SK {EAP(Response/MS-CHAPv2 Response)}  -->   Access-Request  -->
            //                                                    <--  Access-Reject {EAP(Failure)}
            //      <--  HDR, SK {EAP(Failure), N(AUTHENTICATION_FAILED)}
            assertThatThrownBy(() -> strongSwan.initiate("net")).isInstanceOf(AssertionError.class);

            assertThat(strongSwan.log()).contains("received AUTHENTICATION_FAILED notify error");
            String rejection = "IKE_AUTH failed with AUTHENTICATION_FAILED: EAP-RADIUS failed: RADIUS Access-Reject"
                    + " for 'alice'";
            Waits.until("the node to log the rejection", StrongSwanPeer.EXCHANGE_TIMEOUT,
                    () -> node.output().contains(rejection) ? Optional.of(true) : Optional.empty(),
                    node::outputWithHeader);
            awaitMetric(node, "ikec_radius_rejects_total{server=\"127.0.0.1:" + RADIUS_PORT + "\"}", 1.0);
            assertThat(node.output()).doesNotContain("not-alices-password").doesNotContain(RADIUS_SECRET);
            assertThat(node.listSas()).isEmpty();
        }
        assertThat(NetworkLab.namespacesStartingWith(prefix)).isEmpty();
    }

    @Test
    void deadFirstServerFailsOverToFreeRadius() {
        String prefix;
        try (NetworkLab lab = NetworkLab.create(workDir)) {
            prefix = lab.namespacePrefix();
            LabTopology topology = LabTopology.direct(lab);
            startFreeRadius(lab, topology, FRAMED_IP);
            ConcentratorNode node = startNode(lab, topology, List.of(DEAD_RADIUS_PORT, RADIUS_PORT));
            StrongSwanPeer strongSwan = startStrongSwan(lab, topology, PASSWORD);

            establish(strongSwan);

            assertThat(strongSwan.ikeSa("lab").orElseThrow().state()).isEqualTo("ESTABLISHED");
            NodeSa onNode = awaitNodeSa(node);
            assertThat(onNode.virtualIps()).containsExactly(FRAMED_IP);
            awaitMetric(node, "ikec_radius_failovers_total{server=\"127.0.0.1:" + DEAD_RADIUS_PORT + "\"}", 1.0);
            awaitMetric(node, "ikec_radius_accepts_total{server=\"127.0.0.1:" + RADIUS_PORT + "\"}", 1.0);
            assertThat(node.metric("ikec_radius_accepts_total{server=\"127.0.0.1:" + DEAD_RADIUS_PORT + "\"}"))
                    .hasValue(0.0);
        }
        assertThat(NetworkLab.namespacesStartingWith(prefix)).isEmpty();
    }

    @Test
    void noRadiusServerFailsWithAuthenticationFailed() {
        String prefix;
        try (NetworkLab lab = NetworkLab.create(workDir)) {
            prefix = lab.namespacePrefix();
            LabTopology topology = LabTopology.direct(lab);
            ConcentratorNode node = startNode(lab, topology, List.of(DEAD_RADIUS_PORT));
            StrongSwanPeer strongSwan = startStrongSwan(lab, topology, PASSWORD);

            // HDR, SK {EAP(Response/Identity)}  -->   Access-Request  -->   (no response within 1 s)
            //      <--  HDR, SK {EAP(Failure), N(AUTHENTICATION_FAILED)}
            assertThatThrownBy(() -> strongSwan.initiate("net")).isInstanceOf(AssertionError.class);

            assertThat(strongSwan.log()).contains("received AUTHENTICATION_FAILED notify error");
            String failure = "IKE_AUTH failed with AUTHENTICATION_FAILED: EAP-RADIUS failed: RADIUS request failed:"
                    + " no RADIUS server responded; tried /127.0.0.1:" + DEAD_RADIUS_PORT;
            Waits.until("the node to log the failure", StrongSwanPeer.EXCHANGE_TIMEOUT,
                    () -> node.output().contains(failure) ? Optional.of(true) : Optional.empty(),
                    node::outputWithHeader);
            assertThat(node.output().lines().filter(line -> line.contains(" WARN ")
                    && line.contains("no RADIUS server responded"))).singleElement().asString().endsWith(failure);
            awaitMetric(node, "ikec_radius_timeouts_total{server=\"127.0.0.1:" + DEAD_RADIUS_PORT + "\"}", 1.0);
            assertThat(node.listSas()).isEmpty();
        }
        assertThat(NetworkLab.namespacesStartingWith(prefix)).isEmpty();
    }

    @Test
    void reloadedServerServesNextClient() {
        String prefix;
        try (NetworkLab lab = NetworkLab.create(workDir)) {
            prefix = lab.namespacePrefix();
            LabTopology topology = LabTopology.direct(lab);
            startFreeRadius(lab, topology, FRAMED_IP);
            ConcentratorNode node = startNode(lab, topology, List.of(DEAD_RADIUS_PORT), "stale-secret");
            StrongSwanPeer strongSwan = startStrongSwan(lab, topology, PASSWORD);

            String reloaded = node.reload(radiusNodeConfig(topology, List.of(RADIUS_PORT), RADIUS_SECRET));
            establish(strongSwan);

            assertThat(reloaded).contains("  RADIUS servers changed; new EAP conversations use them, and"
                    + " conversations in progress finish on the previous ones\n");
            assertThat(strongSwan.ikeSa("lab").orElseThrow().state()).isEqualTo("ESTABLISHED");
            assertThat(awaitNodeSa(node).virtualIps()).containsExactly(FRAMED_IP);
            awaitMetric(node, "ikec_radius_accepts_total{server=\"127.0.0.1:" + RADIUS_PORT + "\"}", 1.0);
            assertThat(node.output()).contains("RADIUS servers replaced");
            assertThat(node.output()).doesNotContain(RADIUS_SECRET).doesNotContain("stale-secret");
        }
        assertThat(NetworkLab.namespacesStartingWith(prefix)).isEmpty();
    }

    /** Runs IKE_SA_INIT and IKE_AUTH, whose EAP rounds the node relays to FreeRADIUS. */
    private static void establish(StrongSwanPeer strongSwan) {
        // HDR, SK {IDi, CP(CFG_REQUEST), IDr, SAi2, TSi, TSr}  -->
        //      <--  HDR, SK {IDr, CERT, AUTH, EAP(Request/Identity)}
        // HDR, SK {EAP(Response/Identity)}  -->   Access-Request  -->
        //                                         <--  Access-Challenge {EAP(Request/MS-CHAPv2 Challenge), State}
        //      <--  HDR, SK {EAP(Request/MS-CHAPv2 Challenge)}
        // HDR, SK {EAP(Response/MS-CHAPv2 Response)}  -->   Access-Request {State}  -->
        //                                         <--  Access-Challenge {EAP(Request/MS-CHAPv2 Success), State}
        //      <--  HDR, SK {EAP(Request/MS-CHAPv2 Success)}
        // HDR, SK {EAP(Response/MS-CHAPv2 Success)}  -->   Access-Request {State}  -->
        //                 <--  Access-Accept {EAP(Success), Framed-IP-Address, MS-MPPE-Recv-Key, MS-MPPE-Send-Key}
        //      <--  HDR, SK {EAP(Success)}
        // HDR, SK {AUTH}  -->
        //      <--  HDR, SK {AUTH, CP(CFG_REPLY), SAr2, TSi, TSr}
        strongSwan.initiate("net");
    }

    /** Waits until the node's metrics endpoint shows {@code expected}, which it does after a tick. */
    private static void awaitMetric(ConcentratorNode node, String series, double expected) {
        Waits.until(series + " to be " + expected, METRICS_TIMEOUT,
                () -> node.metric(series).filter(value -> value == expected),
                () -> series + " is " + node.metric(series) + "\n" + node.outputWithHeader());
    }

    private static NodeSa awaitNodeSa(ConcentratorNode node) {
        return Waits.until("the node to list one established IKE SA", StrongSwanPeer.EXCHANGE_TIMEOUT,
                () -> {
                    List<NodeSa> sas = node.listSas();
                    return sas.size() == 1 && sas.get(0).state().equals("ESTABLISHED")
                            ? Optional.of(sas.get(0)) : Optional.empty();
                },
                () -> "node SAs: " + node.listSas() + "\n" + node.outputWithHeader());
    }

    /** Starts FreeRADIUS in the node's namespace, giving alice and bob {@code framedIp}, and waits until it listens. */
    private void startFreeRadius(NetworkLab lab, LabTopology topology, String framedIp) {
        Path dir = workDir.resolve("freeradius");
        LabProcess radius;
        try {
            Files.createDirectories(dir);
            FreeRadiusProcess.writeMsChapV2Config(dir, RADIUS_PORT, RADIUS_SECRET, """
                    alice Cleartext-Password := "%s"
                    \tFramed-IP-Address = %s
                    bob Cleartext-Password := "%s"
                    \tFramed-IP-Address = %s
                    """.formatted(PASSWORD, framedIp, BOB_PASSWORD, framedIp));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        radius = lab.start(topology.responderNamespace(), "freeradius",
                List.of(FreeRadiusProcess.binary().toString(), "-X", "-d", dir.toString()));

        Waits.until("FreeRADIUS to listen", RADIUS_START_TIMEOUT,
                () -> read(radius.outputFile()).contains(FreeRadiusProcess.READY_LINE) ? Optional.of(true)
                        : Optional.empty(),
                () -> read(radius.outputFile()));
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private ConcentratorNode startNode(NetworkLab lab, LabTopology topology, List<Integer> radiusPorts) {
        return startNode(lab, topology, radiusPorts, RADIUS_SECRET);
    }

    /**
     * Starts the node with its certificate, eap-radius for the peer, the pool rw4 (10.3.0.0/24)
     * and one RADIUS server per port, in that order, each with {@code radiusSecret}.
     */
    private ConcentratorNode startNode(NetworkLab lab, LabTopology topology, List<Integer> radiusPorts,
                                       String radiusSecret) {
        PemPki pki = new PemPki(workDir);
        ca = pki.ca("C=CH, O=ikec test, CN=ikec test CA", KeyType.P_256);
        Credential gw = pki.endEntity(ca, "C=CH, O=ikec test, CN=" + NODE_ID, KeyType.P_256, NODE_ID);
        certFile = pki.write("node-gw.pem", gw.certificate());
        keyFile = pki.write("node-gw.key", gw.keys().getPrivate());

        return ConcentratorNode.start(lab, topology.responderNamespace(),
                radiusNodeConfig(topology, radiusPorts, radiusSecret));
    }

    /** Returns the node's configuration for the credentials that {@link #startNode} wrote. */
    private NodeConfig radiusNodeConfig(LabTopology topology, List<Integer> radiusPorts, String radiusSecret) {
        String connectionExtras = """
                local { auth = pubkey, certs = ["%s"], id = "%s" }
                remote { auth = eap-radius, id = "%%any" }
                pools = ["rw4"]
                """.formatted(certFile, NODE_ID);
        String servers = radiusPorts.stream()
                .map(port -> "{ address = \"127.0.0.1\", port = " + port + ", secret = \"" + radiusSecret
                        + "\", timeout = 1s, tries = 1 }")
                .collect(Collectors.joining(", "));
        String nodeExtras = """
                secrets { gw-key { file = "%s" } }
                pools { rw4 { addrs = "10.3.0.0/24" } }
                eap-radius { servers = [ %s ], dead-time = 60s, nas-identifier = "ikec-lab" }
                metrics { tick-interval = 1s }
                """.formatted(keyFile, servers);
        return new NodeConfig(
                List.of(topology.responderAddress()), 500, 4500, MANAGEMENT_PORT,
                "rw", List.of(PROPOSAL), NODE_ID, "%any",
                "net", List.of(topology.responderInnerSubnet()), List.of("dynamic"),
                List.of(ESP_PROPOSAL), "unused-psk-of-the-template", List.of(), connectionExtras, "", nodeExtras);
    }

    /** Starts charon with alice's connection "lab" and its child "net". */
    private StrongSwanPeer startStrongSwan(NetworkLab lab, LabTopology topology, String password) {
        return startStrongSwan(lab, topology, List.of(client("lab", "net", CLIENT_ID, "alice", password, topology)));
    }

    private StrongSwanPeer startStrongSwan(NetworkLab lab, LabTopology topology, List<SwanctlConfig> clients) {
        StrongSwanPeer strongSwan = StrongSwanPeer.create(lab, topology.initiatorNamespace(), "strongswan")
                .charonOption("install_virtual_ip", "yes");
        strongSwan.charonOption("load", CHARON_PLUGINS);
        strongSwan.start();
        new PemPki(lab.workDir().resolve("strongswan")).write("x509ca/ca.pem", ca.certificate());
        strongSwan.loadConfigs(clients);
        return strongSwan;
    }

    /** Returns a client connection that authenticates as EAP user {@code eapUser} and requests an IPv4 address. */
    private static SwanctlConfig client(String connection, String child, String id, String eapUser, String password,
                                        LabTopology topology) {
        return SwanctlConfig.builder(connection, child)
                .localAddrs(topology.initiatorAddress())
                .remoteAddrs(topology.responderAddress())
                .proposals(PROPOSAL)
                .espProposals(ESP_PROPOSAL)
                .localId(id)
                .remoteId(NODE_ID)
                .eapMsChapV2(eapUser, password, "ca.pem")
                .vips("0.0.0.0")
                .remoteTs(topology.responderInnerSubnet())
                .startAction("none")
                .build();
    }
}
