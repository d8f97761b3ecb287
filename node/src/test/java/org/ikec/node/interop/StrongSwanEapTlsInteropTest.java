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
 * strongSwan 5.9.8 as an EAP-TLS client (RFC 5216) against the node with
 * {@code remote { auth = eap-tls }}, whose own TLS 1.2 server rejects a client certificate from
 * another CA. {@link StrongSwanRemoteAccessInteropTest} shows the accepted case.
 */
@Tag("interop")
@RequiresLab
class StrongSwanEapTlsInteropTest {

    private static final String NODE_ID = "gw.ikec.test";
    private static final String CLIENT_ID = "client1.ikec.test";
    private static final String PROPOSAL = "aes256gcm16-prfsha256-x25519";
    private static final String ESP_PROPOSAL = "aes256gcm16";
    private static final int MANAGEMENT_PORT = 7500;
    private static final String CHARON_PLUGINS = "random nonce openssl aes sha1 sha2 hmac gcm chapoly curve25519 gmp"
            + " kdf pem pkcs1 pkcs8 x509 pubkey constraints revocation kernel-libipsec kernel-netlink socket-default"
            + " vici eap-identity eap-tls";

    /** Kept when a test fails, so the charon and node logs can be read. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path workDir;

    private Credential ca;

    @BeforeEach
    void requireEapTlsPlugins() {
        CharonPlugins.require("eap-identity", "eap-tls");
    }

    @Test
    void otherCaClientCertificateRejected() {
        String prefix;
        try (NetworkLab lab = NetworkLab.create(workDir)) {
            prefix = lab.namespacePrefix();
            LabTopology topology = LabTopology.direct(lab);
            ConcentratorNode node = startNode(lab, topology);
            Credential otherCa = new PemPki(workDir).ca("C=CH, O=other, CN=other CA", KeyType.P_256);
            StrongSwanPeer strongSwan = startStrongSwan(lab, topology, otherCa);

            // HDR, SK {EAP(Response/TLS Certificate, ClientKeyExchange, CertificateVerify, Finished)}  -->
            //      <--  HDR, SK {EAP(Request/TLS Alert)}
            // HDR, SK {EAP(Response/TLS)}  -->
            //      <--  HDR, SK {EAP(Failure), N(AUTHENTICATION_FAILED)}
            assertThatThrownBy(() -> strongSwan.initiate("net")).isInstanceOf(AssertionError.class);

            assertThat(strongSwan.log()).contains("sending TLS client certificate 'C=CH, O=ikec test, CN="
                    + CLIENT_ID + "'");
            assertThat(strongSwan.log()).doesNotContain("MSK established");
            String rejection = "IKE_AUTH failed with AUTHENTICATION_FAILED: EAP-TLS failed: client certificate"
                    + " 'CN=" + CLIENT_ID + ",O=ikec test,C=CH' not accepted: untrusted CA";
            Waits.until("the node to log the rejection", StrongSwanPeer.EXCHANGE_TIMEOUT,
                    () -> node.output().contains(rejection) ? Optional.of(true) : Optional.empty(),
                    node::outputWithHeader);
            assertThat(node.listSas()).isEmpty();
        }
        assertThat(NetworkLab.namespacesStartingWith(prefix)).isEmpty();
    }

    /** Starts the node with its certificate, eap-tls for the peer with the test's CA, and the pool rw4. */
    private ConcentratorNode startNode(NetworkLab lab, LabTopology topology) {
        PemPki pki = new PemPki(workDir);
        ca = pki.ca("C=CH, O=ikec test, CN=ikec test CA", KeyType.P_256);
        Credential gw = pki.endEntity(ca, "C=CH, O=ikec test, CN=" + NODE_ID, KeyType.P_256, NODE_ID);
        Path certFile = pki.write("node-gw.pem", gw.certificate());
        Path keyFile = pki.write("node-gw.key", gw.keys().getPrivate());
        Path caFile = pki.write("node-ca.pem", ca.certificate());

        String connectionExtras = """
                local { auth = pubkey, certs = ["%s"], id = "%s" }
                remote { auth = eap-tls, id = "%%any", cacerts = ["%s"] }
                pools = ["rw4"]
                """.formatted(certFile, NODE_ID, caFile);
        String nodeExtras = """
                secrets { gw-key { file = "%s" } }
                pools { rw4 { addrs = "10.3.0.0/24" } }
                """.formatted(keyFile);
        NodeConfig config = new NodeConfig(
                List.of(topology.responderAddress()), 500, 4500, MANAGEMENT_PORT,
                "rw", List.of(PROPOSAL), NODE_ID, "%any",
                "net", List.of(topology.responderInnerSubnet()), List.of("dynamic"),
                List.of(ESP_PROPOSAL), "unused-psk-of-the-template", List.of(), connectionExtras, "", nodeExtras);
        return ConcentratorNode.start(lab, topology.responderNamespace(), config);
    }

    /**
     * Starts charon with a client certificate for {@link #CLIENT_ID} from {@code clientIssuer}, and
     * the test's CA to check the node's certificate, in IKE and in TLS.
     */
    private StrongSwanPeer startStrongSwan(NetworkLab lab, LabTopology topology, Credential clientIssuer) {
        StrongSwanPeer strongSwan = StrongSwanPeer.create(lab, topology.initiatorNamespace(), "strongswan")
                .charonOption("install_virtual_ip", "yes");
        strongSwan.charonOption("load", CHARON_PLUGINS);
        strongSwan.start();
        PemPki pki = new PemPki(lab.workDir().resolve("strongswan"));
        Credential client = pki.endEntity(clientIssuer, "C=CH, O=ikec test, CN=" + CLIENT_ID, KeyType.P_256,
                CLIENT_ID);
        pki.write("x509ca/ca.pem", ca.certificate());
        pki.write("x509/client.pem", client.certificate());
        pki.write("pkcs8/client.key", client.keys().getPrivate());
        strongSwan.loadConfig(SwanctlConfig.builder("lab", "net")
                .localAddrs(topology.initiatorAddress())
                .remoteAddrs(topology.responderAddress())
                .proposals(PROPOSAL)
                .espProposals(ESP_PROPOSAL)
                .localId(CLIENT_ID)
                .remoteId(NODE_ID)
                .eapTls("client.pem", "ca.pem", NODE_ID)
                .vips("0.0.0.0")
                .remoteTs(topology.responderInnerSubnet())
                .startAction("none")
                .build());
        return strongSwan;
    }
}
