package org.ikec.node.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import org.ikec.node.pki.PemPki;
import org.ikec.node.pki.PemPki.Credential;
import org.ikec.node.pki.PemPki.KeyType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * strongSwan 5.9.8 as a remote-access client of a node that authenticates with its certificate:
 * the client authenticates with EAP-MSCHAPv2, with EAP-TLS, or with its own certificate, and
 * requests an IPv4 and an IPv6 virtual IP ({@code vips = 0.0.0.0, ::}). Each time it gets the
 * first address of each pool, and the CHILD SA's TSi is narrowed to those addresses (RFC 7296
 * §2.9, §3.15).
 */
@Tag("interop")
@RequiresLab
class StrongSwanRemoteAccessInteropTest {

    private static final String NODE_ID = "gw.ikec.test";
    private static final String CLIENT_ID = "client1.ikec.test";
    private static final String EAP_USER = "alice";
    private static final String PASSWORD = "alice-Pa55word";
    private static final String PROPOSAL = "aes256gcm16-prfsha256-x25519";
    private static final String ESP_PROPOSAL = "aes256gcm16";
    private static final String ADDRESS_4 = "10.3.0.1";
    private static final String ADDRESS_6 = "fd00:3::1";
    private static final int MANAGEMENT_PORT = 7500;
    private static final String CHARON_PLUGINS = "random nonce openssl aes sha1 sha2 md4 des hmac gcm chapoly"
            + " curve25519 gmp kdf pem pkcs1 pkcs8 x509 pubkey constraints revocation kernel-libipsec"
            + " kernel-netlink socket-default vici eap-identity eap-mschapv2 eap-tls";

    /** Kept when a test fails, so the charon and node logs can be read. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path workDir;

    @BeforeEach
    void requireEapPlugins() {
        CharonPlugins.require("eap-identity", "eap-mschapv2", "eap-tls");
    }

    @Test
    void eapMsChapV2ClientGetsBothAddresses() {
        establishWithVirtualIps("remote { auth = eap-mschapv2, id = \"%%any\", eap_id = \"%%any\" }",
                "eap-alice { id = " + EAP_USER + ", secret = \"" + PASSWORD + "\" }",
                builder -> builder.eapMsChapV2(EAP_USER, PASSWORD, "ca.pem"),
                "EAP method EAP_MSCHAPV2 succeeded, MSK established");
    }

    @Test
    void eapTlsClientGetsBothAddresses() {
        establishWithVirtualIps("remote { auth = eap-tls, id = \"%%any\", cacerts = [\"%3$s\"] }", "",
                builder -> builder.eapTls("client.pem", "ca.pem", NODE_ID),
                "EAP method EAP_TLS succeeded, MSK established");
    }

    @Test
    void certificateClientGetsBothAddresses() {
        establishWithVirtualIps("remote { auth = pubkey, id = \"%%any\", cacerts = [\"%3$s\"] }", "",
                builder -> builder.certificates("pubkey", "client.pem", "ca.pem"),
                "authentication of '" + NODE_ID + "' with ECDSA_WITH_SHA256_DER successful");
    }

    /**
     * Starts the node with {@code remoteSection} (a format with the certificate, identity and CA
     * files as arguments 1 to 3) and the EAP users in {@code users}, connects strongSwan with
     * {@code clientAuth} and both virtual IPs requested, and checks the addresses on both sides.
     */
    private void establishWithVirtualIps(String remoteSection, String users, UnaryOperator<SwanctlConfig.Builder> clientAuth,
                                         String clientLogLine) {
        String prefix;
        try (NetworkLab lab = NetworkLab.create(workDir)) {
            prefix = lab.namespacePrefix();
            LabTopology topology = LabTopology.direct(lab);
            PemPki pki = new PemPki(workDir);
            Credential ca = pki.ca("C=CH, O=ikec test, CN=ikec test CA", KeyType.P_256);
            ConcentratorNode node = startNode(lab, topology, pki, ca, remoteSection, users);
            StrongSwanPeer strongSwan = startStrongSwan(lab, topology, ca, clientAuth);

            // HDR, SK {IDi, [CERT,] CP(CFG_REQUEST), IDr, [AUTH,] SAi2, TSi, TSr}  -->
            //      (EAP rounds when the client authenticates with EAP)
            //      <--  HDR, SK {[IDr, CERT,] AUTH, CP(CFG_REPLY), SAr2, TSi, TSr}
            strongSwan.initiate("net");

            IkeSaStatus established = strongSwan.ikeSa("lab").orElseThrow();
            assertThat(established.state()).isEqualTo("ESTABLISHED");
            assertThat(established.child("net").state()).isEqualTo("INSTALLED");
            assertThat(established.child("net").localTs()).containsExactly(ADDRESS_4 + "/32", ADDRESS_6 + "/128");
            assertThat(strongSwan.log()).contains(clientLogLine);
            assertThat(strongSwan.log()).contains("installing new virtual IP " + ADDRESS_4);
            assertThat(strongSwan.log()).contains("installing new virtual IP " + ADDRESS_6);
            NodeSa onNode = awaitNodeSa(node);
            assertThat(onNode.remoteId()).isEqualTo(CLIENT_ID);
            assertThat(onNode.virtualIps()).containsExactly(ADDRESS_4, ADDRESS_6);
            assertThat(node.output()).doesNotContain(PASSWORD);
        }
        assertThat(NetworkLab.namespacesStartingWith(prefix)).isEmpty();
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

    private ConcentratorNode startNode(NetworkLab lab, LabTopology topology, PemPki pki, Credential ca,
                                       String remoteSection, String users) {
        Credential gw = pki.endEntity(ca, "C=CH, O=ikec test, CN=" + NODE_ID, KeyType.P_256, NODE_ID);
        Path certFile = pki.write("node-gw.pem", gw.certificate());
        Path keyFile = pki.write("node-gw.key", gw.keys().getPrivate());
        Path caFile = pki.write("node-ca.pem", ca.certificate());

        String connectionExtras = ("local { auth = pubkey, certs = [\"%1$s\"], id = \"%2$s\" }\n" + remoteSection
                + "\npools = [\"rw4\", \"rw6\"]\n").formatted(certFile, NODE_ID, caFile);
        String nodeExtras = """
                secrets {
                  gw-key { file = "%s" }
                  %s
                }
                pools {
                  rw4 { addrs = "10.3.0.0/24" }
                  rw6 { addrs = "fd00:3::/120" }
                }
                """.formatted(keyFile, users);
        NodeConfig config = new NodeConfig(
                List.of(topology.responderAddress()), 500, 4500, MANAGEMENT_PORT,
                "rw", List.of(PROPOSAL), NODE_ID, "%any",
                "net", List.of(topology.responderInnerSubnet()), List.of("dynamic"),
                List.of(ESP_PROPOSAL), "unused-psk-of-the-template", List.of(), connectionExtras, "", nodeExtras);
        return ConcentratorNode.start(lab, topology.responderNamespace(), config);
    }

    private static StrongSwanPeer startStrongSwan(NetworkLab lab, LabTopology topology, Credential ca,
                                                  UnaryOperator<SwanctlConfig.Builder> clientAuth) {
        StrongSwanPeer strongSwan = StrongSwanPeer.create(lab, topology.initiatorNamespace(), "strongswan")
                .charonOption("install_virtual_ip", "yes");
        strongSwan.charonOption("load", CHARON_PLUGINS);
        strongSwan.start();
        PemPki pki = new PemPki(lab.workDir().resolve("strongswan"));
        Credential client = pki.endEntity(ca, "C=CH, O=ikec test, CN=" + CLIENT_ID, KeyType.P_256, CLIENT_ID);
        pki.write("x509ca/ca.pem", ca.certificate());
        pki.write("x509/client.pem", client.certificate());
        pki.write("pkcs8/client.key", client.keys().getPrivate());
        SwanctlConfig.Builder builder = SwanctlConfig.builder("lab", "net")
                .localAddrs(topology.initiatorAddress())
                .remoteAddrs(topology.responderAddress())
                .proposals(PROPOSAL)
                .espProposals(ESP_PROPOSAL)
                .localId(CLIENT_ID)
                .remoteId(NODE_ID)
                .vips("0.0.0.0", "::")
                .remoteTs(topology.responderInnerSubnet())
                .startAction("none");
        strongSwan.loadConfig(clientAuth.apply(builder).build());
        return strongSwan;
    }
}
