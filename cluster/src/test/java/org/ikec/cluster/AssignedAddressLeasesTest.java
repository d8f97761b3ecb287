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

/**
 * Addresses that a RADIUS server assigned, leased through {@link LocalAddressPools} with the pools
 * rw4 (10.3.0.0/24) and rw6 (fd00:3::/120).
 */
class AssignedAddressLeasesTest {

    private final LocalAddressPools pools;

    AssignedAddressLeasesTest() {
        List<AddressPoolConfig> configs = List.of(
                new AddressPoolConfig("rw4", address("10.3.0.0"), 24, List.of()),
                new AddressPoolConfig("rw6", address("fd00:3::"), 120, List.of()));
        IkeSettings settings = new IkeSettings(List.of(), (local, remote) -> Optional.empty(), 0, Duration.ofSeconds(1),
                1.0, 1, Duration.ofSeconds(30), configs);
        pools = new LocalAddressPools(() -> settings);
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private LeaseAnswer lease(String saId, String identity, boolean ipv4, boolean ipv6, String... assigned) {
        LeaseRequest request = new LeaseRequest(saId, identity, List.of("rw4", "rw6"), ipv4, ipv6, List.of());
        List<InetAddress> addresses = List.of(assigned).stream().map(AssignedAddressLeasesTest::address).toList();
        return AssignedAddressLeases.lease(pools, request, addresses).toCompletableFuture().join();
    }

    @Test
    void assignedAddressInPoolIsLeased() {
        LeaseAnswer alice = lease("sa1", "alice", true, false, "10.3.0.1");
        LeaseAnswer bob = lease("sa2", "bob", true, false);

        assertThat(alice).isEqualTo(new LeaseAnswer(List.of(new Lease("rw4", address("10.3.0.1"))), null));
        assertThat(bob).isEqualTo(new LeaseAnswer(List.of(new Lease("rw4", address("10.3.0.2"))), null));
    }

    @Test
    void assignedAddressOutsidePools() {
        LeaseAnswer answer = lease("sa1", "alice", true, false, "192.0.2.10");

        assertThat(answer).isEqualTo(new LeaseAnswer(
                List.of(new Lease(Lease.OUTSIDE_POOLS, address("192.0.2.10"))), null));
    }

    @Test
    void assignedAddressInUseGivesNoAddress() {
        lease("sa1", "alice", true, false, "10.3.0.5");

        LeaseAnswer bob = lease("sa2", "bob", true, true, "10.3.0.5", "fd00:3::5");
        LeaseAnswer carol = lease("sa3", "carol", true, true, "10.3.0.6", "fd00:3::5");

        assertThat(bob).isEqualTo(new LeaseAnswer(List.of(), "the RADIUS server assigned 10.3.0.5, which pool rw4"
                + " leases to IKE SA sa1 of 'alice'", true));
        // The IPv6 address that bob claimed with his IPv4 address was released again.
        assertThat(carol).isEqualTo(new LeaseAnswer(List.of(new Lease("rw4", address("10.3.0.6")),
                new Lease("rw6", address("fd00:3::5"))), null));
    }

    @Test
    void familyWithoutAssignedAddressLeasedFromPool() {
        LeaseAnswer ipv6Assigned = lease("sa1", "alice", true, true, "fd00:3::9");
        LeaseAnswer ipv4Assigned = lease("sa2", "bob", true, true, "10.3.0.9");

        assertThat(ipv6Assigned).isEqualTo(new LeaseAnswer(List.of(new Lease("rw4", address("10.3.0.1")),
                new Lease("rw6", address("fd00:3::9"))), null));
        assertThat(ipv4Assigned).isEqualTo(new LeaseAnswer(List.of(new Lease("rw4", address("10.3.0.9")),
                new Lease("rw6", address("fd00:3::1"))), null));
    }

    @Test
    void assignedAddressOfUnrequestedFamilyIgnored() {
        LeaseAnswer answer = lease("sa1", "alice", false, true, "10.3.0.9");

        assertThat(answer).isEqualTo(new LeaseAnswer(List.of(new Lease("rw6", address("fd00:3::1"))), null));
    }

    @Test
    void sameSaLeasesAssignedAddressAgain() {
        LeaseAnswer first = lease("sa1", "alice", true, false, "10.3.0.7");
        LeaseAnswer again = lease("sa1", "alice", true, false, "10.3.0.7");

        assertThat(again).isEqualTo(first);
        assertThat(again.leases()).containsExactly(new Lease("rw4", address("10.3.0.7")));
    }
}
