package org.ikec.loadtest.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;
import java.util.List;

import org.ikec.protocol.wire.ConfigAttribute;
import org.ikec.protocol.wire.ConfigAttributeType;
import org.ikec.protocol.wire.ConfigType;
import org.ikec.protocol.wire.Configuration;
import org.junit.jupiter.api.Test;

class VirtualIpTallyTest {

    private static final HexFormat HEX = HexFormat.of();

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void distinctGrantsHaveNoDuplicates() {
        VirtualIpTally tally = new VirtualIpTally(VirtualIpRequest.V4);

        tally.granted(1, List.of(address("10.3.0.1")));
        tally.granted(2, List.of(address("10.3.0.2")));
        tally.addressFailed();

        assertThat(tally.summary()).isEqualTo(new VirtualIpSummary("v4", 2, 2, 2, 0, List.of(), 1, 0, 0));
    }

    @Test
    void addressHeldByLiveSaIsDuplicate() {
        VirtualIpTally tally = new VirtualIpTally(VirtualIpRequest.V4);

        tally.granted(1, List.of(address("10.3.0.1")));
        tally.granted(2, List.of(address("10.3.0.1")));

        VirtualIpSummary summary = tally.summary();
        assertThat(summary.duplicates()).isEqualTo(1);
        assertThat(summary.duplicateExamples()).containsExactly("10.3.0.1 (clients 1 and 2)");
        assertThat(summary.distinctAddresses()).isEqualTo(1);
    }

    @Test
    void releasedAddressMayGoToAnotherClient() {
        VirtualIpTally tally = new VirtualIpTally(VirtualIpRequest.V4);

        tally.granted(1, List.of(address("10.3.0.1")));
        tally.released(1);
        tally.granted(2, List.of(address("10.3.0.1")));

        assertThat(tally.summary().duplicates()).isEqualTo(0);
    }

    @Test
    void reconnectsCountSameAndOtherAddress() {
        VirtualIpTally tally = new VirtualIpTally(VirtualIpRequest.BOTH);
        List<InetAddress> first = List.of(address("10.3.0.1"), address("fd00::1"));

        tally.granted(1, first);
        tally.released(1);
        tally.granted(1, first);
        tally.released(1);
        tally.granted(1, List.of(address("10.3.0.9"), address("fd00::1")));

        assertThat(tally.summary()).isEqualTo(new VirtualIpSummary("both", 3, 1, 3, 0, List.of(), 0, 1, 1));
    }

    @Test
    void duplicateExamplesStopAtFive() {
        VirtualIpTally tally = new VirtualIpTally(VirtualIpRequest.V4);

        for (int number = 1; number <= 8; number++) {
            tally.granted(number, List.of(address("10.3.0.1")));
        }

        assertThat(tally.summary().duplicates()).isEqualTo(7);
        assertThat(tally.summary().duplicateExamples()).containsExactly("10.3.0.1 (clients 1 and 2)",
                "10.3.0.1 (clients 2 and 3)", "10.3.0.1 (clients 3 and 4)", "10.3.0.1 (clients 4 and 5)",
                "10.3.0.1 (clients 5 and 6)");
    }

    @Test
    void requestCarriesEmptyAddressAttributes() {
        assertThat(VirtualIpRequest.BOTH.configuration()).isEqualTo(new Configuration(ConfigType.CFG_REQUEST, List.of(
                new ConfigAttribute(ConfigAttributeType.INTERNAL_IP4_ADDRESS, new byte[0]),
                new ConfigAttribute(ConfigAttributeType.INTERNAL_IP6_ADDRESS, new byte[0]))));
        assertThat(VirtualIpRequest.V6.configuration().attributes()).containsExactly(
                new ConfigAttribute(ConfigAttributeType.INTERNAL_IP6_ADDRESS, new byte[0]));
    }

    @Test
    void replyAddressesSkipOtherAttributes() {
        Configuration reply = new Configuration(ConfigType.CFG_REPLY, List.of(
                new ConfigAttribute(ConfigAttributeType.INTERNAL_IP4_ADDRESS, HEX.parseHex("0a030007")),
                new ConfigAttribute(ConfigAttributeType.INTERNAL_IP4_DNS, HEX.parseHex("c0000235")),
                new ConfigAttribute(ConfigAttributeType.INTERNAL_IP6_ADDRESS,
                        HEX.parseHex("fd000000000000000000000000000005" + "80"))));

        assertThat(VirtualIpRequest.addressesIn(reply)).containsExactly(address("10.3.0.7"), address("fd00::5"));
        assertThat(VirtualIpRequest.addressesIn(null)).isEmpty();
    }

    @Test
    void parseAcceptsFamiliesOnly() {
        assertThat(VirtualIpRequest.parse("V4")).isEqualTo(VirtualIpRequest.V4);
        assertThat(VirtualIpRequest.parse("both")).isEqualTo(VirtualIpRequest.BOTH);
        assertThatThrownBy(() -> VirtualIpRequest.parse("ipv4"))
                .hasMessage("'ipv4' is not none, v4, v6 or both");
    }
}
