package org.ikec.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.ikec.protocol.config.IkeSettings;
import org.ikec.protocol.vip.AddressPoolConfig;
import org.ikec.protocol.vip.Lease;
import org.ikec.protocol.vip.LeaseAnswer;
import org.ikec.protocol.vip.LeaseRequest;
import org.junit.jupiter.api.Test;

class LocalAddressPoolsTest {

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static LocalAddressPools pools(AddressPoolConfig... configs) {
        IkeSettings settings = new IkeSettings(List.of(), (local, remote) -> Optional.empty(), 0, Duration.ofSeconds(1),
                1.0, 1, Duration.ofSeconds(30), List.of(configs));
        return new LocalAddressPools(() -> settings);
    }

    private static AddressPoolConfig pool(String name, String network, int prefixLength) {
        return new AddressPoolConfig(name, address(network), prefixLength, List.of());
    }

    private static LeaseAnswer lease(LocalAddressPools pools, String saId, String identity, boolean ipv4, boolean ipv6,
                                     List<InetAddress> requested) {
        return pools.lease(new LeaseRequest(saId, identity, List.of("rw4", "rw6"), ipv4, ipv6, requested))
                .toCompletableFuture().join();
    }

    @Test
    void firstHostAddressOfEachFamily() {
        LocalAddressPools pools = pools(pool("rw4", "10.3.0.0", 24), pool("rw6", "fd00:3::", 120));

        LeaseAnswer answer = lease(pools, "sa1", "alice", true, true, List.of());

        assertThat(answer).isEqualTo(new LeaseAnswer(List.of(new Lease("rw4", address("10.3.0.1")),
                new Lease("rw6", address("fd00:3::1"))), null));
    }

    @Test
    void lastIpv4HostSkipsBroadcast() {
        LocalAddressPools pools = pools(pool("rw4", "10.3.0.0", 30));

        LeaseAnswer first = lease(pools, "sa1", "alice", true, false, List.of());
        LeaseAnswer second = lease(pools, "sa2", "bob", true, false, List.of());
        LeaseAnswer third = lease(pools, "sa3", "carol", true, false, List.of());

        assertThat(first.leases()).containsExactly(new Lease("rw4", address("10.3.0.1")));
        assertThat(second.leases()).containsExactly(new Lease("rw4", address("10.3.0.2")));
        assertThat(third).isEqualTo(new LeaseAnswer(List.of(), "no free IPv4 address in pools [rw4]"));
    }

    @Test
    void identityGetsPreviousAddressBack() {
        LocalAddressPools pools = pools(pool("rw4", "10.3.0.0", 24));
        lease(pools, "sa1", "alice", true, false, List.of());
        LeaseAnswer bob = lease(pools, "sa2", "bob", true, false, List.of());
        pools.release("sa2", bob.leases());
        lease(pools, "sa3", "carol", true, false, List.of());

        LeaseAnswer again = lease(pools, "sa4", "bob", true, false, List.of());

        assertThat(again.leases()).containsExactly(new Lease("rw4", address("10.3.0.2")));
    }

    @Test
    void offlineAddressReusedWhenPoolIsFull() {
        LocalAddressPools pools = pools(pool("rw4", "10.3.0.7", 32));
        LeaseAnswer alice = lease(pools, "sa1", "alice", true, false, List.of());
        pools.release("sa1", alice.leases());

        LeaseAnswer bob = lease(pools, "sa2", "bob", true, false, List.of());

        assertThat(bob.leases()).containsExactly(new Lease("rw4", address("10.3.0.7")));
    }

    @Test
    void repeatedRequestOfSaGetsSameAddress() {
        LocalAddressPools pools = pools(pool("rw4", "10.3.0.0", 24));
        lease(pools, "sa1", "alice", true, false, List.of());

        LeaseAnswer again = lease(pools, "sa1", "alice", true, false, List.of());
        LeaseAnswer other = lease(pools, "sa2", "bob", true, false, List.of());

        assertThat(again.leases()).containsExactly(new Lease("rw4", address("10.3.0.1")));
        assertThat(other.leases()).containsExactly(new Lease("rw4", address("10.3.0.2")));
    }

    @Test
    void releaseByOtherSaIsIgnored() {
        LocalAddressPools pools = pools(pool("rw4", "10.3.0.7", 32));
        LeaseAnswer alice = lease(pools, "sa1", "alice", true, false, List.of());

        pools.release("sa9", alice.leases());
        LeaseAnswer bob = lease(pools, "sa2", "bob", true, false, List.of());

        assertThat(bob.leases()).isEmpty();
    }

    @Test
    void proposedAddressGrantedWhenFree() {
        LocalAddressPools pools = pools(pool("rw4", "10.3.0.0", 24));

        LeaseAnswer answer = lease(pools, "sa1", "alice", true, false, List.of(address("10.3.0.42")));

        assertThat(answer.leases()).containsExactly(new Lease("rw4", address("10.3.0.42")));
    }

    @Test
    void missingFamilyIsNamedInFailure() {
        LocalAddressPools pools = pools(pool("rw4", "10.3.0.0", 24));

        LeaseAnswer answer = lease(pools, "sa1", "alice", true, true, List.of());

        assertThat(answer).isEqualTo(new LeaseAnswer(List.of(new Lease("rw4", address("10.3.0.1"))),
                "none of the pools [rw4, rw6] has IPv6 addresses"));
    }

    private static AddressClaim claim(LocalAddressPools pools, String saId, String identity, String literal) {
        return pools.claim(saId, identity, address(literal)).toCompletableFuture().join();
    }

    @Test
    void claimLeasesFreeAddress() {
        LocalAddressPools pools = pools(pool("rw4", "10.3.0.0", 24));

        AddressClaim claimed = claim(pools, "sa1", "alice", "10.3.0.9");
        LeaseAnswer other = lease(pools, "sa2", "bob", true, false, List.of(address("10.3.0.9")));

        assertThat(claimed).isEqualTo(new AddressClaim.Leased(new Lease("rw4", address("10.3.0.9"))));
        assertThat(other.leases()).containsExactly(new Lease("rw4", address("10.3.0.1")));
    }

    @Test
    void claimOfAddressHeldByOtherSa() {
        LocalAddressPools pools = pools(pool("rw4", "10.3.0.0", 24));
        lease(pools, "sa1", "alice", true, false, List.of());

        AddressClaim claimed = claim(pools, "sa2", "bob", "10.3.0.1");

        assertThat(claimed).isEqualTo(new AddressClaim.HeldByOther(new Lease("rw4", address("10.3.0.1")), "sa1",
                "alice"));
    }

    @Test
    void claimBySameSaAgain() {
        LocalAddressPools pools = pools(pool("rw4", "10.3.0.0", 24));
        claim(pools, "sa1", "alice", "10.3.0.9");

        AddressClaim again = claim(pools, "sa1", "alice", "10.3.0.9");

        assertThat(again).isEqualTo(new AddressClaim.Leased(new Lease("rw4", address("10.3.0.9"))));
    }

    @Test
    void claimOutsidePools() {
        LocalAddressPools pools = pools(pool("rw4", "10.3.0.0", 24), pool("rw6", "fd00:3::", 120));

        for (String literal : List.of("10.4.0.1", "10.3.0.0", "10.3.0.255", "fd00:3::", "fd00:4::1")) {
            assertThat(claim(pools, "sa1", "alice", literal)).as("claim of %s", literal)
                    .isEqualTo(new AddressClaim.OutsidePools(address(literal)));
        }
    }

    @Test
    void releasedClaimIsFreeAgain() {
        LocalAddressPools pools = pools(pool("rw6", "fd00:3::", 120));
        AddressClaim first = claim(pools, "sa1", "alice", "fd00:3::9");
        pools.release("sa1", List.of(((AddressClaim.Leased) first).lease()));

        AddressClaim second = claim(pools, "sa2", "bob", "fd00:3::9");

        assertThat(second).isEqualTo(new AddressClaim.Leased(new Lease("rw6", address("fd00:3::9"))));
    }
}
