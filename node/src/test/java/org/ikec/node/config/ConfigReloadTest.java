package org.ikec.node.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.ikec.cluster.ReloadResult;
import org.junit.jupiter.api.Test;

/** Which changes a running node accepts from a reread configuration file. */
class ConfigReloadTest {

    private static final String NODE = "ikec@127.0.0.1:25520";

    private static String config(String listen, String cluster, String ike, String connections, String secrets) {
        return """
                ikec {
                  listen { %s }
                  cluster { %s }
                  cluster-secret = "config-reload-test-cluster-secret"
                  ike { %s }
                  connections { %s }
                  secrets { %s }
                }
                """.formatted(listen, cluster, ike, connections, secrets);
    }

    private static final String LISTEN = "addresses = [\"127.0.0.1\"], port = 500, nat-port = 4500";
    private static final String CLUSTER = "address = \"127.0.0.1\", port = 25520";
    private static final String RW = """
            rw {
              proposals = ["aes256gcm16-prfsha256-x25519"]
              local { auth = psk, id = "gw.ikec.test" }
              remote { auth = psk, id = "%any" }
              children { net { local_ts = ["0.0.0.0/0"], esp_proposals = ["aes256gcm16"] } }
            }
            """;
    private static final String SECRET = "s { secret = \"first-psk\" }";

    private static NodeConfig load(String text) {
        return ConfigLoader.loadText(text, ConfigLoader.Overrides.NONE);
    }

    @Test
    void newSecretAndTimersApply() {
        NodeConfig running = load(config(LISTEN, CLUSTER, "", RW, SECRET));
        NodeConfig next = load(config(LISTEN, CLUSTER, "retransmit-timeout = 2s",
                RW, SECRET + "\nt { id = \"bob@ikec.test\", secret = \"second-psk\" }"));

        ReloadResult result = ConfigReload.compare(NODE, running, next);

        assertThat(result.applied()).isTrue();
        assertThat(result.error()).isNull();
        assertThat(result.added()).isEmpty();
        assertThat(result.changed()).isEmpty();
        assertThat(result.removed()).isEmpty();
        assertThat(result.secrets()).isEqualTo(2);
    }

    @Test
    void connectionsAddedChangedRemoved() {
        String site = RW.replace("rw {", "site {");
        NodeConfig running = load(config(LISTEN, CLUSTER, "", RW + site, SECRET));
        String changedRw = RW.replace("aes256gcm16-prfsha256-x25519", "aes128gcm16-prfsha256-ecp256");
        NodeConfig next = load(config(LISTEN, CLUSTER, "", changedRw + RW.replace("rw {", "office {"), SECRET));

        ReloadResult result = ConfigReload.compare(NODE, running, next);

        assertThat(result.applied()).isTrue();
        assertThat(result.added()).containsExactly("office");
        assertThat(result.changed()).containsExactly("rw");
        assertThat(result.removed()).containsExactly("site");
    }

    @Test
    void changedPoolMarksItsConnectionChanged() {
        String rwWithPool = RW.replace("children {", "pools = [\"rw4\"]\n  children {");
        String running = config(LISTEN, CLUSTER, "", rwWithPool + RW.replace("rw {", "site {"), SECRET)
                .replace("  secrets {", "  pools { rw4 { addrs = \"10.3.0.0/24\" } }\n  secrets {");
        String next = running.replace("10.3.0.0/24", "10.4.0.0/24");

        ReloadResult result = ConfigReload.compare(NODE, load(running), load(next));

        assertThat(result.applied()).isTrue();
        assertThat(result.changed()).containsExactly("rw");
    }

    @Test
    void poolsAddedChangedRemovedListed() {
        String text = config(LISTEN, CLUSTER, "", RW, SECRET).replace("  secrets {",
                "  pools { POOLS }\n  secrets {");
        NodeConfig running = load(text.replace("POOLS",
                "rw4 { addrs = \"10.3.0.0/24\" }, old4 { addrs = \"10.9.0.0/24\" }"));
        NodeConfig next = load(text.replace("POOLS",
                "rw4 { addrs = \"10.3.0.0/23\" }, rw6 { addrs = \"fd00:3::/120\" }"));

        ReloadResult result = ConfigReload.compare(NODE, running, next);

        assertThat(result.applied()).isTrue();
        assertThat(result.poolsAdded()).containsExactly("rw6");
        assertThat(result.poolsChanged()).containsExactly("rw4");
        assertThat(result.poolsRemoved()).containsExactly("old4");
        assertThat(result.poolsRejected()).isEmpty();
        assertThat(result.changed()).isEmpty();
    }

    @Test
    void poolDnsChangeIsPoolChange() {
        String text = config(LISTEN, CLUSTER, "", RW, SECRET).replace("  secrets {",
                "  pools { rw4 { addrs = \"10.3.0.0/24\", dns = [\"DNS\"] } }\n  secrets {");

        ReloadResult result = ConfigReload.compare(NODE, load(text.replace("DNS", "192.0.2.53")),
                load(text.replace("DNS", "192.0.2.54")));

        assertThat(result.poolsChanged()).containsExactly("rw4");
        assertThat(result.poolsAdded()).isEmpty();
        assertThat(result.poolsRemoved()).isEmpty();
    }

    @Test
    void radiusChangesDetected() {
        String radius = """
                  eap-radius {
                    servers = [ { address = 127.0.0.1, port = PORT, secret = "SECRET", timeout = TIMEOUT } ]
                    nas-identifier = NAS
                  }
                """;
        String withRadius = config(LISTEN, CLUSTER, "", RW.replace("remote { auth = psk, id = \"%any\" }",
                "remote { auth = eap-radius }"), SECRET).replace("  secrets {", radius + "  secrets {");
        String base = withRadius.replace("PORT", "1812").replace("SECRET", "first").replace("TIMEOUT", "2s")
                .replace("NAS", "ikec");
        NodeConfig running = load(base);

        assertThat(ConfigReload.compare(NODE, running, load(base)).radiusChanged()).isFalse();
        assertThat(ConfigReload.compare(NODE, running, load(base.replace("\"first\"", "\"second\"")))
                .radiusChanged()).as("secret").isTrue();
        assertThat(ConfigReload.compare(NODE, running, load(base.replace("port = 1812", "port = 11812")))
                .radiusChanged()).as("port").isTrue();
        assertThat(ConfigReload.compare(NODE, running, load(base.replace("timeout = 2s", "timeout = 3s")))
                .radiusChanged()).as("timeout").isTrue();
        assertThat(ConfigReload.compare(NODE, running, load(base.replace("nas-identifier = ikec",
                "nas-identifier = gw2"))).radiusChanged()).as("NAS-Identifier").isTrue();
        assertThat(ConfigReload.compare(NODE, load(config(LISTEN, CLUSTER, "", RW, SECRET)), running)
                .radiusChanged()).as("RADIUS added").isTrue();
    }

    @Test
    void settingsBoundAtStartAreRejectedByName() {
        NodeConfig running = load(config(LISTEN, CLUSTER, "", RW, SECRET));
        NodeConfig next = load(config(LISTEN.replace("port = 500", "port = 5500"),
                CLUSTER + ", seed-nodes = [\"pekko://ikec@127.0.0.1:25521\"]", "cookie-threshold = 10", RW, SECRET));

        ReloadResult result = ConfigReload.compare(NODE, running, next);

        assertThat(result.applied()).isFalse();
        assertThat(result.node()).isEqualTo(NODE);
        assertThat(result.error()).isEqualTo("reload rejected: ikec.listen.port, ikec.cluster.seed-nodes,"
                + " ikec.ike.cookie-threshold cannot change while the node runs; restart the node to apply them,"
                + " or restore the running value");
    }

    @Test
    void logOutputChangeIsRejected() {
        NodeConfig running = load(config(LISTEN, CLUSTER, "", RW, SECRET));
        NodeConfig next = load(config(LISTEN, CLUSTER, "", RW, SECRET).replace("  ike {",
                "  logging { log-keys = true }\n  ike {"));

        ReloadResult result = ConfigReload.compare(NODE, running, next);

        assertThat(result.applied()).isFalse();
        assertThat(result.error()).isEqualTo("reload rejected: ikec.logging cannot change while the node runs;"
                + " restart the node to apply it, or restore the running value");
    }

    @Test
    void pekkoSectionChangeIsRejected() {
        NodeConfig running = load(config(LISTEN, CLUSTER, "", RW, SECRET));
        NodeConfig next = load(config(LISTEN, CLUSTER, "", RW, SECRET) + "pekko.loglevel = DEBUG\n");

        ReloadResult result = ConfigReload.compare(NODE, running, next);

        assertThat(result.applied()).isFalse();
        assertThat(result.error()).isEqualTo("reload rejected: pekko cannot change while the node runs; restart"
                + " the node to apply it, or restore the running value");
    }

    @Test
    void unchangedFileIsApplied() {
        String text = config(LISTEN, CLUSTER, "", RW, SECRET);

        ReloadResult result = ConfigReload.compare(NODE, load(text), load(text));

        assertThat(result.applied()).isTrue();
        assertThat(result.secrets()).isEqualTo(1);
    }
}
