package org.ikec.node.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The executor and thread count of the dispatcher that runs the IKE SA entities. */
class DispatcherConfigTest {

    private static final String DISPATCHER = "pekko.actor.default-dispatcher.fork-join-executor.";
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
    void oneThreadPerCoreByDefault() {
        NodeConfig config = ConfigLoader.loadText(VALID, ConfigLoader.Overrides.NONE);

        assertThat(config.pekko().getInt(DISPATCHER + "parallelism-min")).isEqualTo(1);
        assertThat(config.pekko().getDouble(DISPATCHER + "parallelism-factor")).isEqualTo(1.0);
        assertThat(config.pekko().getInt(DISPATCHER + "parallelism-max")).isEqualTo(64);
    }

    @Test
    void eventLoopConfiguratorByDefault() {
        NodeConfig config = ConfigLoader.loadText(VALID, ConfigLoader.Overrides.NONE);

        assertThat(config.pekko().getString("pekko.actor.default-dispatcher.executor"))
                .isEqualTo("org.ikec.node.loop.EventLoopConfigurator");
    }

    @Test
    void pekkoSectionRestoresForkJoinPool() {
        NodeConfig config = ConfigLoader.loadText(VALID
                + "pekko.actor.default-dispatcher.executor = \"fork-join-executor\"", ConfigLoader.Overrides.NONE);

        assertThat(config.pekko().getString("pekko.actor.default-dispatcher.executor")).isEqualTo("fork-join-executor");
    }

    @Test
    void shardsRunOnEntitiesDispatcher() {
        NodeConfig config = ConfigLoader.loadText(VALID, ConfigLoader.Overrides.NONE);

        assertThat(config.pekko().getString("pekko.cluster.sharding.use-dispatcher"))
                .isEqualTo("pekko.actor.default-dispatcher");
    }

    @Test
    void pekkoSectionOverridesThreadCount() {
        NodeConfig config = ConfigLoader.loadText(VALID
                + "pekko.actor.default-dispatcher.fork-join-executor.parallelism-min = 8", ConfigLoader.Overrides.NONE);

        assertThat(config.pekko().getInt(DISPATCHER + "parallelism-min")).isEqualTo(8);
    }
}
