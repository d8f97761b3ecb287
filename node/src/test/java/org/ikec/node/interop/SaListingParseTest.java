package org.ikec.node.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Parses SA listings captured from strongSwan 5.9.8 and the node's JSON listing, without a lab. */
class SaListingParseTest {

    /** Output of {@code swanctl --list-sas --raw} on a strongSwan responder in the lab. */
    private static final String SWANCTL_RAW = "list-sa event {resp {uniqueid=1 version=2 state=ESTABLISHED"
            + " local-host=192.0.2.2 local-port=4500 local-id=resp.test remote-host=192.0.2.1 remote-port=4500"
            + " remote-id=client.test initiator-spi=8529f2abd74deae0 responder-spi=cf7dee56c4b859ea nat-remote=yes"
            + " nat-any=yes encr-alg=AES_GCM_16 encr-keysize=256 prf-alg=PRF_HMAC_SHA2_256 dh-group=CURVE_25519"
            + " established=0 rekey-time=13639 child-sas {net-1 {name=net uniqueid=1 reqid=1 state=INSTALLED"
            + " mode=TUNNEL protocol=ESP encap=yes spi-in=1de4477d spi-out=1c2039ba encr-alg=AES_GCM_16"
            + " encr-keysize=256 bytes-in=0 packets-in=0 bytes-out=0 packets-out=0 rekey-time=3375 life-time=3960"
            + " install-time=0 local-ts=[192.0.2.129/32] remote-ts=[192.0.2.65/32]}}}}\n"
            + "list-sas reply {}\n";

    @Test
    void swanctlRawListingParses() {
        List<IkeSaStatus> sas = IkeSaStatus.parseListSas(SWANCTL_RAW);

        assertThat(sas).hasSize(1);
        IkeSaStatus sa = sas.get(0);
        assertThat(sa.name()).isEqualTo("resp");
        assertThat(sa.uniqueId()).isEqualTo(1);
        assertThat(sa.state()).isEqualTo("ESTABLISHED");
        assertThat(sa.localHost()).isEqualTo("192.0.2.2");
        assertThat(sa.localPort()).isEqualTo(4500);
        assertThat(sa.remoteHost()).isEqualTo("192.0.2.1");
        assertThat(sa.remotePort()).isEqualTo(4500);
        assertThat(sa.localId()).isEqualTo("resp.test");
        assertThat(sa.remoteId()).isEqualTo("client.test");
        assertThat(sa.initiator()).isFalse();
        assertThat(sa.spiI()).isEqualTo("8529f2abd74deae0");
        assertThat(sa.spiR()).isEqualTo("cf7dee56c4b859ea");
        assertThat(sa.natLocal()).isFalse();
        assertThat(sa.natRemote()).isTrue();
        assertThat(sa.proposal()).isEqualTo("AES_GCM_16-256/PRF_HMAC_SHA2_256/CURVE_25519");

        ChildSaStatus child = sa.child("net");
        assertThat(child.state()).isEqualTo("INSTALLED");
        assertThat(child.spiIn()).isEqualTo("1de4477d");
        assertThat(child.spiOut()).isEqualTo("1c2039ba");
        assertThat(child.encap()).isTrue();
        assertThat(child.proposal()).isEqualTo("AES_GCM_16-256");
        assertThat(child.localTs()).containsExactly("192.0.2.129/32");
        assertThat(child.remoteTs()).containsExactly("192.0.2.65/32");
    }

    @Test
    void emptySwanctlListingParses() {
        assertThat(IkeSaStatus.parseListSas("list-sas reply {}\n")).isEmpty();
    }

    @Test
    void nodeJsonListingParses() {
        String json = """
                [{"id":"7","connection":"rw","state":"ESTABLISHED","remoteAddress":"192.0.2.1",
                  "remoteId":"client1.ikec.test","proposal":"aes256gcm16-prfsha256-x25519","extra":1,
                  "children":[{"name":"net","spiIn":"0x1C2039BA","spiOut":"de4477d",
                    "proposal":"aes256gcm16","localTs":["192.0.2.129/32"],"remoteTs":["192.0.2.65/32"]}]}]
                """;

        List<NodeSa> sas = ConcentratorNode.parseSaList(json);

        assertThat(sas).hasSize(1);
        NodeSa sa = sas.get(0);
        assertThat(sa.id()).isEqualTo("7");
        assertThat(sa.connection()).isEqualTo("rw");
        assertThat(sa.remoteAddress()).isEqualTo("192.0.2.1");
        assertThat(sa.remoteId()).isEqualTo("client1.ikec.test");
        NodeChildSa child = sa.child("net");
        assertThat(child.spiInHex()).isEqualTo("1c2039ba");
        assertThat(child.spiOutHex()).isEqualTo("0de4477d");
        assertThat(child.localTs()).containsExactly("192.0.2.129/32");
        assertThat(child.remoteTs()).containsExactly("192.0.2.65/32");
    }
}
