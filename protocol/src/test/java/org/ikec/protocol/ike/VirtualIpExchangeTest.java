package org.ikec.protocol.ike;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.ikec.protocol.config.AuthConfig;
import org.ikec.protocol.config.ChildConfig;
import org.ikec.protocol.config.ConnectionConfig;
import org.ikec.protocol.config.IkeIdentity;
import org.ikec.protocol.config.IkeSettings;
import org.ikec.protocol.config.TrafficSelectorSpec;
import org.ikec.protocol.vip.AddressPoolConfig;
import org.ikec.protocol.vip.Lease;
import org.ikec.protocol.vip.LeaseAnswer;
import org.ikec.protocol.vip.LeaseRequest;
import org.ikec.protocol.wire.ConfigAttribute;
import org.ikec.protocol.wire.ConfigAttributeType;
import org.ikec.protocol.wire.ConfigType;
import org.ikec.protocol.wire.Configuration;
import org.ikec.protocol.wire.IkeCodec;
import org.ikec.protocol.wire.IkeMessage;
import org.ikec.protocol.wire.Notify;
import org.ikec.protocol.wire.NotifyType;
import org.ikec.protocol.wire.Payload;
import org.ikec.protocol.wire.TrafficSelector;
import org.ikec.protocol.wire.TsType;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;

/**
 * A responder that leases virtual IP addresses to a peer's CFG_REQUEST in IKE_AUTH (RFC 7296
 * §2.19, §3.15) and narrows the first CHILD SA's TSi to them.
 */
class VirtualIpExchangeTest {

    private static final String PROPOSAL = "aes256gcm16-prfsha256-x25519";
    private static final HexFormat HEX = HexFormat.of();
    private static final String OWNER = "aaaabbbb00000001";
    private static final CBORMapper CBOR = CBORMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private static final AddressPoolConfig RW4 = new AddressPoolConfig("rw4", address("10.3.0.0"), 24,
            List.of(address("192.0.2.53"), address("2001:db8::53")));
    private static final AddressPoolConfig RW6 = new AddressPoolConfig("rw6", address("fd00:3::"), 120, List.of());

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static ChildConfig child(List<String> localTs, List<String> remoteTs) {
        return new ChildConfig("net", List.of("aes256gcm16"), localTs.stream().map(TrafficSelectorSpec::parse).toList(),
                remoteTs.stream().map(TrafficSelectorSpec::parse).toList(), Duration.ofHours(1), Duration.ofMinutes(66),
                Duration.ofMinutes(6), "tunnel");
    }

    private static ConnectionConfig connection(String name, String localId, String remoteId, ChildConfig child,
                                               List<String> pools) {
        return new ConnectionConfig(name, List.of(PROPOSAL), List.of(), List.of(), 500,
                new AuthConfig(AuthConfig.PSK, IkeIdentity.parse(localId)),
                new AuthConfig(AuthConfig.PSK, IkeIdentity.parse(remoteId)), List.of(child),
                Duration.ofHours(4), Duration.ofMinutes(10), Duration.ofMinutes(10), Duration.ofSeconds(30), pools);
    }

    private static IkeSettings settings(ConnectionConfig connection) {
        return new IkeSettings(List.of(connection),
                (local, remote) -> Optional.of("ikec-test-psk".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                1000, Duration.ofSeconds(2), 1.8, 3, Duration.ofSeconds(30), List.of(RW4, RW6));
    }

    /** A road warrior that proposes every address as TSi, as a client with virtual IPs does, and a gateway with pools. */
    private static TwoPeers peers(List<String> pools, List<ConfigAttribute> requested) {
        ConnectionConfig client = connection("home", "client1@ikec.test", "gw.ikec.test",
                child(List.of("0.0.0.0/0", "::/0"), List.of("10.1.0.0/16", "fd00:1::/64")), List.of());
        ConnectionConfig gateway = connection("rw", "gw.ikec.test", "%any",
                child(List.of("10.1.0.0/16", "fd00:1::/64"), List.of("dynamic")), pools);
        TwoPeers peers = new TwoPeers(settings(client), settings(gateway));
        peers.initiator.requestConfiguration(new Configuration(ConfigType.CFG_REQUEST, requested));
        return peers;
    }

    private static ConfigAttribute request(int type) {
        return new ConfigAttribute(type, new byte[0]);
    }

    private static ConfigAttribute attribute(int type, String hex) {
        return new ConfigAttribute(type, HEX.parseHex(hex));
    }

    /** Runs IKE_SA_INIT and sends the IKE_AUTH request, whose response waits for the lease answer. */
    private static byte[] sendAuthRequest(TwoPeers peers) {
        peers.initiator.start(peers.now);
        // HDR, SAi1, KEi, Ni  -->
        peers.deliverToResponder();
        // <--  HDR, SAr1, KEr, Nr
        peers.deliverToInitiator();
        // HDR, SK {IDi, AUTH, CP(CFG_REQUEST), SAi2, TSi, TSr}  -->
        return peers.deliverToResponder();
    }

    private static TrafficSelector host(String literal) {
        byte[] bytes = address(literal).getAddress();
        return new TrafficSelector(bytes.length == 4 ? TsType.IPV4_ADDR_RANGE : TsType.IPV6_ADDR_RANGE, 0, 0, 65535,
                bytes, bytes);
    }

    private static List<Payload> lastResponsePayloads(TwoPeers peers) {
        byte[] datagram = peers.responderSide.sent.peekLast();
        try {
            IkeMessage outer = IkeCodec.decode(datagram, 0, datagram.length);
            return SkMessages.open(datagram, outer.first(org.ikec.protocol.wire.Encrypted.class).orElseThrow(),
                    peers.responder.ownCipher());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void ipv4AddressLeasedWithNetmaskAndDns() {
        TwoPeers peers = peers(List.of("rw4"), List.of(request(ConfigAttributeType.INTERNAL_IP4_ADDRESS),
                request(ConfigAttributeType.INTERNAL_IP4_NETMASK), request(ConfigAttributeType.INTERNAL_IP4_DNS)));

        sendAuthRequest(peers);

        assertThat(peers.responderSide.leaseRequests).containsExactly(
                new LeaseRequest(OWNER, "client1@ikec.test", List.of("rw4"), true, false, List.of()));
        assertThat(peers.responderSide.sent).isEmpty();
        assertThat(peers.responder.state()).isEqualTo(IkeSa.State.CONNECTING);

        boolean accepted = peers.responder.addressesLeased(
                new LeaseAnswer(List.of(new Lease("rw4", address("10.3.0.1"))), null), peers.now);
        // <--  HDR, SK {IDr, AUTH, CP(CFG_REPLY), SAr2, TSi, TSr}
        peers.deliverToInitiator();

        assertThat(accepted).isTrue();
        assertThat(peers.initiator.configurationReply()).isEqualTo(new Configuration(ConfigType.CFG_REPLY, List.of(
                attribute(ConfigAttributeType.INTERNAL_IP4_ADDRESS, "0a030001"),
                attribute(ConfigAttributeType.INTERNAL_IP4_NETMASK, "ffffff00"),
                attribute(ConfigAttributeType.INTERNAL_IP4_DNS, "c0000235"))));
        assertThat(peers.responder.state()).isEqualTo(IkeSa.State.ESTABLISHED);
        assertThat(peers.responder.leases()).containsExactly(new Lease("rw4", address("10.3.0.1")));
        assertThat(peers.responder.children().get(0).remoteTs()).containsExactly(host("10.3.0.1"));
        assertThat(peers.initiatorSide.established.children().get(0).localTs()).containsExactly(host("10.3.0.1"));
    }

    @Test
    void subnetsRequestedGetConnectionsLocalSelectors() {
        TwoPeers peers = peers(List.of("rw4"), List.of(request(ConfigAttributeType.INTERNAL_IP4_ADDRESS),
                request(ConfigAttributeType.INTERNAL_IP4_SUBNET), request(ConfigAttributeType.INTERNAL_IP6_SUBNET)));

        sendAuthRequest(peers);
        peers.responder.addressesLeased(new LeaseAnswer(List.of(new Lease("rw4", address("10.3.0.1"))), null),
                peers.now);
        // <--  HDR, SK {IDr, AUTH, CP(CFG_REPLY), SAr2, TSi, TSr}
        peers.deliverToInitiator();

        // The gateway's local_ts are 10.1.0.0/16 and fd00:1::/64.
        assertThat(peers.initiator.configurationReply()).isEqualTo(new Configuration(ConfigType.CFG_REPLY, List.of(
                attribute(ConfigAttributeType.INTERNAL_IP4_ADDRESS, "0a030001"),
                attribute(ConfigAttributeType.INTERNAL_IP4_SUBNET, "0a010000ffff0000"),
                attribute(ConfigAttributeType.INTERNAL_IP6_SUBNET, "fd000001000000000000000000000000" + "40"))));
    }

    @Test
    void subnetValueNeedsWholePrefix() {
        assertThat(AddressRequest.subnetValue(TrafficSelectorSpec.parse("0.0.0.0/0"))).hasValueSatisfying(
                value -> assertThat(HEX.formatHex(value)).isEqualTo("0000000000000000"));
        assertThat(AddressRequest.subnetValue(TrafficSelectorSpec.parse("192.0.2.7/32"))).hasValueSatisfying(
                value -> assertThat(HEX.formatHex(value)).isEqualTo("c0000207ffffffff"));
        assertThat(AddressRequest.subnetValue(TrafficSelectorSpec.parse("192.0.2.1-192.0.2.6"))).isEmpty();
        assertThat(AddressRequest.subnetValue(TrafficSelectorSpec.parse("dynamic"))).isEmpty();
    }

    @Test
    void dualStackLeaseNarrowsTsiToBothAddresses() {
        TwoPeers peers = peers(List.of("rw4", "rw6"), List.of(request(ConfigAttributeType.INTERNAL_IP4_ADDRESS),
                attribute(ConfigAttributeType.INTERNAL_IP6_ADDRESS, "00".repeat(17)),
                request(ConfigAttributeType.INTERNAL_IP4_DNS), request(ConfigAttributeType.INTERNAL_IP6_DNS)));

        sendAuthRequest(peers);
        peers.responder.addressesLeased(new LeaseAnswer(List.of(new Lease("rw4", address("10.3.0.1")),
                new Lease("rw6", address("fd00:3::1"))), null), peers.now);
        // <--  HDR, SK {IDr, AUTH, CP(CFG_REPLY), SAr2, TSi, TSr}
        peers.deliverToInitiator();

        assertThat(peers.responderSide.leaseRequests).containsExactly(
                new LeaseRequest(OWNER, "client1@ikec.test", List.of("rw4", "rw6"), true, true, List.of()));
        assertThat(peers.initiator.configurationReply()).isEqualTo(new Configuration(ConfigType.CFG_REPLY, List.of(
                attribute(ConfigAttributeType.INTERNAL_IP4_ADDRESS, "0a030001"),
                attribute(ConfigAttributeType.INTERNAL_IP6_ADDRESS, "fd000003000000000000000000000001" + "80"),
                attribute(ConfigAttributeType.INTERNAL_IP4_DNS, "c0000235"),
                attribute(ConfigAttributeType.INTERNAL_IP6_DNS, "20010db8000000000000000000000053"))));
        assertThat(peers.responder.children().get(0).remoteTs()).containsExactly(host("10.3.0.1"), host("fd00:3::1"));
        assertThat(peers.responder.children().get(0).localTs()).containsExactly(
                new TrafficSelector(TsType.IPV4_ADDR_RANGE, 0, 0, 65535, HEX.parseHex("0a010000"),
                        HEX.parseHex("0a01ffff")),
                new TrafficSelector(TsType.IPV6_ADDR_RANGE, 0, 0, 65535, HEX.parseHex("fd000001000000000000000000000000"),
                        HEX.parseHex("fd00000100000000ffffffffffffffff")));
    }

    @Test
    void proposedAddressIsPassedToThePools() {
        TwoPeers peers = peers(List.of("rw4", "rw6"), List.of(
                attribute(ConfigAttributeType.INTERNAL_IP4_ADDRESS, "0a030007"),
                attribute(ConfigAttributeType.INTERNAL_IP6_ADDRESS, "fd000003000000000000000000000009" + "80")));

        sendAuthRequest(peers);

        assertThat(peers.responderSide.leaseRequests).containsExactly(new LeaseRequest(OWNER, "client1@ikec.test",
                List.of("rw4", "rw6"), true, true, List.of(address("10.3.0.7"), address("fd00:3::9"))));
    }

    @Test
    void noAddressGivesInternalAddressFailureWithoutChildSa() {
        TwoPeers peers = peers(List.of("rw4"), List.of(request(ConfigAttributeType.INTERNAL_IP4_ADDRESS)));

        sendAuthRequest(peers);
        peers.responder.addressesLeased(new LeaseAnswer(List.of(), "pool rw4 has no free address"), peers.now);
        List<Payload> response = lastResponsePayloads(peers);
        // <--  HDR, SK {IDr, AUTH, N(INTERNAL_ADDRESS_FAILURE)}
        peers.deliverToInitiator();

        assertThat(response).contains(Notify.of(NotifyType.INTERNAL_ADDRESS_FAILURE));
        assertThat(response).noneMatch(payload -> payload instanceof Configuration);
        assertThat(peers.responder.state()).isEqualTo(IkeSa.State.ESTABLISHED);
        assertThat(peers.responder.children()).isEmpty();
        assertThat(peers.responder.leases()).isEmpty();
        assertThat(peers.initiatorSide.established.children()).isEmpty();
        assertThat(peers.responderSide.events.lines).contains("child failed responder internal_address");
        assertThat(peers.initiatorSide.events.lines).contains("child failed initiator internal_address");
    }

    @Test
    void assignedAddressInUseCountsOwnReason() {
        TwoPeers peers = peers(List.of("rw4"), List.of(request(ConfigAttributeType.INTERNAL_IP4_ADDRESS)));

        sendAuthRequest(peers);
        peers.responder.addressesLeased(new LeaseAnswer(List.of(), "the RADIUS server assigned 10.3.0.5, which pool"
                + " rw4 leases to IKE SA 00000000000000aa of 'bob'", true), peers.now);
        List<Payload> response = lastResponsePayloads(peers);
        // <--  HDR, SK {IDr, AUTH, N(INTERNAL_ADDRESS_FAILURE)}
        peers.deliverToInitiator();

        assertThat(response).contains(Notify.of(NotifyType.INTERNAL_ADDRESS_FAILURE));
        assertThat(response).noneMatch(payload -> payload instanceof Configuration);
        assertThat(peers.responder.children()).isEmpty();
        assertThat(peers.responderSide.events.lines).contains("child failed responder address_in_use");
        assertThat(peers.responderSide.events.lines).doesNotContain("child failed responder internal_address");
        assertThat(peers.initiatorSide.events.lines).contains("child failed initiator internal_address");
    }

    @Test
    void retransmittedAuthWhileLeasingIsDropped() {
        TwoPeers peers = peers(List.of("rw4"), List.of(request(ConfigAttributeType.INTERNAL_IP4_ADDRESS)));
        byte[] authRequest = sendAuthRequest(peers);

        // HDR, SK {IDi, AUTH, CP(CFG_REQUEST), SAi2, TSi, TSr}  -->  (retransmitted)
        peers.responder.receive(authRequest, TwoPeers.header(authRequest), TwoPeers.INITIATOR, TwoPeers.RESPONDER,
                peers.now + 2000);

        assertThat(peers.responderSide.sent).isEmpty();
        assertThat(peers.responderSide.leaseRequests).hasSize(1);
        assertThat(peers.responderSide.events.lines).contains("dropped IKE_AUTH");
    }

    @Test
    void halfOpenTimeoutEndsPendingLease() {
        TwoPeers peers = peers(List.of("rw4"), List.of(request(ConfigAttributeType.INTERNAL_IP4_ADDRESS)));
        sendAuthRequest(peers);

        peers.responder.onTimer(peers.now + Duration.ofSeconds(30).toMillis());
        boolean accepted = peers.responder.addressesLeased(
                new LeaseAnswer(List.of(new Lease("rw4", address("10.3.0.1"))), null), peers.now + 31_000);

        assertThat(peers.responder.isClosed()).isTrue();
        assertThat(accepted).isFalse();
        assertThat(peers.responder.leases()).isEmpty();
        assertThat(peers.responderSide.released).isEmpty();
        assertThat(peers.responderSide.events.lines).contains("failed responder timeout");
    }

    @Test
    void connectionWithoutPoolsIgnoresTheRequest() {
        TwoPeers peers = peers(List.of(), List.of(request(ConfigAttributeType.INTERNAL_IP4_ADDRESS)));

        peers.establish();

        assertThat(peers.responderSide.leaseRequests).isEmpty();
        assertThat(peers.initiator.configurationReply()).isNull();
        assertThat(peers.responder.children().get(0).remoteTs()).containsExactly(host("192.0.2.1"));
    }

    private static TwoPeers leased() {
        TwoPeers peers = peers(List.of("rw4"), List.of(request(ConfigAttributeType.INTERNAL_IP4_ADDRESS)));
        sendAuthRequest(peers);
        peers.responder.addressesLeased(new LeaseAnswer(List.of(new Lease("rw4", address("10.3.0.1"))), null),
                peers.now);
        peers.deliverAll();
        return peers;
    }

    @Test
    void deleteReleasesLeasesOnce() {
        TwoPeers peers = leased();

        // HDR, SK {D}  -->
        peers.initiatorSide.established.terminate(peers.now);
        peers.deliverAll();
        peers.responder.terminate(peers.now);

        assertThat(peers.responder.isClosed()).isTrue();
        assertThat(peers.responderSide.released).containsExactly(OWNER + " [Lease[pool=rw4, address=/10.3.0.1]]");
    }

    @Test
    void ikeRekeyPassesLeasesToSuccessor() {
        TwoPeers peers = leased();
        IkeSa original = peers.responder;

        // HDR, SK {SA, Ni, KEi}  -->   <--  HDR, SK {SA, Nr, KEr}   then the old IKE SA's DELETE
        peers.initiatorSide.established.rekeyIke(peers.now, outcome -> { });
        peers.deliverAll();

        IkeSa successor = peers.responderSide.successor;
        assertThat(original.isClosed()).isTrue();
        assertThat(successor.leases()).containsExactly(new Lease("rw4", address("10.3.0.1")));
        assertThat(successor.leaseOwner()).isEqualTo(OWNER);
        assertThat(peers.responderSide.released).isEmpty();

        successor.terminate(peers.now);
        peers.deliverAll();
        assertThat(peers.responderSide.released).containsExactly(OWNER + " [Lease[pool=rw4, address=/10.3.0.1]]");
    }

    @Test
    void exportedStateKeepsLeases() throws IOException {
        TwoPeers peers = leased();

        IkeSaState exported = peers.responder.exportState();
        IkeSaState decoded = CBOR.readValue(CBOR.writeValueAsBytes(exported), IkeSaState.class);
        IkeSa restored = IkeSa.restore(decoded, peers.responderSettings, peers.responderSide,
                new TwoPeers.CountingSpis());

        assertThat(restored.leases()).containsExactly(new Lease("rw4", address("10.3.0.1")));
        assertThat(restored.leaseOwner()).isEqualTo(OWNER);
    }

    @Test
    void netmaskOfPrefixLength() {
        assertThat(HEX.formatHex(AddressRequest.netmask(24))).isEqualTo("ffffff00");
        assertThat(HEX.formatHex(AddressRequest.netmask(20))).isEqualTo("fffff000");
        assertThat(HEX.formatHex(AddressRequest.netmask(32))).isEqualTo("ffffffff");
        assertThat(HEX.formatHex(AddressRequest.netmask(0))).isEqualTo("00000000");
    }
}
