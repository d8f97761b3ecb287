package org.ikec.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.ikec.node.pki.PemPki;
import org.ikec.node.pki.PemPki.Credential;
import org.ikec.node.pki.PemPki.KeyType;
import org.ikec.node.radius.RadiusServerConfig;
import org.ikec.protocol.config.AuthConfig;
import org.ikec.protocol.config.ConnectionConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connections with {@code remote { auth = eap-radius }} and the {@code ikec.eap-radius} servers. */
class EapRadiusConfigTest {

    private static final String CONNECTION = """
            local { auth = pubkey, certs = ["gw.pem"], id = "gw.ikec.test" }
            remote { auth = eap-radius }
            """;

    @TempDir
    Path dir;

    @BeforeEach
    void writeCredentials() {
        PemPki pki = new PemPki(dir);
        Credential ca = pki.ca("C=CH, O=ikec test, CN=ikec test CA", KeyType.P_256);
        Credential gw = pki.endEntity(ca, "C=CH, O=ikec test, CN=gw.ikec.test", KeyType.P_256, "gw.ikec.test");
        pki.write("gw.pem", gw.certificate());
        pki.write("gw.key", gw.keys().getPrivate());
    }

    @Test
    void serversLoadWithDefaults() throws IOException {
        NodeConfig config = load(CONNECTION, """
                eap-radius { servers = [ { address = 192.0.2.10, secret = "s3cret" } ] }
                """);

        EapRadiusSettings radius = config.eapRadius().orElseThrow();
        RadiusServerConfig server = radius.client().servers().get(0);
        assertThat(server.address()).isEqualTo(new InetSocketAddress("192.0.2.10", 1812));
        assertThat(new String(server.sharedSecret(), StandardCharsets.UTF_8)).isEqualTo("s3cret");
        assertThat(server.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(server.tries()).isEqualTo(3);
        assertThat(radius.client().deadTime()).isEqualTo(Duration.ofSeconds(30));
        assertThat(radius.nasIdentifier()).isEqualTo("ikec");
        assertThat(radius.connections()).containsExactly("rw");
    }

    @Test
    void eapRadiusIsGenericEapWithoutLocalUsers() throws IOException {
        NodeConfig config = load(CONNECTION, """
                eap-radius { servers = [ { address = 192.0.2.10, secret = "s3cret" } ] }
                """);

        ConnectionConfig rw = config.ike().connections().get(0);
        assertThat(rw.remote().method()).isEqualTo(AuthConfig.EAP_RADIUS);
        assertThat(rw.remote().usesEap()).isTrue();
        assertThat(rw.remote().eapId()).isEqualTo(AuthConfig.ANY_EAP_ID);
    }

    @Test
    void serversKeepOrderAndSettings() throws IOException {
        NodeConfig config = load(CONNECTION, """
                eap-radius {
                  servers = [
                    { address = 192.0.2.10, port = 11812, secret = a, timeout = 500ms, tries = 2 },
                    { address = "2001:db8::10", secret = b }
                  ]
                  dead-time = 2m
                  nas-identifier = vpn-east
                }
                """);

        EapRadiusSettings radius = config.eapRadius().orElseThrow();
        assertThat(radius.client().servers()).extracting(RadiusServerConfig::address).containsExactly(
                new InetSocketAddress("192.0.2.10", 11812), new InetSocketAddress("2001:db8::10", 1812));
        assertThat(radius.client().servers().get(0).timeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(radius.client().servers().get(0).tries()).isEqualTo(2);
        assertThat(radius.client().deadTime()).isEqualTo(Duration.ofMinutes(2));
        assertThat(radius.nasIdentifier()).isEqualTo("vpn-east");
    }

    @Test
    void sectionWithoutEapRadiusConnectionLoads() throws IOException {
        NodeConfig config = load(CONNECTION.replace("eap-radius", "eap-mschapv2"), """
                eap-radius { servers = [ { address = 192.0.2.10, secret = "s3cret" } ] }
                """, "eap-alice { id = alice, secret = pw }\n");

        assertThat(config.eapRadius().orElseThrow().connections()).isEmpty();
    }

    @Test
    void missingSectionIsRejected() {
        assertError(CONNECTION, "", "ikec.eap-radius: missing; connections [rw] use auth = eap-radius, which needs"
                + " a RADIUS server, for example eap-radius { servers = [ { address = 192.0.2.10, secret = \"...\" } ] }");
    }

    @Test
    void emptyServerListIsRejected() {
        assertError(CONNECTION, "eap-radius { servers = [] }\n",
                "ikec.eap-radius.servers: no RADIUS server is configured; add at least one");
    }

    @Test
    void hostNameIsRejected() {
        assertError(CONNECTION, "eap-radius { servers = [ { address = radius.example, secret = x } ] }\n",
                "ikec.eap-radius.servers[0].address: 'radius.example' is not an IP address; write one, for example"
                        + " 192.0.2.10");
    }

    @Test
    void missingSecretIsRejected() {
        assertError(CONNECTION, "eap-radius { servers = [ { address = 192.0.2.10 } ] }\n",
                "ikec.eap-radius.servers[0].secret: missing; the secret shared with the RADIUS server");
    }

    @Test
    void unknownServerKeyIsRejected() {
        assertThatThrownBy(() -> load(CONNECTION,
                "eap-radius { servers = [ { address = 192.0.2.10, secret = x, retries = 2 } ] }\n"))
                .isInstanceOf(ConfigError.class).hasMessageStartingWith("ikec.eap-radius.servers[0]");
    }

    @Test
    void zeroTimeoutIsRejected() {
        assertError(CONNECTION, "eap-radius { servers = [ { address = 192.0.2.10, secret = x, timeout = 0s } ] }\n",
                "ikec.eap-radius.servers[0]: RADIUS server /192.0.2.10:1812 timeout must be positive, not PT0S");
    }

    @Test
    void eapRadiusInLocalIsRejected() {
        assertError("local { auth = eap-radius }\nremote { auth = eap-radius }\n",
                "eap-radius { servers = [ { address = 192.0.2.10, secret = x } ] }\n",
                "ikec.connections.rw.local.auth: auth = eap-radius authenticates the peer and belongs in remote;"
                        + " authenticate the gateway with pubkey, rsa/pss or psk");
    }

    private void assertError(String connection, String radius, String message) {
        assertThatThrownBy(() -> load(connection, radius)).isInstanceOf(ConfigError.class).hasMessage(message);
    }

    private NodeConfig load(String connection, String radius) throws IOException {
        return load(connection, radius, "");
    }

    private NodeConfig load(String connection, String radius, String eapUsers) {
        String text = "ikec {\nconnections { rw {\n  proposals = [\"aes256gcm16-prfsha256-x25519\"]\n" + connection
                + "} }\nsecrets { gw { file = \"gw.key\" }\n" + eapUsers + "}\n" + radius + "}\n";
        try {
            Path file = Files.writeString(dir.resolve("ikec.conf"), text);
            return ConfigLoader.loadFile(file, ConfigLoader.Overrides.NONE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
