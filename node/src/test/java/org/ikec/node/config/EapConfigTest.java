package org.ikec.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.ikec.node.pki.PemPki;
import org.ikec.node.pki.PemPki.Credential;
import org.ikec.node.pki.PemPki.KeyType;
import org.ikec.protocol.config.AuthConfig;
import org.ikec.protocol.config.ConnectionConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connections whose peers authenticate with EAP-MSCHAPv2, and the {@code eap-...} user secrets. */
class EapConfigTest {

    private static final String LOCAL = "local { auth = pubkey, certs = [\"gw.pem\"], id = \"gw.ikec.test\" }\n";
    private static final String KEY = "gw { file = \"gw.key\" }\n";
    private static final String ALICE = "eap-alice { id = alice, secret = \"alice-Pa55word\" }\n";

    @TempDir
    Path dir;

    @BeforeEach
    void writeCredentials() {
        PemPki pki = new PemPki(dir);
        Credential ca = pki.ca("C=CH, O=ikec test, CN=ikec test CA", KeyType.P_256);
        Credential gw = pki.endEntity(ca, "C=CH, O=ikec test, CN=gw.ikec.test", KeyType.P_256, "gw.ikec.test");
        pki.write("gw.pem", gw.certificate());
        pki.write("gw.key", gw.keys().getPrivate());
        pki.write("ca.pem", ca.certificate());
    }

    @Test
    void eapMsChapV2ConnectionLoads() throws IOException {
        NodeConfig config = loadText(LOCAL + "remote { auth = eap-mschapv2, eap_id = \"%any\" }\n", KEY + ALICE);

        ConnectionConfig rw = config.ike().connections().get(0);
        assertThat(rw.remote().method()).isEqualTo(AuthConfig.EAP_MSCHAPV2);
        assertThat(rw.remote().eapId()).isEqualTo("%any");
        assertThat(rw.remote().usesEap()).isTrue();
        assertThat(rw.remote().id()).hasToString("%any");
        assertThat(config.ike().secrets().eapPassword("alice")).contains("alice-Pa55word");
        assertThat(config.ike().secrets().eapPassword("bob")).isEmpty();
        assertThat(config.ike().secrets().sharedKey(rw.local().id(), rw.remote().id())).isEmpty();
    }

    @Test
    void genericEapWithNamedUserLoads() throws IOException {
        NodeConfig config = loadText(LOCAL + "remote { auth = eap, eap_id = alice }\n", KEY + ALICE);

        ConnectionConfig rw = config.ike().connections().get(0);
        assertThat(rw.remote().method()).isEqualTo(AuthConfig.EAP);
        assertThat(rw.remote().eapId()).isEqualTo("alice");
    }

    @Test
    void eapUserHidesPasswordInText() throws IOException {
        NodeConfig config = loadText(LOCAL + "remote { auth = eap-mschapv2 }\n", KEY + ALICE);

        ConfigSecretStore secrets = (ConfigSecretStore) config.ike().secrets();
        assertThat(secrets.eapUsers()).singleElement().hasToString("EapUser[eap-alice alice]");
        assertThat(secrets).hasToString("ConfigSecretStore[0 entries, 1 private keys, 1 EAP users]");
    }

    @Test
    void eapInLocalIsRejected() {
        assertError(loading("local { auth = eap-mschapv2 }\nremote { auth = psk, id = \"%any\" }\n", ALICE),
                "ikec.connections.rw.local.auth: auth = eap-mschapv2 authenticates the peer and belongs in remote;"
                        + " authenticate the gateway with pubkey, rsa/pss or psk");
    }

    @Test
    void eapIdWithoutEapIsRejected() {
        assertError(loading(LOCAL + "remote { auth = pubkey, eap_id = alice }\n", KEY),
                "ikec.connections.rw.remote.eap_id: eap_id needs auth = eap-mschapv2, eap-tls, eap or eap-radius, not"
                        + " pubkey");
    }

    @Test
    void unknownRemoteMethodListsEap() {
        assertError(loading(LOCAL + "remote { auth = eap-md5 }\n", KEY),
                "ikec.connections.rw.remote.auth: unknown authentication method 'eap-md5'; use psk, pubkey or"
                        + " rsa/pss, or eap-mschapv2, eap-tls, eap or eap-radius for the peer");
    }

    @Test
    void eapTlsConnectionLoadsWithoutEapUsers() throws IOException {
        NodeConfig config = loadText(LOCAL + "remote { auth = eap-tls, cacerts = [\"ca.pem\"] }\n", KEY);

        ConnectionConfig rw = config.ike().connections().get(0);
        assertThat(rw.remote().method()).isEqualTo(AuthConfig.EAP_TLS);
        assertThat(rw.remote().usesEap()).isTrue();
        assertThat(rw.remote().caCerts()).singleElement()
                .satisfies(ca -> assertThat(ca.getSubjectX500Principal().getName()).contains("CN=ikec test CA"));
    }

    @Test
    void eapTlsWithoutCaCertsIsRejected() {
        assertError(loading(LOCAL + "remote { auth = eap-tls }\n", KEY),
                "ikec.connections.rw.remote.cacerts: missing; auth = eap-tls needs the CA that issues client"
                        + " certificates, for example cacerts = [\"ca.pem\"]");
    }

    @Test
    void eapTlsWithPskGatewayIsRejected() {
        assertError(loading("local { auth = psk, id = \"gw.ikec.test\" }\nremote { auth = eap-tls,"
                        + " cacerts = [\"ca.pem\"] }\n", "demo { id = \"%any\", secret = \"s3cret-s3cret\" }\n"),
                "ikec.connections.rw.local.auth: remote auth = eap-tls needs the gateway to authenticate with its"
                        + " certificate; set auth = pubkey and certs = [\"gw.pem\"]");
    }

    @Test
    void eapWithoutUsersIsRejected() {
        assertError(loading(LOCAL + "remote { auth = eap-mschapv2 }\n", KEY),
                "ikec.secrets: no EAP user is configured, but connections authenticate peers with EAP; add one, for"
                        + " example secrets { eap-alice { id = alice, secret = \"...\" } }");
    }

    @Test
    void eapUserWithoutIdIsRejected() {
        assertError(loading(LOCAL + "remote { auth = eap-mschapv2 }\n", KEY + "eap-alice { secret = x }\n"),
                "ikec.secrets.eap-alice.id: missing; set the user's EAP identity, for example id = alice");
    }

    @Test
    void duplicateEapUserIsRejected() {
        assertError(loading(LOCAL + "remote { auth = eap-mschapv2 }\n", KEY + ALICE
                        + "eap-alice2 { id = alice, secret = y }\n"),
                "ikec.secrets.eap-alice2.id: EAP user 'alice' is configured twice");
    }

    private Runnable loading(String authSections, String secrets) {
        return () -> {
            try {
                loadText(authSections, secrets);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
    }

    private NodeConfig loadText(String authSections, String secrets) throws IOException {
        String text = "ikec {\nconnections { rw {\n  proposals = [\"aes256gcm16-prfsha256-x25519\"]\n" + authSections
                + "} }\nsecrets {\n" + secrets + "}\n}\n";
        Path file = Files.writeString(dir.resolve("ikec.conf"), text);
        return ConfigLoader.loadFile(file, ConfigLoader.Overrides.NONE);
    }

    private static void assertError(Runnable load, String message) {
        assertThatThrownBy(load::run).isInstanceOf(ConfigError.class).hasMessage(message);
    }
}
