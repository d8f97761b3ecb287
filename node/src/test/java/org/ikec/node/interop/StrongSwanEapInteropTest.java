package org.ikec.node.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.ikec.node.pki.PemPki;
import org.ikec.node.pki.PemPki.Credential;
import org.ikec.node.pki.PemPki.KeyType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * strongSwan 5.9.8 as an EAP-MSCHAPv2 client ({@code auth = eap-mschapv2}, {@code eap_id = alice})
 * against the node, which authenticates with an ECDSA P-256 certificate and checks alice's
 * password from its {@code eap-alice} secret (RFC 7296 §2.16).
 */
@Tag("interop")
@RequiresLab
class StrongSwanEapInteropTest {

    private static final String NODE_ID = "gw.ikec.test";
    private static final String CLIENT_ID = "client1.ikec.test";
    private static final String PROPOSAL = "aes256gcm16-prfsha256-x25519";
    private static final String PASSWORD = "alice-Pa55word";
    private static final int MANAGEMENT_PORT = 7500;
    /** The template's plugins plus eap-identity, which sends the Identity Response, and eap-mschapv2. */
    private static final String CHARON_PLUGINS = "random nonce openssl aes sha1 sha2 hmac gcm chapoly curve25519 gmp"
            + " kdf pem pkcs1 pkcs8 x509 pubkey constraints revocation kernel-libipsec kernel-netlink socket-default"
            + " vici eap-identity eap-mschapv2";

    /** Kept when a test fails, so the charon and node logs can be read. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path workDir;

    /** The CA of the node's certificate, which strongSwan trusts. */
    private Credential ca;

    /**
     * Checks for charon's EAP plugins, which Debian ships in libcharon-extauth-plugins and
     * libcharon-extra-plugins. Like {@link LabRequirements}, a missing plugin fails the test when
     * {@code CI} is {@code true} and skips it otherwise.
     */
    @BeforeEach
    void requireEapPlugins() {
        CharonPlugins.require("eap-identity", "eap-mschapv2");
    }

    @Test
    void strongSwanAuthenticatesWithEap() {
        String prefix;
        try (NetworkLab lab = NetworkLab.create(workDir)) {
            prefix = lab.namespacePrefix();
            LabTopology topology = LabTopology.direct(lab);
            ConcentratorNode node = startNode(lab, topology);
            StrongSwanPeer strongSwan = startStrongSwan(lab, topology, PASSWORD);

            establish(strongSwan);

            IkeSaStatus established = strongSwan.ikeSa("lab").orElseThrow();
            assertThat(established.state()).isEqualTo("ESTABLISHED");
            assertThat(established.remoteId()).isEqualTo(NODE_ID);
            assertThat(strongSwan.log()).contains("authentication of '" + NODE_ID + "' with ECDSA_WITH_SHA256_DER"
                    + " successful");
            assertThat(strongSwan.log()).contains("EAP method EAP_MSCHAPV2 succeeded, MSK established");
            assertThat(strongSwan.log()).contains("authentication of '" + NODE_ID + "' with EAP successful");
            String nodeEstablished = "IKE SA established with " + CLIENT_ID + " (";
            Waits.until("the node to log the established IKE SA", StrongSwanPeer.EXCHANGE_TIMEOUT,
                    () -> node.output().contains(nodeEstablished) ? Optional.of(true) : Optional.empty(),
                    node::outputWithHeader);
        }
        assertThat(NetworkLab.namespacesStartingWith(prefix)).isEmpty();
    }

    @Test
    void nodeListsEapSaWithChildSa() {
        String prefix;
        try (NetworkLab lab = NetworkLab.create(workDir)) {
            prefix = lab.namespacePrefix();
            LabTopology topology = LabTopology.direct(lab);
            ConcentratorNode node = startNode(lab, topology);
            StrongSwanPeer strongSwan = startStrongSwan(lab, topology, PASSWORD);

            establish(strongSwan);

            NodeSa onNode = awaitNodeSa(node);
            assertThat(onNode.connection()).isEqualTo("rw");
            assertThat(onNode.remoteId()).isEqualTo(CLIENT_ID);
            assertThat(onNode.children()).hasSize(1);
        }
        assertThat(NetworkLab.namespacesStartingWith(prefix)).isEmpty();
    }

    /** Runs IKE_SA_INIT and the EAP-MSCHAPv2 rounds of IKE_AUTH from strongSwan. */
    private static void establish(StrongSwanPeer strongSwan) {
        // HDR, SAi1, KEi, Ni  -->
        //      <--  HDR, SAr1, KEr, Nr, CERTREQ
        // HDR, SK {IDi, CERTREQ, IDr, SAi2, TSi, TSr}  -->
        //      <--  HDR, SK {IDr, CERT, AUTH, EAP(Request/Identity)}
        // HDR, SK {EAP(Response/Identity)}  -->
        //      <--  HDR, SK {EAP(Request/MS-CHAPv2 Challenge)}
        // HDR, SK {EAP(Response/MS-CHAPv2 Response)}  -->
        //      <--  HDR, SK {EAP(Request/MS-CHAPv2 Success)}
        // HDR, SK {EAP(Response/MS-CHAPv2 Success)}  -->
        //      <--  HDR, SK {EAP(Success)}
        // HDR, SK {AUTH}  -->
        //      <--  HDR, SK {AUTH, SAr2, TSi, TSr}
        strongSwan.initiate("net");
    }

    @Test
    void wrongPasswordFailsWithAuthenticationFailed() {
        String prefix;
        try (NetworkLab lab = NetworkLab.create(workDir)) {
            prefix = lab.namespacePrefix();
            LabTopology topology = LabTopology.direct(lab);
            ConcentratorNode node = startNode(lab, topology);
            StrongSwanPeer strongSwan = startStrongSwan(lab, topology, "not-alices-password");

            // HDR, SK {EAP(Response/MS-CHAPv2 Response)}  -->
            //      <--  HDR, SK {EAP(Request/MS-CHAPv2 Failure "E=691 R=0 ...")}
            // charon 5.9.8 does not acknowledge the Failure Request but ends IKE_AUTH with an INFORMATIONAL:
            // HDR, SK {N(AUTHENTICATION_FAILED)}  -->
            //      <--  HDR, SK {}
            assertThatThrownBy(() -> strongSwan.initiate("net")).isInstanceOf(AssertionError.class);

            assertThat(strongSwan.log()).contains("EAP-MS-CHAPv2 failed with error ERROR_AUTHENTICATION_FAILURE:"
                    + " 'Authentication'");
            assertThat(strongSwan.log()).contains("generating INFORMATIONAL request 4 [ N(AUTH_FAILED) ]");
            String rejection = "IKE_AUTH failed with AUTHENTICATION_FAILED: EAP-MSCHAPv2 failed: wrong password for"
                    + " EAP user 'alice'; the peer ended IKE_AUTH with an INFORMATIONAL request"
                    + " [AUTHENTICATION_FAILED]";
            Waits.until("the node to log the rejection", StrongSwanPeer.EXCHANGE_TIMEOUT,
                    () -> node.output().contains(rejection) ? Optional.of(true) : Optional.empty(),
                    node::outputWithHeader);
            assertThat(node.output()).doesNotContain(PASSWORD).doesNotContain("not-alices-password");
            assertThat(node.listSas()).isEmpty();
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

    /** Starts the node with its certificate, EAP-MSCHAPv2 for the peer and user alice. */
    private ConcentratorNode startNode(NetworkLab lab, LabTopology topology) {
        PemPki pki = new PemPki(workDir);
        ca = pki.ca("C=CH, O=ikec test, CN=ikec test CA", KeyType.P_256);
        Credential gw = pki.endEntity(ca, "C=CH, O=ikec test, CN=" + NODE_ID, KeyType.P_256, NODE_ID);
        Path certFile = pki.write("node-gw.pem", gw.certificate());
        Path keyFile = pki.write("node-gw.key", gw.keys().getPrivate());

        String authSections = """
                local { auth = pubkey, certs = ["%s"], id = "%s" }
                remote { auth = eap-mschapv2, id = "%%any", eap_id = "%%any" }
                """.formatted(certFile, NODE_ID);
        String secrets = "secrets { gw-key { file = \"" + keyFile + "\" }, eap-alice { id = alice, secret = \""
                + PASSWORD + "\" } }";
        NodeConfig config = new NodeConfig(
                List.of(topology.responderAddress()), 500, 4500, MANAGEMENT_PORT,
                "rw", List.of(PROPOSAL), NODE_ID, "%any",
                "net", List.of(topology.responderInnerSubnet()), List.of(topology.initiatorInnerSubnet()),
                List.of("aes256gcm16"), "unused-psk-of-the-template", List.of(), authSections, "", secrets);
        return ConcentratorNode.start(lab, topology.responderNamespace(), config);
    }

    private StrongSwanPeer startStrongSwan(NetworkLab lab, LabTopology topology, String password) {
        StrongSwanPeer strongSwan = StrongSwanPeer.create(lab, topology.initiatorNamespace(), "strongswan");
        strongSwan.charonOption("load", CHARON_PLUGINS);
        strongSwan.start();
        new PemPki(lab.workDir().resolve("strongswan")).write("x509ca/ca.pem", ca.certificate());
        strongSwan.loadConfig(SwanctlConfig.builder("lab", "net")
                .localAddrs(topology.initiatorAddress())
                .remoteAddrs(topology.responderAddress())
                .proposals(PROPOSAL)
                .espProposals("aes256gcm16")
                .localId(CLIENT_ID)
                .remoteId(NODE_ID)
                .eapMsChapV2("alice", password, "ca.pem")
                .localTs(topology.initiatorInnerSubnet())
                .remoteTs(topology.responderInnerSubnet())
                .startAction("none")
                .build());
        return strongSwan;
    }
}
