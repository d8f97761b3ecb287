package org.ikec.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The {@code ikec.cluster.transport} setting and the Artery configuration it selects. */
class ClusterTransportConfigTest {

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
              secrets { s { id = "%any", secret = "a secret" } }
            }
            """;

    @Test
    void transportDefaultsToTcp() {
        NodeConfig config = ConfigLoader.loadText(VALID, ConfigLoader.Overrides.NONE);

        assertThat(config.pekko().getString("pekko.remote.artery.transport")).isEqualTo("tcp");
        assertThat(config.pekko().getString("pekko.remote.artery.advanced.aeron.aeron-dir")).isEqualTo("");
    }

    @Test
    void aeronUdpEmbedsMediaDriverInOwnDirectory() {
        NodeConfig config = ConfigLoader.loadText(VALID
                + "ikec.cluster { address = \"127.0.0.12\", port = 25520, transport = aeron-udp }",
                ConfigLoader.Overrides.NONE);

        assertThat(config.pekko().getString("pekko.remote.artery.transport")).isEqualTo("aeron-udp");
        assertThat(config.pekko().getBoolean("pekko.remote.artery.advanced.aeron.embedded-media-driver")).isTrue();
        assertThat(config.pekko().getBoolean("pekko.remote.artery.advanced.aeron.delete-aeron-dir")).isTrue();
        assertThat(config.pekko().getString("pekko.remote.artery.advanced.aeron.aeron-dir"))
                .isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "ikec-aeron-127.0.0.12-25520").toString());
        assertThat(config.pekko().getString("pekko.remote.artery.canonical.hostname")).isEqualTo("127.0.0.12");
        assertThat(config.pekko().getInt("pekko.remote.artery.canonical.port")).isEqualTo(25520);
    }

    @Test
    void distributedDataGossipsEveryTenSeconds() {
        NodeConfig config = ConfigLoader.loadText(VALID, ConfigLoader.Overrides.NONE);

        assertThat(config.pekko().getDuration("pekko.cluster.distributed-data.gossip-interval"))
                .isEqualTo(Duration.ofSeconds(10));
        assertThat(config.pekko().getDuration("pekko.cluster.typed.receptionist.distributed-data.gossip-interval"))
                .isEqualTo(Duration.ofSeconds(2));
        assertThat(config.pekko().getString("pekko.cluster.typed.receptionist.distributed-data.role")).isEmpty();
    }

    @Test
    void pekkoSectionOverridesGossipInterval() {
        NodeConfig config = ConfigLoader.loadText(VALID + "pekko.cluster.distributed-data.gossip-interval = 2 s",
                ConfigLoader.Overrides.NONE);

        assertThat(config.pekko().getDuration("pekko.cluster.distributed-data.gossip-interval"))
                .isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void shardingUsesHundredShards() {
        NodeConfig config = ConfigLoader.loadText(VALID, ConfigLoader.Overrides.NONE);

        assertThat(config.pekko().getInt("pekko.cluster.sharding.number-of-shards")).isEqualTo(100);
    }

    @Test
    void pekkoSectionOverridesShardCount() {
        NodeConfig config = ConfigLoader.loadText(VALID + "pekko.cluster.sharding.number-of-shards = 300",
                ConfigLoader.Overrides.NONE);

        assertThat(config.pekko().getInt("pekko.cluster.sharding.number-of-shards")).isEqualTo(300);
    }

    @Test
    void aeronDirOfFreePortNamesProcess() {
        NodeConfig config = ConfigLoader.loadText(VALID + "ikec.cluster.transport = aeron-udp",
                ConfigLoader.Overrides.NONE);

        assertThat(config.pekko().getString("pekko.remote.artery.advanced.aeron.aeron-dir"))
                .isEqualTo(Path.of(System.getProperty("java.io.tmpdir"),
                        "ikec-aeron-127.0.0.1-pid" + ProcessHandle.current().pid()).toString());
    }

    @Test
    void pekkoSectionOverridesAeronSetting() {
        NodeConfig config = ConfigLoader.loadText(VALID + "ikec.cluster.transport = aeron-udp\n"
                + "pekko.remote.artery.advanced.aeron.idle-cpu-level = 1", ConfigLoader.Overrides.NONE);

        assertThat(config.pekko().getInt("pekko.remote.artery.advanced.aeron.idle-cpu-level")).isEqualTo(1);
        assertThat(config.pekko().getBoolean("pekko.remote.artery.advanced.aeron.embedded-media-driver")).isTrue();
    }

    @Test
    void unknownTransportIsRejected() {
        assertThatThrownBy(() -> ConfigLoader.loadText(VALID + "ikec.cluster.transport = udp",
                ConfigLoader.Overrides.NONE))
                .isInstanceOf(ConfigError.class)
                .hasMessage("ikec.cluster.transport: unknown transport 'udp'; write tcp or aeron-udp");
    }

    @Test
    void listTransportIsRejected() {
        assertThatThrownBy(() -> ConfigLoader.loadText(VALID + "ikec.cluster.transport = [tcp]",
                ConfigLoader.Overrides.NONE))
                .isInstanceOf(ConfigError.class)
                .hasMessage("ikec.cluster.transport: expected a string, got a list");
    }
}
