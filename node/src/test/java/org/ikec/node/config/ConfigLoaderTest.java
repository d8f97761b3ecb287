package org.ikec.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.ikec.protocol.config.ChildConfig;
import org.ikec.protocol.config.ConnectionConfig;
import org.ikec.protocol.config.IkeIdentity;
import org.ikec.protocol.config.TrafficSelectorSpec;
import org.ikec.protocol.crypto.DhReuse;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

    private static final String VALID = """
            ikec {
              connections {
                rw {
                  proposals = ["aes256gcm16-prfsha256-x25519"]
                  local { auth = psk, id = "gw.ikec.test" }
                  remote { auth = psk, id = "%any" }
                  children { net { local_ts = ["0.0.0.0/0"], esp_proposals = ["aes256gcm16"] } }
                }
              }
              secrets { demo { secret = "s3cret" } }
            }
            """;

    @Test
    void defaultConfigurationIsTheDemoGateway() throws Exception {
        NodeConfig config = ConfigLoader.loadDefault(ConfigLoader.Overrides.NONE);

        assertThat(config.embeddedDefault()).isTrue();
        assertThat(config.listenAddresses()).containsExactly(InetAddress.getByName("127.0.0.1"));
        assertThat(config.ikePort()).isEqualTo(500);
        assertThat(config.natPort()).isEqualTo(4500);
        assertThat(config.receiveBufferBytes()).isEqualTo(4 * 1024 * 1024);
        assertThat(config.management()).isEqualTo(new InetSocketAddress("127.0.0.1", 7500));
        assertThat(config.clusterSecretConfigured()).isFalse();
        assertThat(config.clusterSecret()).hasSize(32);

        ConnectionConfig rw = config.ike().connections().get(0);
        assertThat(config.ike().connections()).hasSize(1);
        assertThat(rw.name()).isEqualTo("rw");
        assertThat(rw.proposals()).containsExactly("aes256gcm16-prfsha256-x25519", "aes128-sha256-modp2048",
                "aes256-sha384-ecp384", "chacha20poly1305-prfsha512-ecp256");
        assertThat(rw.local().method()).isEqualTo("psk");
        assertThat(rw.local().id()).isEqualTo(IkeIdentity.parse("gw.ikec.test"));
        assertThat(rw.remote().id().isAny()).isTrue();
        assertThat(rw.remotePort()).isEqualTo(500);
        assertThat(rw.rekeyTime()).isEqualTo(Duration.ofHours(4));
        assertThat(rw.overTime()).isEqualTo(Duration.ofMinutes(10));
        assertThat(rw.randTime()).isEqualTo(Duration.ofMinutes(10));
        assertThat(rw.dpdDelay()).isEqualTo(Duration.ofSeconds(30));

        ChildConfig net = rw.children().get(0);
        assertThat(rw.children()).hasSize(1);
        assertThat(net.name()).isEqualTo("net");
        assertThat(net.localTs()).containsExactly(TrafficSelectorSpec.parse("0.0.0.0/0"));
        assertThat(net.remoteTs()).containsExactly(TrafficSelectorSpec.parse("dynamic"));
        assertThat(net.espProposals()).containsExactly("aes256gcm16", "aes128-sha256", "aes256gcm16-x25519",
                "chacha20poly1305");
        assertThat(net.rekeyTime()).isEqualTo(Duration.ofHours(1));
        assertThat(net.lifeTime()).isEqualTo(Duration.ofMinutes(66));
        assertThat(net.randTime()).isEqualTo(Duration.ofMinutes(6));
        assertThat(net.mode()).isEqualTo("tunnel");

        assertThat(config.ike().secrets().sharedKey(IkeIdentity.parse("gw.ikec.test"), IkeIdentity.parse("client")))
                .hasValueSatisfying(key -> assertThat(new String(key, StandardCharsets.UTF_8)).isEqualTo("ikec-demo-psk"));
        assertThat(config.ike().cookieThreshold()).isEqualTo(1000);
        assertThat(config.ike().retransmitTimeout()).isEqualTo(Duration.ofSeconds(4));
        assertThat(config.ike().retransmitBase()).isEqualTo(1.8);
        assertThat(config.ike().retransmitTries()).isEqualTo(5);
        assertThat(config.ike().halfOpenTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.ike().dhReuse()).isEqualTo(new DhReuse(1, Duration.ofSeconds(1)));
        assertThat(config.ike().dhReuse().enabled()).isFalse();
    }

    @Test
    void dhReuseIsRead() {
        NodeConfig config = ConfigLoader.loadText(VALID + "ikec.ike.dh-reuse { uses = 100, max-age = 500ms }",
                ConfigLoader.Overrides.NONE);

        assertThat(config.ike().dhReuse()).isEqualTo(new DhReuse(100, Duration.ofMillis(500)));
        assertThat(config.ike().dhReuse().enabled()).isTrue();
    }

    @Test
    void dhReuseOutsideItsRangeIsRejected() {
        assertError(VALID + "ikec.ike.dh-reuse.max-age = 2h",
                "ikec.ike.dh-reuse.max-age: expected a duration from 0s to 1h, got PT2H; a private key that serves IKE"
                        + " SAs longer weakens their forward secrecy for longer");
        assertErrorStartsWith(VALID + "ikec.ike.dh-reuse.uses = 0", "ikec.ike.dh-reuse.uses: ");
        assertError(VALID + "ikec.ike.dh-reuse.times = 3",
                "ikec.ike.dh-reuse.times: unknown key; known keys here: max-age, uses");
    }

    @Test
    void defaultConfigurationBuildsPekkoClusterConfig() {
        NodeConfig config = ConfigLoader.loadDefault(ConfigLoader.Overrides.NONE);

        assertThat(config.pekko().getString("pekko.actor.provider")).isEqualTo("cluster");
        assertThat(config.pekko().getString("pekko.remote.artery.transport")).isEqualTo("tcp");
        assertThat(config.pekko().getString("pekko.remote.artery.canonical.hostname")).isEqualTo("127.0.0.1");
        assertThat(config.pekko().getInt("pekko.remote.artery.canonical.port")).isEqualTo(0);
        assertThat(config.pekko().getStringList("pekko.cluster.seed-nodes")).isEmpty();
        assertThat(config.pekko().getStringList("pekko.loggers"))
                .containsExactly("org.apache.pekko.event.slf4j.Slf4jLogger");
        assertThat(config.pekko().hasPath("pekko.cluster.sharding.number-of-shards")).isTrue();
    }

    @Test
    void commandLineOverridesWin() throws Exception {
        NodeConfig config = ConfigLoader.loadDefault(
                new ConfigLoader.Overrides(List.of("127.0.0.2", "::1"), 0, 0, "[::1]:0"));

        assertThat(config.listenAddresses()).containsExactly(InetAddress.getByName("127.0.0.2"),
                InetAddress.getByName("::1"));
        assertThat(config.ikePort()).isZero();
        assertThat(config.natPort()).isZero();
        assertThat(config.management()).isEqualTo(new InetSocketAddress("::1", 0));
    }

    @Test
    void listsMayBeCommaSeparatedStrings() {
        NodeConfig config = ConfigLoader.loadText(VALID.replace("proposals = [\"aes256gcm16-prfsha256-x25519\"]",
                "proposals = \"aes256gcm16-prfsha256-x25519, aes128-sha256-modp2048\""), ConfigLoader.Overrides.NONE);

        assertThat(config.ike().connections().get(0).proposals())
                .containsExactly("aes256gcm16-prfsha256-x25519", "aes128-sha256-modp2048");
    }

    @Test
    void hexSecretsAndClusterSecretAreDecoded() {
        NodeConfig config = ConfigLoader.loadText(VALID.replace("secret = \"s3cret\"", "secret = \"0x00ff10\"")
                + "ikec.cluster-secret = \"0x000102030405060708090a0b0c0d0e0f\"", ConfigLoader.Overrides.NONE);

        assertThat(config.ike().secrets().sharedKey(IkeIdentity.ANY, IkeIdentity.ANY))
                .hasValueSatisfying(key -> assertThat(key).containsExactly(0x00, 0xff, 0x10));
        assertThat(config.clusterSecretConfigured()).isTrue();
        assertThat(config.clusterSecret()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    }

    @Test
    void unknownAuthMethodIsRejected() {
        assertError(VALID.replace("local { auth = psk", "local { auth = eap"),
                "ikec.connections.rw.local.auth: auth = eap authenticates the peer and belongs in remote; authenticate"
                        + " the gateway with pubkey, rsa/pss or psk");
    }

    @Test
    void missingIdIsRejected() {
        assertError(VALID.replace("local { auth = psk, id = \"gw.ikec.test\" }", "local { auth = psk }"),
                "ikec.connections.rw.local.id: missing; set the identity, for example id = \"gw.example.org\"");
        assertError(VALID.replace("remote { auth = psk, id = \"%any\" }", "remote { auth = psk }"),
                "ikec.connections.rw.remote.id: missing; set the identity, for example id = \"%any\" to accept every peer");
    }

    @Test
    void badTrafficSelectorIsRejected() {
        assertError(VALID.replace("0.0.0.0/0", "10.0.0.0/33"),
                "ikec.connections.rw.children.net.local_ts: invalid traffic selector '10.0.0.0/33': prefix length"
                        + " out of range; write a CIDR block, a range a-b or dynamic, optionally with [protocol/port]");
        assertError(VALID.replace("0.0.0.0/0", "intranet.example"),
                "ikec.connections.rw.children.net.local_ts: invalid traffic selector 'intranet.example': host names"
                        + " are not accepted; write a CIDR block, a range a-b or dynamic");
    }

    @Test
    void durationWithoutUnitIsRejected() {
        assertError(VALID.replace("local {", "rekey_time = 3600, local {"),
                "ikec.connections.rw.rekey_time: the duration '3600' has no unit; write it with one, for example 30s, 10m or 4h");
        assertError(VALID + "ikec.ike.retransmit-timeout = \"4\"",
                "ikec.ike.retransmit-timeout: the duration '4' has no unit; write it with one, for example 30s, 10m or 4h");
    }

    @Test
    void noConnectionsIsRejected() {
        assertError("ikec { secrets { demo { secret = x } } }",
                "ikec.connections: no connection is configured; add one, for example connections { rw { ... } }");
        assertError("ikec { connections {}, secrets { demo { secret = x } } }",
                "ikec.connections: no connection is configured; add one, for example connections { rw { ... } }");
    }

    @Test
    void emptyProposalListIsRejected() {
        assertError(VALID.replace("[\"aes256gcm16-prfsha256-x25519\"]", "[]"),
                "ikec.connections.rw.proposals: the list is empty; give at least one proposal, for example"
                        + " [\"aes256gcm16-prfsha256-x25519\"]");
        assertError(VALID.replace("esp_proposals = [\"aes256gcm16\"]", "esp_proposals = []"),
                "ikec.connections.rw.children.net.esp_proposals: the list is empty; give at least one proposal,"
                        + " for example [\"aes256gcm16\"]");
    }

    @Test
    void unknownProposalKeywordIsRejectedAtStart() {
        assertErrorStartsWith(VALID.replace("[\"aes256gcm16-prfsha256-x25519\"]", "[\"aes999-sha256-modp2048\"]"),
                "ikec.connections.rw.proposals: invalid proposal 'aes999-sha256-modp2048': ");
        assertErrorStartsWith(VALID.replace("esp_proposals = [\"aes256gcm16\"]", "esp_proposals = [\"aes256gcm16-foo\"]"),
                "ikec.connections.rw.children.net.esp_proposals: invalid proposal 'aes256gcm16-foo': ");
    }

    @Test
    void severalSelectorsInOneElementAreRejected() {
        assertErrorStartsWith(VALID.replace("local_ts = [\"0.0.0.0/0\"]", "local_ts = [\"10.0.0.0/16 10.1.0.0/16\"]"),
                "ikec.connections.rw.children.net.local_ts: invalid traffic selector '10.0.0.0/16 10.1.0.0/16': give one"
                        + " selector per list element");
    }

    @Test
    void unknownKeyInConnectionIsRejected() {
        assertError(VALID.replace("proposals =", "proposal ="),
                "ikec.connections.rw.proposal: unknown key; did you mean 'proposals'?; known keys here: allow_weak,"
                        + " children, dpd_delay, local, local_addrs, over_time, pools, proposals, rand_time, rekey_time, remote,"
                        + " remote_addrs, remote_port, send_cert");
    }

    @Test
    void unknownKeyInChildIsRejected() {
        assertError(VALID.replace("local_ts =", "local_tss ="),
                "ikec.connections.rw.children.net.local_tss: unknown key; did you mean 'local_ts'?; known keys here:"
                        + " esp_proposals, life_time, local_ts, mode, rand_time, rekey_time, remote_ts");
    }

    @Test
    void missingSecretsAreRejected() {
        assertError(VALID.replace("secrets { demo { secret = \"s3cret\" } }", ""),
                "ikec.secrets: no secret is configured, but connections authenticate with psk; add one, for example"
                        + " secrets { demo { id = \"%any\", secret = \"...\" } }");
    }

    @Test
    void hostNameListenAddressIsRejected() {
        assertError(VALID + "ikec.listen.addresses = [\"gateway.example\"]",
                "ikec.listen.addresses: 'gateway.example' is not an IP address; host names are not accepted, write an"
                        + " address such as 127.0.0.1 or ::1");
    }

    @Test
    void sameIkeAndNatPortIsRejected() {
        assertError(VALID + "ikec.listen { port = 4500, nat-port = 4500 }",
                "ikec.listen.nat-port: equals port 4500; IKE and NAT-T need two different ports, usually 500 and 4500");
    }

    @Test
    void shortClusterSecretIsRejected() {
        assertError(VALID + "ikec.cluster-secret = \"short\"",
                "ikec.cluster-secret: too short (5 bytes); give at least 16 bytes of text, or 0x and 32 hex digits");
    }

    @Test
    void invalidManagementOverrideIsRejected() {
        assertThatThrownBy(() -> ConfigLoader.loadText(VALID, new ConfigLoader.Overrides(List.of(), null, null, "7500")))
                .isInstanceOf(ConfigError.class)
                .hasMessage("--mgmt: invalid address '7500'; write HOST:PORT, for example 127.0.0.1:7500 or [::1]:7500");
    }

    @Test
    void syntaxErrorNamesTheLine() {
        assertThatThrownBy(() -> ConfigLoader.loadText("ikec { connections { ", ConfigLoader.Overrides.NONE))
                .isInstanceOf(ConfigError.class)
                .hasMessageStartingWith("configuration: String: 1:");
    }

    private static void assertErrorStartsWith(String hocon, String messageStart) {
        assertThatThrownBy(() -> ConfigLoader.loadText(hocon, ConfigLoader.Overrides.NONE))
                .isInstanceOf(ConfigError.class)
                .hasMessageStartingWith(messageStart);
    }

    private static void assertError(String hocon, String message) {
        assertThatThrownBy(() -> ConfigLoader.loadText(hocon, ConfigLoader.Overrides.NONE))
                .isInstanceOf(ConfigError.class)
                .hasMessage(message);
    }
}
