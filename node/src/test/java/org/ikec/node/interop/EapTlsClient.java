package org.ikec.node.interop;

import org.ikec.node.pki.PemPki;
import org.ikec.node.pki.PemPki.Credential;
import org.ikec.node.pki.PemPki.KeyType;

/** strongSwan as an EAP-TLS client of the node, as the EAP-TLS interop tests start it. */
final class EapTlsClient {

    static final String NODE_ID = "gw.ikec.test";
    static final String CLIENT_ID = "client1.ikec.test";
    static final String PROPOSAL = "aes256gcm16-prfsha256-x25519";
    static final String ESP_PROPOSAL = "aes256gcm16";
    private static final String CHARON_PLUGINS = "random nonce openssl aes sha1 sha2 hmac gcm chapoly curve25519 gmp"
            + " kdf pem pkcs1 pkcs8 x509 pubkey constraints revocation kernel-libipsec kernel-netlink socket-default"
            + " vici eap-identity eap-tls";

    private EapTlsClient() {
    }

    /**
     * Starts charon with a client certificate for {@link #CLIENT_ID} from {@code clientIssuer}. It
     * checks the node's certificate, and the EAP server's certificate for {@code aaaId}, against
     * {@code ca}, and requests an IPv4 virtual IP.
     */
    static StrongSwanPeer start(NetworkLab lab, LabTopology topology, Credential ca, Credential clientIssuer,
                                String aaaId) {
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
                .eapTls("client.pem", "ca.pem", aaaId)
                .vips("0.0.0.0")
                .remoteTs(topology.responderInnerSubnet())
                .startAction("none")
                .build());
        return strongSwan;
    }
}
