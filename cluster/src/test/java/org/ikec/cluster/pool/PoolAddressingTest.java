package org.ikec.cluster.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ikec.cluster.pool.PoolNode.address;
import static org.ikec.cluster.pool.PoolNode.pool;

import java.time.Duration;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

class PoolAddressingTest {

    private static PoolSettings settings(int segmentSize, int maxPoolSize) {
        Duration second = Duration.ofSeconds(1);
        return new PoolSettings(segmentSize, maxPoolSize, second, second, second, second, 10, second);
    }

    @Test
    void ipv4PrefixSkipsNetworkAndBroadcast() {
        PoolAddressing addressing = new PoolAddressing(pool("rw4", "192.0.2.0", 24), settings(256, 1 << 20));

        assertThat(addressing.size()).isEqualTo(254);
        assertThat(addressing.segmentCount()).isEqualTo(1);
        assertThat(addressing.addressAt(0)).isEqualTo(address("192.0.2.1"));
        assertThat(addressing.addressAt(253)).isEqualTo(address("192.0.2.254"));
        assertThat(addressing.offsetOf(address("192.0.2.0"))).isEqualTo(OptionalInt.empty());
        assertThat(addressing.offsetOf(address("192.0.2.255"))).isEqualTo(OptionalInt.empty());
        assertThat(addressing.offsetOf(address("192.0.2.200"))).isEqualTo(OptionalInt.of(199));
    }

    @Test
    void hostBitsOfNetworkAreIgnored() {
        PoolAddressing addressing = new PoolAddressing(pool("rw4", "198.51.100.77", 28), settings(4, 1 << 20));

        assertThat(addressing.addressAt(0)).isEqualTo(address("198.51.100.65"));
        assertThat(addressing.size()).isEqualTo(14);
    }

    @Test
    void segmentsSplitOffsets() {
        PoolAddressing addressing = new PoolAddressing(pool("rw4", "198.51.100.64", 28), settings(4, 1 << 20));

        assertThat(addressing.segmentCount()).isEqualTo(4);
        assertThat(addressing.segmentOf(13)).isEqualTo(3);
        assertThat(addressing.firstOffset(3)).isEqualTo(12);
        assertThat(addressing.segmentLength(2)).isEqualTo(4);
        assertThat(addressing.segmentLength(3)).isEqualTo(2);
        assertThat(addressing.nextSegment(3)).isEqualTo(0);
    }

    @Test
    void shortPrefixesUseOnlyStart() {
        PoolAddressing ipv6 = new PoolAddressing(pool("rw6", "2001:db8::", 64), settings(256, 1024));
        PoolAddressing pointToPoint = new PoolAddressing(pool("p2p", "203.0.113.8", 31), settings(256, 1024));

        assertThat(ipv6.truncated()).isTrue();
        assertThat(ipv6.size()).isEqualTo(1024);
        assertThat(ipv6.addressAt(0)).isEqualTo(address("2001:db8::1"));
        assertThat(ipv6.addressAt(1023)).isEqualTo(address("2001:db8::400"));
        assertThat(ipv6.offsetOf(address("192.0.2.1"))).isEqualTo(OptionalInt.empty());
        assertThat(pointToPoint.size()).isEqualTo(2);
        assertThat(pointToPoint.addressAt(0)).isEqualTo(address("203.0.113.8"));
    }

    @Test
    void homeSegmentIsStable() {
        PoolAddressing addressing = new PoolAddressing(pool("rw4", "198.51.100.0", 26), settings(16, 1 << 20));

        assertThat(addressing.homeSegment("alice@example.org")).isEqualTo(0);
        assertThat(addressing.homeSegment("bob@example.org")).isEqualTo(1);
        assertThat(addressing.homeSegment("carol@example.org")).isEqualTo(3);
    }

    @Test
    void invalidPrefixRejected() {
        assertThatThrownBy(() -> new PoolAddressing(pool("bad", "192.0.2.0", 33), settings(16, 1 << 20)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pool bad has an invalid prefix length /33");
    }
}
