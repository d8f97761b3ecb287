package org.ikec.cluster;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import org.ikec.protocol.config.IkeSettings;
import org.ikec.protocol.vip.AddressPoolConfig;
import org.ikec.protocol.vip.Lease;
import org.ikec.protocol.vip.LeaseAnswer;
import org.ikec.protocol.vip.LeaseRequest;

/**
 * Virtual IP address pools kept in the memory of one node. It keeps the {@link AddressPools}
 * promise only while a single node serves the pools: two nodes each running one lease the same
 * addresses to different peers. It is the node's pool until a cluster-wide implementation
 * replaces it.
 *
 * <p>Each pool leases addresses in order from its first host address: for IPv4 prefixes up to /30
 * the network and broadcast addresses are skipped, and for IPv6 prefixes up to /126 the network
 * (subnet-router anycast) address is skipped, as swanctl's pools do. An identity gets its previous
 * address back while no other IKE SA has leased it. A new identity gets a never-leased address first,
 * then the address of an identity that is offline. Leases are answered at once; the methods
 * synchronize on this object, because entities on several threads call them.
 */
public final class LocalAddressPools implements AddressPools {

    /** The leasing state of one configured pool, addresses counted as offsets from the network address. */
    private static final class PoolState {
        final AddressPoolConfig config;
        final int first;
        final int last;
        /** The IKE SA id by offset, of every address leased now, and the reverse. */
        final Map<Integer, String> holders = new HashMap<>();
        final Map<String, Integer> offsetBySa = new HashMap<>();
        final BitSet leased = new BitSet();
        final BitSet everLeased = new BitSet();
        final Map<String, Integer> offsetByIdentity = new HashMap<>();
        final Map<Integer, String> identityByOffset = new HashMap<>();

        PoolState(AddressPoolConfig config) {
            this.config = config;
            int hostBits = (config.ipv6() ? 128 : 32) - config.prefixLength();
            boolean skipNetwork = hostBits >= 2;
            boolean skipBroadcast = !config.ipv6() && hostBits >= 2;
            this.first = skipNetwork ? 1 : 0;
            // The configuration rejects pools above 2^20 addresses, so the cap only guards against overflow.
            long size = 1L << Math.min(hostBits, 30);
            this.last = (int) (size - 1 - (skipBroadcast ? 1 : 0));
        }
    }

    private final Supplier<IkeSettings> settings;
    private final Map<String, PoolState> states = new HashMap<>();

    /** Creates pools that follow the pool configuration of {@code settings} as it is reloaded. */
    public LocalAddressPools(Supplier<IkeSettings> settings) {
        this.settings = settings;
    }

    @Override
    public synchronized CompletionStage<LeaseAnswer> lease(LeaseRequest request) {
        List<Lease> leases = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        if (request.ipv4()) {
            leaseFamily(request, false, leases, failures);
        }
        if (request.ipv6()) {
            leaseFamily(request, true, leases, failures);
        }
        return CompletableFuture.completedFuture(
                new LeaseAnswer(leases, failures.isEmpty() ? null : String.join("; ", failures)));
    }

    @Override
    public synchronized void release(String saId, List<Lease> leases) {
        for (Lease lease : leases) {
            PoolState state = states.get(lease.pool());
            if (state == null) {
                continue;
            }
            int offset = offsetOf(state.config, lease.address());
            if (offset >= 0 && saId.equals(state.holders.get(offset))) {
                state.holders.remove(offset);
                state.offsetBySa.remove(saId);
                state.leased.clear(offset);
            }
        }
    }

    /** Claims {@code address} from the first configured pool that leases it, whatever the connection's pools. */
    @Override
    public synchronized CompletionStage<AddressClaim> claim(String saId, String identity, InetAddress address) {
        for (AddressPoolConfig config : settings.get().pools()) {
            PoolState state = state(config);
            int offset = offsetOf(config, address);
            if (offset < state.first || offset > state.last) {
                continue;
            }

            Lease lease = new Lease(config.name(), address);
            String holder = state.holders.get(offset);
            if (holder != null && !holder.equals(saId)) {
                return CompletableFuture.completedFuture(
                        new AddressClaim.HeldByOther(lease, holder, state.identityByOffset.get(offset)));
            }
            take(state, offset, saId, identity);
            return CompletableFuture.completedFuture(new AddressClaim.Leased(lease));
        }
        return CompletableFuture.completedFuture(new AddressClaim.OutsidePools(address));
    }

    /** Leases one address of the family from the first of the request's pools that has one free. */
    private void leaseFamily(LeaseRequest request, boolean ipv6, List<Lease> leases, List<String> failures) {
        String family = ipv6 ? "IPv6" : "IPv4";
        List<String> tried = new ArrayList<>();
        for (String name : request.pools()) {
            AddressPoolConfig config = settings.get().pool(name);
            if (config == null || config.ipv6() != ipv6) {
                continue;
            }

            tried.add(name);
            PoolState state = state(config);
            int offset = choose(state, request);
            if (offset < 0) {
                continue;
            }

            take(state, offset, request.saId(), request.identity());
            leases.add(new Lease(name, addressAt(config, offset)));
            return;
        }

        if (tried.isEmpty()) {
            failures.add("none of the pools " + request.pools() + " has " + family + " addresses");
        } else {
            failures.add("no free " + family + " address in pools " + tried);
        }
    }

    /** Returns the state of a pool, started again when its prefix changed with a reload. */
    private PoolState state(AddressPoolConfig config) {
        PoolState state = states.get(config.name());
        if (state == null || !state.config.network().equals(config.network())
                || state.config.prefixLength() != config.prefixLength()) {
            state = new PoolState(config);
            states.put(config.name(), state);
        }
        return state;
    }

    /** Returns the offset to lease, or -1 when the pool has no free address. */
    private static int choose(PoolState state, LeaseRequest request) {
        Integer held = state.offsetBySa.get(request.saId());
        if (held != null) {
            return held;
        }
        Integer previous = state.offsetByIdentity.get(request.identity());
        if (previous != null && isFree(state, previous)) {
            return previous;
        }
        for (InetAddress proposed : request.requested()) {
            int offset = offsetOf(state.config, proposed);
            if (offset >= 0 && isFree(state, offset) && !state.identityByOffset.containsKey(offset)) {
                return offset;
            }
        }

        int unused = state.everLeased.nextClearBit(state.first);
        if (unused <= state.last) {
            return unused;
        }
        int offline = state.leased.nextClearBit(state.first);
        return offline <= state.last ? offline : -1;
    }

    private static boolean isFree(PoolState state, int offset) {
        return offset >= state.first && offset <= state.last && !state.leased.get(offset);
    }

    private static void take(PoolState state, int offset, String saId, String identity) {
        String formerIdentity = state.identityByOffset.put(offset, identity);
        if (formerIdentity != null && !formerIdentity.equals(identity)) {
            state.offsetByIdentity.remove(formerIdentity);
        }
        Integer formerOffset = state.offsetByIdentity.put(identity, offset);
        if (formerOffset != null && formerOffset != offset) {
            state.identityByOffset.remove(formerOffset);
        }
        state.holders.put(offset, saId);
        state.offsetBySa.put(saId, offset);
        state.leased.set(offset);
        state.everLeased.set(offset);
    }

    /** Returns the offset of {@code address} in the pool's prefix, or -1 when it lies outside. */
    private static int offsetOf(AddressPoolConfig config, InetAddress address) {
        byte[] network = config.network().getAddress();
        byte[] bytes = address.getAddress();
        if (bytes.length != network.length) {
            return -1;
        }
        BigInteger offset = new BigInteger(1, bytes).subtract(new BigInteger(1, network));
        int hostBits = network.length * 8 - config.prefixLength();
        if (offset.signum() < 0 || offset.bitLength() > hostBits) {
            return -1;
        }
        return offset.intValue();
    }

    private static InetAddress addressAt(AddressPoolConfig config, int offset) {
        byte[] network = config.network().getAddress();
        byte[] sum = new BigInteger(1, network).add(BigInteger.valueOf(offset)).toByteArray();
        byte[] address = new byte[network.length];
        int copied = Math.min(sum.length, address.length);
        System.arraycopy(sum, sum.length - copied, address, address.length - copied, copied);
        try {
            return InetAddress.getByAddress(address);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a 4- or 16-octet address is always valid", e);
        }
    }
}
