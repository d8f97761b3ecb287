package org.ikec.node.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.ikec.node.pki.PemPki;
import org.ikec.node.pki.PemPki.Credential;
import org.ikec.node.pki.PemPki.KeyType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * strongSwan 5.9.8 and the concentrator node authenticate each other with X.509
 * certificates (RFC 7296 §2.15, RFC 7427), made by the test with Bouncy Castle and written as PEM
 * files into the test's directory. strongSwan initiates unless a test's comment names the node
 * as initiator. Each side sends its certificate because the other side's CERTREQ requests it.
 */
@Tag("interop")
@RequiresLab
class StrongSwanCertificateInteropTest {

    private static final String NODE_ID = "gw.ikec.test";
    private static final String CLIENT_ID = "client1.ikec.test";
    private static final String SITE_ID = "site.ikec.test";
    private static final String RESPONDER_ID = "resp.ikec.test";
    private static final String NODE_CONNECTION = "rw";
    private static final String PROPOSAL = "aes256gcm16-prfsha256-x25519";
    private static final int MANAGEMENT_PORT = 7500;

    /** Kept when a test fails, so the charon and node logs can be read. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path workDir;

    @Test
    void ecdsaP256CertificatesBothWays() {
        String prefix;
        try (NetworkLab lab = NetworkLab.create(workDir)) {
            prefix = lab.namespacePrefix();
            LabTopology topology = LabTopology.direct(lab);
            PemPki pki = new PemPki(workDir);
            Credential ca = pki.ca("C=CH, O=ikec test, CN=ikec test CA", KeyType.P_256);
            Credential gw = pki.endEntity(ca, "C=CH, O=ikec test, CN=" + NODE_ID, KeyType.P_256, NODE_ID);
            Credential client = pki.endEntity(ca, "C=CH, O=ikec test, CN=" + CLIENT_ID, KeyType.P_256, CLIENT_ID);
            ConcentratorNode node = startNode(lab, topology, pki, ca, gw, "pubkey");
            StrongSwanPeer strongSwan = startStrongSwan(lab, topology, ca, client, "pubkey");

            // HDR, SAi1, KEi, Ni, N(SIGNATURE_HASH_ALGORITHMS)  -->
            //      <--  HDR, SAr1, KEr, Nr, CERTREQ, N(SIGNATURE_HASH_ALGORITHMS)
            // HDR, SK {IDi, CERT, CERTREQ, IDr, AUTH(ECDSA P-256), SAi2, TSi, TSr}  -->
            //      <--  HDR, SK {IDr, CERT, AUTH(ECDSA P-256), SAr2, TSi, TSr}
            strongSwan.initiate("net");

            IkeSaStatus established = strongSwan.ikeSa("lab").orElseThrow();
            assertThat(established.state()).isEqualTo("ESTABLISHED");
            assertThat(established.remoteId()).isEqualTo(NODE_ID);
            assertThat(strongSwan.log()).contains("authentication of '" + CLIENT_ID + "' (myself) with"
                    + " ECDSA_WITH_SHA256_DER successful");
            assertThat(strongSwan.log()).contains("authentication of '" + NODE_ID + "' with ECDSA_WITH_SHA256_DER"
                    + " successful");
            NodeSa onNode = awaitNodeSa(node);
            assertThat(onNode.connection()).isEqualTo(NODE_CONNECTION);
            assertThat(onNode.remoteId()).isEqualTo(CLIENT_ID);
        }
        assertThat(NetworkLab.namespacesStartingWith(prefix)).isEmpty();
    }

    @Test
    void rsaPssCertificatesBothWays() {
        String prefix;
        try (NetworkLab lab = NetworkLab.create(workDir)) {
            prefix = lab.namespacePrefix();
            LabTopology topology = LabTopology.direct(lab);
            PemPki pki = new PemPki(workDir);
            Credential ca = pki.ca("C=CH, O=ikec test, CN=ikec test CA", KeyType.RSA_2048);
            Credential gw = pki.endEntity(ca, "C=CH, O=ikec test, CN=" + NODE_ID, KeyType.RSA_2048, NODE_ID);
            Credential client = pki.endEntity(ca, "C=CH, O=ikec test, CN=" + CLIENT_ID, KeyType.RSA_2048, CLIENT_ID);
            ConcentratorNode node = startNode(lab, topology, pki, ca, gw, "rsa/pss");
            StrongSwanPeer strongSwan = startStrongSwan(lab, topology, ca, client, "rsa/pss");

            // HDR, SK {IDi, CERT, CERTREQ, IDr, AUTH(RSASSA-PSS), SAi2, TSi, TSr}  -->
            //      <--  HDR, SK {IDr, CERT, AUTH(RSASSA-PSS), SAr2, TSi, TSr}
            strongSwan.initiate("net");

            IkeSaStatus established = strongSwan.ikeSa("lab").orElseThrow();
            assertThat(established.state()).isEqualTo("ESTABLISHED");
            assertThat(strongSwan.log()).contains("authentication of '" + CLIENT_ID + "' (myself) with"
                    + " RSA_EMSA_PSS_SHA2_256_SALT_32 successful");
            assertThat(strongSwan.log()).contains("authentication of '" + NODE_ID + "' with"
                    + " RSA_EMSA_PSS_SHA2_256_SALT_32 successful");
            NodeSa onNode = awaitNodeSa(node);
            assertThat(onNode.remoteId()).isEqualTo(CLIENT_ID);
        }
        assertThat(NetworkLab.namespacesStartingWith(prefix)).isEmpty();
    }

    @Test
    void revokedClientCertificateIsRefused() {
        String prefix;
        try (NetworkLab lab = NetworkLab.create(workDir)) {
            prefix = lab.namespacePrefix();
            LabTopology topology = LabTopology.direct(lab);
            PemPki pki = new PemPki(workDir);
            Credential ca = pki.ca("C=CH, O=ikec test, CN=ikec test CA", KeyType.P_256);
            Credential gw = pki.endEntity(ca, "C=CH, O=ikec test, CN=" + NODE_ID, KeyType.P_256, NODE_ID);
            Credential client = pki.endEntity(ca, "C=CH, O=ikec test, CN=" + CLIENT_ID, KeyType.P_256, CLIENT_ID);
            Path crl = pki.write("node-ca.crl", pki.crl(ca, client.certificate()));
            ConcentratorNode node = startNode(lab, topology, pki, ca, gw, "pubkey",
                    "crls = [\"" + crl + "\"]");
            StrongSwanPeer strongSwan = startStrongSwan(lab, topology, ca, client, "pubkey");

            // HDR, SK {IDi, CERT, CERTREQ, IDr, AUTH, SAi2, TSi, TSr}  -->
            //      <--  HDR, SK {N(AUTHENTICATION_FAILED)}
            assertThatThrownBy(() -> strongSwan.initiate("net")).isInstanceOf(AssertionError.class);

            assertThat(strongSwan.log()).contains("received AUTHENTICATION_FAILED notify error");
            String rejection = "IKE_AUTH failed with AUTHENTICATION_FAILED: certificate"
                    + " 'CN=client1.ikec.test,O=ikec test,C=CH' (serial "
                    + client.certificate().getSerialNumber().toString(16) + ") was revoked on";
            Waits.until("the node to log the rejection", StrongSwanPeer.EXCHANGE_TIMEOUT,
                    () -> node.output().contains(rejection) ? Optional.of(true) : Optional.empty(),
                    node::outputWithHeader);
            assertThat(node.listSas()).isEmpty();
        }
        assertThat(NetworkLab.namespacesStartingWith(prefix)).isEmpty();
    }

    /**
     * The node initiates to strongSwan as responder, both with P-384 certificates: strongSwan's
     * CERTREQ in IKE_SA_INIT makes the node send its certificate, and the node's CERTREQ in
     * IKE_AUTH makes strongSwan send its own.
     */
    @Test
    void nodeInitiatesWithP384Certificate() {
        String prefix;
        try (NetworkLab lab = NetworkLab.create(workDir)) {
            prefix = lab.namespacePrefix();
            LabTopology topology = LabTopology.direct(lab);
            PemPki pki = new PemPki(workDir);
            Credential ca = pki.ca("C=CH, O=ikec test, CN=ikec test CA", KeyType.P_384);
            Credential site = pki.endEntity(ca, "C=CH, O=ikec test, CN=" + SITE_ID, KeyType.P_384, SITE_ID);
            Credential responder = pki.endEntity(ca, "C=CH, O=ikec test, CN=" + RESPONDER_ID, KeyType.P_384,
                    RESPONDER_ID);

            StrongSwanPeer strongSwan = StrongSwanPeer.create(lab, topology.responderNamespace(), "strongswan");
            strongSwan.start();
            writeStrongSwanCredentials(ca, responder);
            strongSwan.loadConfig(SwanctlConfig.builder("lab", "net")
                    .localAddrs(topology.responderAddress())
                    .proposals(PROPOSAL)
                    .espProposals("aes256gcm16")
                    .localId(RESPONDER_ID)
                    .remoteId(SITE_ID)
                    .certificates("pubkey", "client.pem", "ca.pem")
                    .localTs(topology.responderInnerSubnet())
                    .remoteTs(topology.initiatorInnerSubnet())
                    .build());

            Path caFile = pki.write("node-ca.pem", ca.certificate());
            Path certFile = pki.write("node-site.pem", site.certificate());
            Path keyFile = pki.write("node-site.key", site.keys().getPrivate());
            String authSections = """
                    local { auth = pubkey, certs = ["%s"], id = "%s" }
                    remote { auth = pubkey, cacerts = ["%s"], id = "%s" }
                    """.formatted(certFile, SITE_ID, caFile, RESPONDER_ID);
            NodeConfig config = new NodeConfig(List.of(topology.initiatorAddress()), 500, 4500, MANAGEMENT_PORT, "site",
                    List.of(PROPOSAL), SITE_ID, RESPONDER_ID, "net",
                    List.of(topology.initiatorInnerSubnet()), List.of(topology.responderInnerSubnet()),
                    List.of("aes256gcm16"), "unused-psk-of-the-template", List.of(topology.responderAddress()),
                    authSections, "", "secrets { site-key { file = \"" + keyFile + "\" } }");
            ConcentratorNode node = ConcentratorNode.start(lab, topology.initiatorNamespace(), config);

            // HDR, SAi1, KEi, Ni, N(SIGNATURE_HASH_ALGORITHMS)  -->
            //      <--  HDR, SAr1, KEr, Nr, CERTREQ, N(SIGNATURE_HASH_ALGORITHMS)
            // HDR, SK {IDi, CERT, CERTREQ, IDr, AUTH(ECDSA P-384), SAi2, TSi, TSr}  -->
            //      <--  HDR, SK {IDr, CERT, AUTH(ECDSA P-384), SAr2, TSi, TSr}
            node.initiate("site");

            NodeSa onNode = awaitNodeSa(node);
            assertThat(onNode.remoteId()).isEqualTo(RESPONDER_ID);
            IkeSaStatus onStrongSwan = Waits.until("strongSwan to list the IKE SA", StrongSwanPeer.EXCHANGE_TIMEOUT,
                    () -> strongSwan.ikeSa("lab").filter(sa -> "ESTABLISHED".equals(sa.state())),
                    strongSwan::logTail);
            assertThat(onStrongSwan.remoteId()).isEqualTo(SITE_ID);
            assertThat(strongSwan.log()).contains("authentication of '" + SITE_ID + "' with ECDSA_WITH_SHA384_DER"
                    + " successful");
            assertThat(strongSwan.log()).contains("authentication of '" + RESPONDER_ID + "' (myself) with"
                    + " ECDSA_WITH_SHA384_DER successful");
        }
        assertThat(NetworkLab.namespacesStartingWith(prefix)).isEmpty();
    }

    /** Writes strongSwan's certificate, key and CA into the folders swanctl loads them from. */
    private void writeStrongSwanCredentials(Credential ca, Credential own) {
        PemPki writer = new PemPki(workDir.resolve("strongswan"));
        writer.write("x509/client.pem", own.certificate());
        writer.write("x509ca/ca.pem", ca.certificate());
        writer.write("pkcs8/client.key", own.keys().getPrivate());
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

    private ConcentratorNode startNode(NetworkLab lab, LabTopology topology, PemPki pki, Credential ca, Credential gw,
                                       String method) {
        return startNode(lab, topology, pki, ca, gw, method, "");
    }

    /** Starts the node with its own certificate; {@code remoteExtras} adds settings to its {@code remote} section. */
    private ConcentratorNode startNode(NetworkLab lab, LabTopology topology, PemPki pki, Credential ca, Credential gw,
                                       String method, String remoteExtras) {
        Path caFile = pki.write("node-ca.pem", ca.certificate());
        Path certFile = pki.write("node-gw.pem", gw.certificate());
        Path keyFile = pki.write("node-gw.key", gw.keys().getPrivate());
        String authSections = """
                local { auth = %s, certs = ["%s"], id = "%s" }
                remote { auth = pubkey, cacerts = ["%s"], id = "%%any", %s }
                """.formatted(method, certFile, NODE_ID, caFile, remoteExtras);
        NodeConfig config = new NodeConfig(
                List.of(topology.responderAddress()), 500, 4500, MANAGEMENT_PORT,
                NODE_CONNECTION, List.of(PROPOSAL), NODE_ID, "%any",
                "net", List.of(topology.responderInnerSubnet()), List.of(topology.initiatorInnerSubnet()),
                List.of("aes256gcm16"), "unused-psk-of-the-template", List.of(), authSections, "",
                "secrets { gw-key { file = \"" + keyFile + "\" } }");
        return ConcentratorNode.start(lab, topology.responderNamespace(), config);
    }

    private StrongSwanPeer startStrongSwan(NetworkLab lab, LabTopology topology, Credential ca, Credential client,
                                           String method) {
        StrongSwanPeer strongSwan = StrongSwanPeer.create(lab, topology.initiatorNamespace(), "strongswan");
        if (method.equals("rsa/pss")) {
            // charon 5.9 signs with PKCS#1 v1.5 for auth = rsa/pss too, unless this option is on.
            strongSwan.charonOption("rsa_pss", "yes");
        }
        strongSwan.start();
        writeStrongSwanCredentials(ca, client);
        strongSwan.loadConfig(SwanctlConfig.builder("lab", "net")
                .localAddrs(topology.initiatorAddress())
                .remoteAddrs(topology.responderAddress())
                .proposals(PROPOSAL)
                .espProposals("aes256gcm16")
                .localId(CLIENT_ID)
                .remoteId(NODE_ID)
                .certificates(method, "client.pem", "ca.pem")
                .localTs(topology.initiatorInnerSubnet())
                .remoteTs(topology.responderInnerSubnet())
                .startAction("none")
                .build());
        return strongSwan;
    }
}
