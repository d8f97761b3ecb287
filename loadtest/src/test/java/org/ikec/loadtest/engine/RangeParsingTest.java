package org.ikec.loadtest.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

class RangeParsingTest {

    @Test
    void addressRangeListsEveryAddress() throws Exception {
        AddressRange range = AddressRange.parse("127.1.0.254-127.1.1.1");

        assertThat(range.size()).isEqualTo(4);
        assertThat(range.addresses()).containsExactly(InetAddress.getByName("127.1.0.254"),
                InetAddress.getByName("127.1.0.255"), InetAddress.getByName("127.1.1.0"), InetAddress.getByName("127.1.1.1"));
        assertThat(range.toString()).isEqualTo("127.1.0.254-127.1.1.1");
    }

    @Test
    void singleAddressIsRangeOfOne() throws Exception {
        AddressRange range = AddressRange.parse("127.1.0.1");

        assertThat(range.size()).isEqualTo(1);
        assertThat(range.addresses()).containsExactly(InetAddress.getByName("127.1.0.1"));
        assertThat(range.toString()).isEqualTo("127.1.0.1");
    }

    @Test
    void ipv6RangeCarriesOver() throws Exception {
        AddressRange range = AddressRange.parse("2001:db8::ffff-2001:db8::1:1");

        assertThat(range.size()).isEqualTo(3);
        assertThat(range.addresses().get(1)).isEqualTo(InetAddress.getByName("2001:db8::1:0"));
    }

    @Test
    void addressRangeRejectsBadInput() {
        assertThatThrownBy(() -> AddressRange.parse("127.1.0.9-127.1.0.1"))
                .hasMessage("the range 127.1.0.9-127.1.0.1 ends before it starts");
        assertThatThrownBy(() -> AddressRange.parse("127.1.0.1-::1"))
                .hasMessage("the range 127.1.0.1-0:0:0:0:0:0:0:1 mixes IPv4 and IPv6");
        assertThatThrownBy(() -> AddressRange.parse("localhost"))
                .hasMessage("invalid address 'localhost' in 'localhost'; use a literal IP address");
        assertThatThrownBy(() -> AddressRange.parse("10.0.0.0-10.2.0.0"))
                .hasMessage("the range 10.0.0.0-10.2.0.0 has more than 65536 addresses");
        assertThatThrownBy(() -> AddressRange.parse("1.2.3.4-1.2.3.5-1.2.3.6"))
                .hasMessage("invalid address range '1.2.3.4-1.2.3.5-1.2.3.6'; expected ADDRESS or ADDRESS-ADDRESS");
    }

    @Test
    void portRangeParses() {
        assertThat(PortRange.parse("500")).isEqualTo(new PortRange(500, 500));
        assertThat(PortRange.parse("40000-40063").size()).isEqualTo(64);
        assertThat(PortRange.parse("40000-40063").toString()).isEqualTo("40000-40063");
    }

    @Test
    void portRangeRejectsBadInput() {
        assertThatThrownBy(() -> PortRange.parse("0")).hasMessage("invalid port range 0-0; ports are 1 to 65535");
        assertThatThrownBy(() -> PortRange.parse("600-500")).hasMessage("the port range 600-500 ends before it starts");
        assertThatThrownBy(() -> PortRange.parse("x")).hasMessage("invalid port 'x' in 'x'; expected a number from 1 to 65535");
    }
}
