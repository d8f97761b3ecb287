package org.ikec.node.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ikec.node.interop.EapTlsClient.CLIENT_ID;
import static org.ikec.node.interop.EapTlsClient.ESP_PROPOSAL;
import static org.ikec.node.interop.EapTlsClient.NODE_ID;
import static org.ikec.node.interop.EapTlsClient.PROPOSAL;

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

    private static final int MANAGEMENT_PORT = 7500;

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
            StrongSwanPeer strongSwan = EapTlsClient.start(lab, topology, ca, otherCa, NODE_ID);

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
}
