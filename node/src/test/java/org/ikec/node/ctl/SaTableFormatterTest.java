package org.ikec.node.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.ikec.cluster.SaSnapshot;
import org.ikec.node.mgmt.ManagementServerTest;
import org.junit.jupiter.api.Test;

class SaTableFormatterTest {

    @Test
    void formatsIkeSaWithChildSa() {
        String table = SaTableFormatter.format(List.of(ManagementServerTest.SA), Instant.parse("2025-01-02T03:05:10Z"));

        assertThat(table).isEqualTo("""
                rw: 8877665544332211, ESTABLISHED, responder, node pekko://ikec@127.0.0.1:25520
                  spis     1122334455667788_i 8877665544332211_r*
                  local    'gw.ikec.test' @ 127.0.0.1:500
                  remote   'alice@ikec.test' @ 127.0.0.1:40000
                  proposal aes256gcm16-prfsha256-x25519
                  established 1m 5s ago
                  net: INSTALLED, aes256gcm16
                    spis     in c1000001, out c2000002
                    installed 1m 4s ago
                    local    0.0.0.0/0
                    remote   10.3.0.1/32
                """);
    }

    @Test
    void virtualIpsFollowRemoteAddress() {
        SaSnapshot plain = ManagementServerTest.SA;
        SaSnapshot sa = new SaSnapshot(plain.id(), plain.node(), plain.connection(), plain.tunnelIndex(), plain.state(),
                plain.initiator(), plain.spiI(), plain.spiR(), plain.localAddress(), plain.remoteAddress(),
                plain.localId(), plain.remoteId(), plain.proposal(), plain.establishedAt(), plain.ikeLifetimeSeconds(),
                plain.authMethod(), plain.ikeTraffic(), List.of(), List.of("10.3.0.1", "fd00:3::1"));

        String table = SaTableFormatter.format(List.of(sa), Instant.parse("2025-01-02T03:05:10Z"));

        assertThat(table).contains("\n  remote   'alice@ikec.test' @ 127.0.0.1:40000 [10.3.0.1 fd00:3::1]\n");
    }

    @Test
    void emptyListSaysSo() {
        assertThat(SaTableFormatter.format(List.of(), Instant.EPOCH)).isEqualTo("no IKE SAs\n");
    }

    @Test
    void agesUseLargestUnits() {
        Instant now = Instant.parse("2025-01-02T10:00:00Z");

        assertThat(SaTableFormatter.ago(now.minusSeconds(42), now)).isEqualTo("42s ago");
        assertThat(SaTableFormatter.ago(now.minusSeconds(7260), now)).isEqualTo("2h 1m ago");
        assertThat(SaTableFormatter.ago(now.plusSeconds(5), now)).isEqualTo("0s ago");
    }
}
