package org.ikec.cluster;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.ikec.protocol.config.AddressText;
import org.ikec.protocol.vip.Lease;
import org.ikec.protocol.vip.LeaseAnswer;
import org.ikec.protocol.vip.LeaseRequest;

/**
 * Leases the virtual IP addresses of a peer whose RADIUS server assigned addresses in its
 * Access-Accept: Framed-IP-Address (RFC 2865 §5.8) and Framed-IPv6-Address (RFC 6911 §3.1).
 * For each family the peer requests, the assigned address is claimed from the pool that contains
 * it, or used without a record when it lies outside every pool. A requested family without an
 * assigned address is leased from the connection's pools as usual. When another IKE SA holds an
 * assigned address, the peer gets no address at all, because the server chose that address for it.
 */
final class AssignedAddressLeases {

    private AssignedAddressLeases() {
    }

    /** Tells whether {@code lease} belongs to a pool, so the pools must release and reclaim it. */
    static boolean pooled(Lease lease) {
        return !lease.pool().equals(Lease.OUTSIDE_POOLS);
    }

    /**
     * Leases what {@code request} names, taking the {@code assigned} address of each requested
     * family. The returned answer has {@link LeaseAnswer#assignedAddressInUse()} set when another IKE SA
     * holds an assigned address.
     */
    static CompletionStage<LeaseAnswer> lease(AddressPools pools, LeaseRequest request, List<InetAddress> assigned) {
        List<InetAddress> claimable = assigned.stream().filter(address -> requests(request, address)).toList();
        if (claimable.isEmpty()) {
            return pools.lease(request);
        }

        List<CompletableFuture<AddressClaim>> claims = new ArrayList<>();
        for (InetAddress address : claimable) {
            claims.add(pools.claim(request.saId(), request.identity(), address).toCompletableFuture());
        }
        return CompletableFuture.allOf(claims.toArray(CompletableFuture[]::new))
                .thenCompose(done -> afterClaims(pools, request, claims.stream().map(CompletableFuture::join).toList()));
    }

    private static boolean requests(LeaseRequest request, InetAddress address) {
        return address instanceof Inet4Address ? request.ipv4() : request.ipv6();
    }

    /** Returns the claimed addresses, together with leases for the requested families that had none assigned. */
    private static CompletionStage<LeaseAnswer> afterClaims(AddressPools pools, LeaseRequest request,
                                                            List<AddressClaim> claims) {
        List<Lease> leases = new ArrayList<>();
        List<String> inUse = new ArrayList<>();
        for (AddressClaim claim : claims) {
            if (claim instanceof AddressClaim.Leased leased) {
                leases.add(leased.lease());
            } else if (claim instanceof AddressClaim.OutsidePools outside) {
                leases.add(new Lease(Lease.OUTSIDE_POOLS, outside.address()));
            } else if (claim instanceof AddressClaim.HeldByOther held) {
                inUse.add("the RADIUS server assigned " + AddressText.of(held.lease().address()) + ", which pool "
                        + held.lease().pool() + " leases to IKE SA " + held.holderSaId() + " of '"
                        + held.holderIdentity() + "'");
            }
        }

        if (!inUse.isEmpty()) {
            List<Lease> pooled = leases.stream().filter(AssignedAddressLeases::pooled).toList();
            if (!pooled.isEmpty()) {
                pools.release(request.saId(), pooled);
            }
            return CompletableFuture.completedFuture(new LeaseAnswer(List.of(), String.join("; ", inUse), true));
        }

        boolean ipv4Left = request.ipv4() && leases.stream().noneMatch(lease -> isIpv4(lease));
        boolean ipv6Left = request.ipv6() && leases.stream().allMatch(lease -> isIpv4(lease));
        if (!ipv4Left && !ipv6Left) {
            return CompletableFuture.completedFuture(new LeaseAnswer(leases, null));
        }
        LeaseRequest rest = new LeaseRequest(request.saId(), request.identity(), request.pools(), ipv4Left, ipv6Left,
                request.requested());
        return pools.lease(rest).thenApply(answer -> {
            List<Lease> all = new ArrayList<>(leases);
            all.addAll(answer.leases());
            all.sort(Comparator.comparing(lease -> isIpv4(lease) ? 0 : 1));
            return new LeaseAnswer(all, answer.failure());
        });
    }

    private static boolean isIpv4(Lease lease) {
        return lease.address() instanceof Inet4Address;
    }
}
