package org.ikec.node.mgmt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.ikec.cluster.IkeAuthMethod;
import org.ikec.cluster.SaSnapshot;
import org.ikec.protocol.ike.IkeTraffic;
import org.junit.jupiter.api.Test;

/** The query parameters that select IKE SAs for list and terminate. */
class SaFilterTest {

    private static SaSnapshot sa(String node, String remoteAddress, String remoteId, String connection) {
        return new SaSnapshot("0000000000000001", node, connection, null, "ESTABLISHED", false, "1111222233334444",
                "0000000000000001", "198.51.100.1:500", remoteAddress, "gw.ikec.test", remoteId, null, null, 0,
                IkeAuthMethod.PRE_SHARED_KEY, IkeTraffic.NONE, List.of());
    }

    private static final SaSnapshot ALICE = sa("ikec@127.0.0.1:25520", "203.0.113.7:4500", "alice@ikec.test", "rw");
    private static final SaSnapshot V6 = sa("ikec@127.0.0.2:25521", "2001:db8::7:500", "CN=router 7, O=ikec", "site");

    @Test
    void emptyQuerySelectsEverything() {
        SaFilter filter = SaFilter.parse(null);

        assertThat(filter.isEmpty()).isTrue();
        assertThat(filter.matches(ALICE)).isTrue();
        assertThat(filter.matches(V6)).isTrue();
    }

    @Test
    void peerMatchesAddressWithoutPort() {
        assertThat(SaFilter.parse("peer=203.0.113.7").matches(ALICE)).isTrue();
        assertThat(SaFilter.parse("peer=203.0.113.70").matches(ALICE)).isFalse();
        assertThat(SaFilter.parse("peer=2001:db8:0:0::7").matches(V6)).isTrue();
        assertThat(SaFilter.parse("peer=2001:db8::7").matches(ALICE)).isFalse();
    }

    @Test
    void idGlobMatchesWholeIdentity() {
        assertThat(SaFilter.parse("id=*@ikec.test").matches(ALICE)).isTrue();
        assertThat(SaFilter.parse("id=alice@ikec.tes?").matches(ALICE)).isTrue();
        assertThat(SaFilter.parse("id=alice").matches(ALICE)).isFalse();
        assertThat(SaFilter.parse("id=CN%3Drouter+*%2C+O%3Dikec").matches(V6)).isTrue();
        assertThat(SaFilter.parse("id=a.ice@ikec.test").matches(ALICE)).isFalse();
    }

    @Test
    void nodeMatchesFullAddressHostPortOrHost() {
        assertThat(SaFilter.parse("node=ikec@127.0.0.1:25520").matches(ALICE)).isTrue();
        assertThat(SaFilter.parse("node=pekko://ikec@127.0.0.1:25520").matches(ALICE)).isTrue();
        assertThat(SaFilter.parse("node=127.0.0.1:25520").matches(ALICE)).isTrue();
        assertThat(SaFilter.parse("node=127.0.0.1").matches(ALICE)).isTrue();
        assertThat(SaFilter.parse("node=127.0.0.1").matches(V6)).isFalse();
    }

    @Test
    void everyParameterMustMatch() {
        assertThat(SaFilter.parse("connection=rw&peer=203.0.113.7").matches(ALICE)).isTrue();
        assertThat(SaFilter.parse("connection=site&peer=203.0.113.7").matches(ALICE)).isFalse();
    }

    @Test
    void invalidParametersAreRejected() {
        assertThatThrownBy(() -> SaFilter.parse("host=x")).isInstanceOf(SaFilter.InvalidFilterException.class)
                .hasMessage("unknown filter 'host'; use peer, id, connection or node");
        assertThatThrownBy(() -> SaFilter.parse("peer=gw.example")).isInstanceOf(SaFilter.InvalidFilterException.class)
                .hasMessage("invalid peer 'gw.example': give an IP address such as 192.0.2.10");
        assertThatThrownBy(() -> SaFilter.parse("id=")).isInstanceOf(SaFilter.InvalidFilterException.class)
                .hasMessage("invalid id '': give an identity or a glob such as '*@example.com', at most 255 characters");
        assertThatThrownBy(() -> SaFilter.parse("peer=192.0.2.1&peer=192.0.2.2"))
                .isInstanceOf(SaFilter.InvalidFilterException.class)
                .hasMessage("parameter 'peer' is given twice; give it once");
        assertThatThrownBy(() -> SaFilter.parse("connection=a%2Fb")).isInstanceOf(SaFilter.InvalidFilterException.class)
                .hasMessage("invalid connection 'a/b': use letters, digits, '.', '_' or '-'");
        assertThatThrownBy(() -> SaFilter.parse("id=%zz")).isInstanceOf(SaFilter.InvalidFilterException.class)
                .hasMessage("invalid percent-encoding in '%zz'");
    }
}
