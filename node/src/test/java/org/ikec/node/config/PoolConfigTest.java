package org.ikec.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;

import org.ikec.protocol.vip.AddressPoolConfig;
import org.junit.jupiter.api.Test;

class PoolConfigTest {

    private static String config(String pools, String connectionPools) {
        return """
                ikec {
                  pools { %s }
                  connections {
                    rw {
                      proposals = ["aes256gcm16-prfsha256-x25519"]
                      local { auth = psk, id = "gw.ikec.test" }
                      remote { auth = psk, id = "%%any" }
                      children { net { local_ts = ["0.0.0.0/0"], esp_proposals = ["aes256gcm16"] } }
                      pools = %s
                    }
                  }
                  secrets { demo { secret = "s3cret" } }
                }
                """.formatted(pools, connectionPools);
    }

    private static NodeConfig load(String hocon) {
        return ConfigLoader.loadText(hocon, ConfigLoader.Overrides.NONE);
    }

    private static void assertError(String hocon, String message) {
        assertThatThrownBy(() -> load(hocon)).isInstanceOf(ConfigError.class).hasMessage(message);
    }

    @Test
    void ipv4AndIpv6PoolsAreParsed() throws Exception {
        NodeConfig config = load(config("""
                rw4 { addrs = "10.3.0.0/24", dns = ["192.0.2.53"] }
                rw6 { addrs = "fd00:3::/120", dns = ["2001:db8::53"] }
                """, "[\"rw4\", \"rw6\"]"));

        assertThat(config.ike().pools()).containsExactly(
                new AddressPoolConfig("rw4", InetAddress.getByName("10.3.0.0"), 24,
                        List.of(InetAddress.getByName("192.0.2.53"))),
                new AddressPoolConfig("rw6", InetAddress.getByName("fd00:3::"), 120,
                        List.of(InetAddress.getByName("2001:db8::53"))));
        assertThat(config.ike().connections().get(0).pools()).containsExactly("rw4", "rw6");
    }

    @Test
    void connectionWithoutPoolsHasNone() {
        NodeConfig config = load(config("", "[]"));

        assertThat(config.ike().pools()).isEmpty();
        assertThat(config.ike().connections().get(0).pools()).isEmpty();
    }

    @Test
    void unknownPoolIsRejected() {
        assertError(config("rw4 { addrs = \"10.3.0.0/24\" }", "[\"rw6\"]"),
                "ikec.connections.rw.pools: unknown pool 'rw6'; configured pools: [rw4]. Add it, for example"
                        + " pools { rw6 { addrs = \"10.3.0.0/24\" } }");
    }

    @Test
    void reservedPoolNameIsRejected() {
        assertError(config("radius { addrs = \"10.3.0.0/24\" }", "[\"radius\"]"),
                "ikec.pools.radius: the pool name 'radius' is reserved for addresses that a RADIUS server assigns"
                        + " outside every pool; rename the pool");
    }

    @Test
    void invalidPrefixLengthIsRejected() {
        assertError(config("rw4 { addrs = \"10.3.0.0/33\" }", "[\"rw4\"]"),
                "ikec.pools.rw4.addrs: invalid prefix length '33' in '10.3.0.0/33'; give a number from 0 to 32");
    }

    @Test
    void missingPrefixIsRejected() {
        assertError(config("rw4 { addrs = \"10.3.0.1\" }", "[\"rw4\"]"),
                "ikec.pools.rw4.addrs: '10.3.0.1' is not a CIDR block; write an address and a prefix length,"
                        + " for example \"10.3.0.0/24\" or \"fd00:3::/120\"");
    }

    @Test
    void hostBitsAreRejected() {
        assertError(config("rw4 { addrs = \"10.3.0.5/24\" }", "[\"rw4\"]"),
                "ikec.pools.rw4.addrs: '10.3.0.5/24' has host bits set after the prefix; write the network address"
                        + " of the block");
    }

    @Test
    void poolAboveLimitIsRejected() {
        assertError(config("rw4 { addrs = \"10.0.0.0/11\" }", "[\"rw4\"]"),
                "ikec.pools.rw4.addrs: pool '10.0.0.0/11' has 2^21 addresses, more than the limit of 2^20 (1048576);"
                        + " use a prefix length of /12 or longer");
        assertError(config("rw6 { addrs = \"fd00::/64\" }", "[\"rw6\"]"),
                "ikec.pools.rw6.addrs: pool 'fd00::/64' has 2^64 addresses, more than the limit of 2^20 (1048576);"
                        + " use a prefix length of /108 or longer");
    }

    @Test
    void poolAtLimitIsAccepted() {
        NodeConfig config = load(config("rw4 { addrs = \"10.0.0.0/12\" }", "[\"rw4\"]"));

        assertThat(config.ike().pools().get(0).prefixLength()).isEqualTo(12);
    }

    @Test
    void hostNameIsRejected() {
        assertError(config("rw4 { addrs = \"vpn.example/24\" }", "[\"rw4\"]"),
                "ikec.pools.rw4.addrs: 'vpn.example' is not an IP address; host names are not accepted, write an"
                        + " address such as 127.0.0.1 or ::1");
    }
}
