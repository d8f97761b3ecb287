package org.ikec.node.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ikec.node.interop.EapTlsClient.CLIENT_ID;
import static org.ikec.node.interop.EapTlsClient.ESP_PROPOSAL;
import static org.ikec.node.interop.EapTlsClient.NODE_ID;
import static org.ikec.node.interop.EapTlsClient.PROPOSAL;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

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
 * strongSwan 5.9.8 as an EAP-TLS client (RFC 5216) with its own certificate against the node
 * with {@code remote { auth = eap-radius }}, which relays the TLS records inside EAP to FreeRADIUS
 * 3.2 (RFC 3579). FreeRADIUS runs in the node's network namespace on its loopback address, checks
 * the client's certificate against the test's CA and derives the MSK, which it returns as MPPE
 * keys. The node gives the client an address from its pool, since the Access-Accept has no
 * Framed-IP-Address.
 */
@Tag("interop")
@RequiresLab
class StrongSwanEapTlsRadiusInteropTest {

    /** The identity in FreeRADIUS's TLS certificate, which charon checks as {@code local.aaa_id}. */
    private static final String RADIUS_ID = "radius.ikec.test";
    private static final String RADIUS_SECRET = "radius-s3cret";
    /** The first address of the node's pool {@code rw4}. */
    private static final String POOL_ADDRESS = "10.3.0.1";
    private static final int MANAGEMENT_PORT = 7500;
    /** FreeRADIUS's port on the loopback address of the node's namespace. */
    private static final int RADIUS_PORT = 18120;
    private static final Duration RADIUS_START_TIMEOUT = Duration.ofSeconds(20);
    /** Two metrics ticks of one second, and time for the scrape. */
    private static final Duration METRICS_TIMEOUT = Duration.ofSeconds(10);

    /** Kept when a test fails, so the charon, FreeRADIUS and node logs can be read. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path workDir;

    private Credential ca;

    /** Fails under CI=true, and skips otherwise, when charon's EAP plugins or FreeRADIUS are missing. */
    @BeforeEach
    void requireEapPluginsAndFreeRadius() {
        FreeRadiusProcess.binary();
        CharonPlugins.require("eap-identity", "eap-tls");
    }

    @Test
    void clientCertificateEstablishesWithPoolAddress() {
        String prefix;
        try (NetworkLab lab = NetworkLab.create(workDir)) {
            prefix = lab.namespacePrefix();
            LabTopology topology = LabTopology.direct(lab);
            ConcentratorNode node = startNode(lab, topology);
            startFreeRadius(lab, topology);
            StrongSwanPeer strongSwan = EapTlsClient.start(lab, topology, ca, ca, RADIUS_ID);

            establish(strongSwan);

            IkeSaStatus established = strongSwan.ikeSa("lab").orElseThrow();
            assertThat(established.state()).isEqualTo("ESTABLISHED");
            assertThat(established.child("net").state()).isEqualTo("INSTALLED");
            assertThat(established.child("net").localTs()).containsExactly(POOL_ADDRESS + "/32");
            assertThat(strongSwan.log()).contains("received TLS server certificate 'C=CH, O=ikec test, CN="
                    + RADIUS_ID + "'");
            assertThat(strongSwan.log()).contains("sending TLS client certificate 'C=CH, O=ikec test, CN="
                    + CLIENT_ID + "'");
            assertThat(strongSwan.log()).contains("EAP method EAP_TLS succeeded, MSK established");
            assertThat(strongSwan.log()).contains("authentication of '" + NODE_ID + "' with EAP successful");
            assertThat(strongSwan.log()).contains("installing new virtual IP " + POOL_ADDRESS);
            NodeSa onNode = awaitNodeSa(node);
            assertThat(onNode.connection()).isEqualTo("rw");
            assertThat(onNode.remoteId()).isEqualTo(CLIENT_ID);
            assertThat(onNode.virtualIps()).containsExactly(POOL_ADDRESS);
            assertThat(onNode.children()).hasSize(1);
            awaitMetric(node, "ikec_radius_accepts_total{server=\"127.0.0.1:" + RADIUS_PORT + "\"}", 1.0);
            assertThat(node.output()).doesNotContain(RADIUS_SECRET);
        }
        assertThat(NetworkLab.namespacesStartingWith(prefix)).isEmpty();
    }

    @Test
    void otherCaClientCertificateRejected() {
        String prefix;
        try (NetworkLab lab = NetworkLab.create(workDir)) {
            prefix = lab.namespacePrefix();
            LabTopology topology = LabTopology.direct(lab);
            ConcentratorNode node = startNode(lab, topology);
            LabProcess radius = startFreeRadius(lab, topology);
            Credential otherCa = new PemPki(workDir).ca("C=CH, O=other, CN=other CA", KeyType.P_256);
            StrongSwanPeer strongSwan = EapTlsClient.start(lab, topology, ca, otherCa, RADIUS_ID);

            // HDR, SK {EAP(Response/TLS Certificate, ClientKeyExchange, CertificateVerify, Finished)}  -->
            //                                         Access-Request {State}  -->
            //                                         <--  Access-Reject {EAP(Failure)}
            //      <--  HDR, SK {EAP(Failure), N(AUTHENTICATION_FAILED)}
            assertThatThrownBy(() -> strongSwan.initiate("net")).isInstanceOf(AssertionError.class);

            assertThat(strongSwan.log()).contains("sending TLS client certificate 'C=CH, O=ikec test, CN="
                    + CLIENT_ID + "'");
            assertThat(strongSwan.log()).contains("received AUTHENTICATION_FAILED notify error");
            assertThat(strongSwan.log()).doesNotContain("MSK established");
            assertThat(read(radius.outputFile()))
                    .contains("OpenSSL says error 20 : unable to get local issuer certificate")
                    .contains("send TLS 1.2 Alert, fatal unknown_ca");
            String rejection = "IKE_AUTH failed with AUTHENTICATION_FAILED: EAP-RADIUS failed: RADIUS Access-Reject"
                    + " for '" + CLIENT_ID + "'";
            Waits.until("the node to log the rejection", StrongSwanPeer.EXCHANGE_TIMEOUT,
                    () -> node.output().contains(rejection) ? Optional.of(true) : Optional.empty(),
                    node::outputWithHeader);
            awaitMetric(node, "ikec_radius_rejects_total{server=\"127.0.0.1:" + RADIUS_PORT + "\"}", 1.0);
            assertThat(node.metric("ikec_radius_accepts_total{server=\"127.0.0.1:" + RADIUS_PORT + "\"}"))
                    .hasValue(0.0);
            assertThat(node.listSas()).isEmpty();
        }
        assertThat(NetworkLab.namespacesStartingWith(prefix)).isEmpty();
    }

    /** Runs IKE_SA_INIT and IKE_AUTH, whose EAP-TLS rounds the node relays to FreeRADIUS. */
    private static void establish(StrongSwanPeer strongSwan) {
        // HDR, SK {IDi, CP(CFG_REQUEST), IDr, SAi2, TSi, TSr}  -->
        //      <--  HDR, SK {IDr, CERT, AUTH, EAP(Request/Identity)}
        // HDR, SK {EAP(Response/Identity)}  -->   Access-Request  -->
        //                                         <--  Access-Challenge {EAP(Request/TLS Start), State}
        //      <--  HDR, SK {EAP(Request/TLS Start)}
        // HDR, SK {EAP(Response/TLS ClientHello)}  -->   Access-Request {State}  -->
        //                  <--  Access-Challenge {EAP(Request/TLS ServerHello, Certificate, ...), State}
        //      (more rounds while either side sends its TLS flight in fragments)
        // HDR, SK {EAP(Response/TLS Certificate, ClientKeyExchange, CertificateVerify, Finished)}  -->
        //                                         Access-Request {State}  -->
        //                  <--  Access-Challenge {EAP(Request/TLS ChangeCipherSpec, Finished), State}
        // HDR, SK {EAP(Response/TLS)}  -->   Access-Request {State}  -->
        //                  <--  Access-Accept {EAP(Success), MS-MPPE-Recv-Key, MS-MPPE-Send-Key}
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

    /**
     * Starts FreeRADIUS in the node's namespace with EAP-TLS, a server certificate for
     * {@link #RADIUS_ID} from the test's CA and that CA for client certificates, and waits until it
     * listens. The users file is empty because the certificate alone authenticates the client.
     */
    private LabProcess startFreeRadius(NetworkLab lab, LabTopology topology) {
        Path dir = workDir.resolve("freeradius");
        LabProcess radius;
        try {
            Files.createDirectories(dir);
            PemPki pki = new PemPki(dir);
            Credential server = pki.endEntity(ca, "C=CH, O=ikec test, CN=" + RADIUS_ID, KeyType.P_256, RADIUS_ID);
            FreeRadiusProcess.writeTlsConfig(dir, RADIUS_PORT, RADIUS_SECRET,
                    pki.write("server.pem", server.certificate()), pki.write("server.key", server.keys().getPrivate()),
                    pki.write("ca.pem", ca.certificate()), "# EAP-TLS needs no users\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        radius = lab.start(topology.responderNamespace(), "freeradius",
                List.of(FreeRadiusProcess.binary().toString(), "-X", "-d", dir.toString()));

        Waits.until("FreeRADIUS to listen", RADIUS_START_TIMEOUT,
                () -> read(radius.outputFile()).contains(FreeRadiusProcess.READY_LINE) ? Optional.of(true)
                        : Optional.empty(),
                () -> read(radius.outputFile()));
        return radius;
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** Starts the node with its certificate, eap-radius for the peer, the pool rw4 and FreeRADIUS as its server. */
    private ConcentratorNode startNode(NetworkLab lab, LabTopology topology) {
        PemPki pki = new PemPki(workDir);
        ca = pki.ca("C=CH, O=ikec test, CN=ikec test CA", KeyType.P_256);
        Credential gw = pki.endEntity(ca, "C=CH, O=ikec test, CN=" + NODE_ID, KeyType.P_256, NODE_ID);
        Path certFile = pki.write("node-gw.pem", gw.certificate());
        Path keyFile = pki.write("node-gw.key", gw.keys().getPrivate());

        String connectionExtras = """
                local { auth = pubkey, certs = ["%s"], id = "%s" }
                remote { auth = eap-radius, id = "%%any" }
                pools = ["rw4"]
                """.formatted(certFile, NODE_ID);
        String nodeExtras = """
                secrets { gw-key { file = "%s" } }
                pools { rw4 { addrs = "10.3.0.0/24" } }
                eap-radius {
                  servers = [ { address = "127.0.0.1", port = %d, secret = "%s", timeout = 2s, tries = 1 } ]
                  nas-identifier = "ikec-lab"
                }
                metrics { tick-interval = 1s }
                """.formatted(keyFile, RADIUS_PORT, RADIUS_SECRET);
        NodeConfig config = new NodeConfig(
                List.of(topology.responderAddress()), 500, 4500, MANAGEMENT_PORT,
                "rw", List.of(PROPOSAL), NODE_ID, "%any",
                "net", List.of(topology.responderInnerSubnet()), List.of("dynamic"),
                List.of(ESP_PROPOSAL), "unused-psk-of-the-template", List.of(), connectionExtras, "", nodeExtras);
        return ConcentratorNode.start(lab, topology.responderNamespace(), config);
    }
}
