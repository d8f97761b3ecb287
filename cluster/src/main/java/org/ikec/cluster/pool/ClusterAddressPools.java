package org.ikec.cluster.pool;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.typed.Cluster;
import org.ikec.cluster.AddressClaim;
import org.ikec.cluster.AddressPools;
import org.ikec.protocol.config.AddressText;
import org.ikec.protocol.vip.AddressPoolConfig;
import org.ikec.protocol.vip.Lease;
import org.ikec.protocol.vip.LeaseAnswer;
import org.ikec.protocol.vip.LeaseRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Virtual IP pools (RFC 7296 §3.15.1 INTERNAL_IP4_ADDRESS and INTERNAL_IP6_ADDRESS) shared by
 * the whole cluster. Each pool is cut into segments of {@code ikec.address-pools.segment-size}
 * addresses, and each segment is a {@link PoolSegment} entity of Cluster Sharding that keeps its
 * state in Distributed Data. A lease is one ask to the home segment of the peer's identity. That
 * segment replies from memory after a majority write, so no database is on the handshake's path.
 *
 * <p>For each requested family, a lease tries the connection's pools of that family in order and
 * takes the first address one of them grants. Every node of a cluster must use the same pools and the same
 * segment size, because the entity ids and the address numbering come from them.
 *
 * <p>A claim of one given address, such as one that a RADIUS server assigned, is one ask to the
 * segment that contains the address.
 *
 * <p>{@link #reconfigure} applies a changed list of pools at run time, one pool at a time, and
 * rejects a pool whose change would strand a lease (see {@link PoolReconfiguration}).
 *
 * <p>A lease stage that fails with a timeout may still have leased an address. Leasing again with
 * the same SA id returns that address, and an SA that gives up holds it until its node is removed
 * from the cluster. The same holds for a claim stage and claiming again.
 */
public final class ClusterAddressPools implements AddressPools {

    private static final Logger LOG = LoggerFactory.getLogger("org.ikec.cluster.pool");

    private final ClusterSharding sharding;
    private final PoolSettings settings;
    private final String node;
    private final PoolReconfiguration reconfiguration;
    private final Map<String, AtomicLong> exhaustions = new ConcurrentHashMap<>();
    private volatile Map<String, PoolAddressing> pools;

    private ClusterAddressPools(ClusterSharding sharding, PoolSettings settings, String node,
                                Map<String, PoolAddressing> pools) {
        this.sharding = sharding;
        this.settings = settings;
        this.node = node;
        this.pools = pools;
        this.reconfiguration = new PoolReconfiguration(this::segmentRef, settings.leaseTimeout());
    }

    /**
     * Starts sharding of the pool segments on {@code system}, which must already be, or be joining,
     * a cluster. Settings come from {@code ikec.address-pools} of the Pekko configuration.
     *
     * @throws IllegalArgumentException if two pools have the same name or a prefix length is invalid
     */
    public static ClusterAddressPools start(ActorSystem<?> system, List<AddressPoolConfig> configs) {
        PoolSettings settings = PoolSettings.fromConfig(system.settings().config());
        Map<String, PoolAddressing> pools = addressing(configs, settings);

        // The replicator starts with the extension. Started here, it serves the majority reads
        // and writes of segments on other nodes even before a segment runs on this node.
        DistributedData.get(system);
        ClusterSharding sharding = ClusterSharding.get(system);
        String node = PoolSegment.nodeName(Cluster.get(system).selfMember().uniqueAddress());
        ClusterAddressPools addressPools = new ClusterAddressPools(sharding, settings, node, pools);
        sharding.init(Entity.of(PoolSegment.TYPE_KEY, context -> addressPools.createSegment(context.getEntityId()))
                .withStopMessage(PoolSegment.Stop.INSTANCE));
        addressPools.applyAtStart(pools);
        return addressPools;
    }

    /**
     * Offers this node's pools to their segments, so that a node restarted with a changed pool
     * changes it for the cluster where no lease stands in the way. This runs in the background. A
     * rejected pool keeps the cluster's definition, and this node's leases follow the segments.
     */
    private void applyAtStart(Map<String, PoolAddressing> configured) {
        reconfiguration.apply(Map.of(), configured).whenComplete((changes, failure) -> {
            if (failure != null) {
                LOG.warn("offering this node's pools to their segments failed: {}", failure.toString());
                return;
            }
            changes.rejected().forEach((pool, reason) -> LOG.warn("pool {}: this node's definition was not applied "
                    + "to the cluster, which keeps its own: {}", pool, reason));
        });
    }

    /**
     * Numbers each configured pool, in configuration order.
     *
     * @throws IllegalArgumentException if two pools have the same name or a prefix length is invalid
     */
    private static Map<String, PoolAddressing> addressing(List<AddressPoolConfig> configs, PoolSettings settings) {
        Map<String, PoolAddressing> pools = new LinkedHashMap<>();
        for (AddressPoolConfig config : configs) {
            PoolAddressing addressing = new PoolAddressing(config, settings);
            if (pools.putIfAbsent(config.name(), addressing) != null) {
                throw new IllegalArgumentException("pool " + config.name() + " is configured twice");
            }
            if (addressing.truncated()) {
                LOG.warn("pool {}: {}/{} holds more addresses than max-pool-size; only the first {} are leased",
                        config.name(), AddressText.of(config.network()), config.prefixLength(), addressing.size());
            }
        }
        return Collections.unmodifiableMap(pools);
    }

    /**
     * Creates the entity of a segment. A node that does not configure the segment's pool, such as
     * one that has not reloaded yet a pool that another node added, runs it with the extent the
     * segment stored, or with none, which leases nothing.
     */
    private Behavior<PoolSegment.Command> createSegment(String entityId) {
        int slash = entityId.lastIndexOf('/');
        String pool = entityId.substring(0, slash);
        PoolAddressing addressing = pools.get(pool);
        PoolExtent configured = addressing == null ? null : addressing.extent();
        if (addressing == null) {
            addressing = PoolAddressing.undefined(pool, settings);
        }
        return PoolSegment.create(addressing, configured, Integer.parseInt(entityId.substring(slash + 1)), settings);
    }

    /**
     * Replaces the pools with {@code configs}: pools that are new are added, pools that are gone are
     * removed and pools whose {@code addrs} differ are resized, each only once all its segments
     * accepted the change. A pool whose change a segment rejected keeps its running definition, and
     * the result gives the reason. Pools whose {@code addrs} are the same need no segment and change at once.
     *
     * @throws IllegalArgumentException if two pools have the same name or a prefix length is invalid
     */
    public CompletionStage<PoolChanges> reconfigure(List<AddressPoolConfig> configs) {
        Map<String, PoolAddressing> next = addressing(configs, settings);
        Map<String, PoolAddressing> running = pools;

        return reconfiguration.apply(running, next).thenApply(changes -> {
            Map<String, PoolAddressing> effective = new LinkedHashMap<>(next);
            for (String rejected : changes.rejectedPools()) {
                PoolAddressing kept = running.get(rejected);
                if (kept == null) {
                    effective.remove(rejected);
                } else {
                    effective.put(rejected, kept);
                }
            }
            pools = Collections.unmodifiableMap(effective);
            return changes;
        });
    }

    @Override
    public CompletionStage<LeaseAnswer> lease(LeaseRequest request) {
        CompletionStage<FamilyResult> ipv4 = request.ipv4()
                ? leaseFamily(request, false) : CompletableFuture.completedFuture(FamilyResult.NOT_REQUESTED);
        CompletionStage<FamilyResult> ipv6 = request.ipv6()
                ? leaseFamily(request, true) : CompletableFuture.completedFuture(FamilyResult.NOT_REQUESTED);

        return ipv4.thenCombine(ipv6, ClusterAddressPools::answer);
    }

    private record FamilyResult(Lease lease, String failure) {
        static final FamilyResult NOT_REQUESTED = new FamilyResult(null, null);
    }

    private static LeaseAnswer answer(FamilyResult ipv4, FamilyResult ipv6) {
        List<Lease> leases = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (FamilyResult result : List.of(ipv4, ipv6)) {
            if (result.lease() != null) {
                leases.add(result.lease());
            }
            if (result.failure() != null) {
                failures.add(result.failure());
            }
        }
        return new LeaseAnswer(leases, failures.isEmpty() ? null : String.join("; ", failures));
    }

    private CompletionStage<FamilyResult> leaseFamily(LeaseRequest request, boolean ipv6) {
        String family = ipv6 ? "IPv6" : "IPv4";
        Map<String, PoolAddressing> pools = this.pools;
        List<PoolAddressing> candidates = new ArrayList<>();
        for (String name : request.pools()) {
            PoolAddressing pool = pools.get(name);
            if (pool != null && pool.ipv6() == ipv6) {
                candidates.add(pool);
            }
        }

        // NOTE: a repeated lease finds the SA's address only in the first pool that is not full. If
        // the SA got its address from a later pool because an earlier one was full, and the earlier
        // one has a free address again, the repeat leases a second address.
        if (candidates.isEmpty()) {
            String failure = "no configured " + family + " pool among " + request.pools();
            return CompletableFuture.completedFuture(new FamilyResult(null, failure));
        }
        return leaseFrom(request, candidates, 0, new ArrayList<>());
    }

    /** Asks the pool {@code candidates[index]} and, when it is exhausted, the following ones. */
    private CompletionStage<FamilyResult> leaseFrom(LeaseRequest request, List<PoolAddressing> candidates, int index,
                                                    List<String> failures) {
        PoolAddressing pool = candidates.get(index);
        int home = pool.homeSegment(request.identity());
        int requestedOffset = requestedOffset(request, pool);

        return segmentRef(pool, home).<PoolSegment.LeaseReply>ask(
                        replyTo -> new PoolSegment.Lease(request.saId(), request.identity(), node,
                                pool.extent().first(), requestedOffset, replyTo), settings.leaseTimeout())
                .thenCompose(reply -> {
                    if (reply instanceof PoolSegment.Granted granted) {
                        Lease lease = new Lease(pool.pool(), pool.grantedAddress(granted.offset()));
                        return CompletableFuture.completedFuture(new FamilyResult(lease, null));
                    }

                    String failure;
                    if (reply instanceof PoolSegment.DefinitionMismatch mismatch) {
                        failure = "pool " + pool.pool() + " starts at " + mismatch.first() + " in the cluster but at "
                                + pool.extent().first() + " on this node; give every node the same pools and reload";
                    } else {
                        PoolSegment.Exhausted exhausted = (PoolSegment.Exhausted) reply;
                        failure = "pool " + pool.pool() + " has no free address: " + exhausted.leased() + " of "
                                + exhausted.size() + " leased";
                        exhaustions(pool.pool()).incrementAndGet();
                    }
                    failures.add(failure);
                    LOG.warn("no address for IKE SA {}: {}", request.saId(), failure);

                    if (index + 1 < candidates.size()) {
                        return leaseFrom(request, candidates, index + 1, failures);
                    }
                    return CompletableFuture.completedFuture(new FamilyResult(null, String.join("; ", failures)));
                });
    }

    private static int requestedOffset(LeaseRequest request, PoolAddressing pool) {
        for (InetAddress requested : request.requested()) {
            OptionalInt offset = pool.offsetOf(requested);
            if (offset.isPresent()) {
                return offset.getAsInt();
            }
        }
        return -1;
    }

    /**
     * Claims {@code address} from the first configured pool that leases it, whichever pools the
     * connection names. A pool's network and broadcast addresses, and the addresses beyond
     * {@code max-pool-size}, count as outside the pools.
     */
    @Override
    public CompletionStage<AddressClaim> claim(String saId, String identity, InetAddress address) {
        for (PoolAddressing pool : pools.values()) {
            OptionalInt offset = pool.offsetOf(address);
            if (offset.isPresent()) {
                return claimFrom(pool, offset.getAsInt(), saId, identity);
            }
        }
        return CompletableFuture.completedFuture(new AddressClaim.OutsidePools(address));
    }

    private CompletionStage<AddressClaim> claimFrom(PoolAddressing pool, int offset, String saId, String identity) {
        Lease lease = new Lease(pool.pool(), pool.addressAt(offset));
        return segmentRef(pool, pool.segmentOf(offset)).<PoolSegment.LeaseReply>ask(
                        replyTo -> new PoolSegment.Claim(saId, identity, node, pool.extent().first(), offset, replyTo),
                        settings.leaseTimeout())
                .thenApply(reply -> {
                    if (reply instanceof PoolSegment.HeldByOther held) {
                        return new AddressClaim.HeldByOther(lease, held.saId(), held.identity());
                    }
                    if (reply instanceof PoolSegment.Granted) {
                        return new AddressClaim.Leased(lease);
                    }
                    if (reply instanceof PoolSegment.DefinitionMismatch mismatch) {
                        throw new IllegalStateException("pool " + pool.pool() + " starts at " + mismatch.first()
                                + " in the cluster but at " + pool.extent().first() + " on this node; give every"
                                + " node the same pools and reload");
                    }
                    throw new IllegalStateException("segment of pool " + pool.pool() + " replied to a claim with "
                            + reply);
                });
    }

    @Override
    public void release(String saId, List<Lease> leases) {
        for (Lease lease : leases) {
            PoolAddressing pool = pools.get(lease.pool());
            OptionalInt offset = pool == null ? OptionalInt.empty() : pool.leasedOffsetOf(lease.address());
            if (offset.isEmpty()) {
                LOG.warn("IKE SA {} released {}, which pool {} does not lease; ignored", saId,
                        AddressText.of(lease.address()), lease.pool());
                continue;
            }

            segmentRef(pool, pool.segmentOf(offset.getAsInt())).tell(new PoolSegment.Release(saId, offset.getAsInt()));
        }
    }

    /**
     * Moves the IKE SA {@code fromSaId}'s addresses to its successor {@code toSaId} after an IKE SA
     * rekey (RFC 7296 §2.8), so the peer keeps its virtual IP and the predecessor's deletion frees
     * nothing. A repeated transfer is ignored.
     */
    public void transfer(String fromSaId, String toSaId, List<Lease> leases) {
        for (Lease lease : leases) {
            PoolAddressing pool = pools.get(lease.pool());
            OptionalInt offset = pool == null ? OptionalInt.empty() : pool.leasedOffsetOf(lease.address());
            if (offset.isEmpty()) {
                LOG.warn("IKE SA {} transferred {} to {}, which pool {} does not lease; ignored", fromSaId,
                        AddressText.of(lease.address()), toSaId, lease.pool());
                continue;
            }

            segmentRef(pool, pool.segmentOf(offset.getAsInt()))
                    .tell(new PoolSegment.Transfer(fromSaId, toSaId, offset.getAsInt()));
        }
    }

    /**
     * Collects the leased and free counts of every pool from all its segments, in configuration
     * order. The counts of different segments are taken at slightly different times.
     */
    public CompletionStage<List<PoolUsage>> usage() {
        List<CompletableFuture<PoolUsage>> perPool = new ArrayList<>();
        for (PoolAddressing pool : this.pools.values()) {
            perPool.add(usageOf(pool));
        }

        return CompletableFuture.allOf(perPool.toArray(CompletableFuture[]::new))
                .thenApply(done -> perPool.stream().map(CompletableFuture::join).toList());
    }

    private CompletableFuture<PoolUsage> usageOf(PoolAddressing pool) {
        List<CompletableFuture<PoolSegment.SegmentUsage>> segments = new ArrayList<>();
        for (int segment = 0; segment < pool.segmentCount(); segment++) {
            segments.add(segmentRef(pool, segment).<PoolSegment.SegmentUsage>ask(
                    PoolSegment.GetUsage::new, settings.leaseTimeout()).toCompletableFuture());
        }

        return CompletableFuture.allOf(segments.toArray(CompletableFuture[]::new)).thenApply(done -> {
            int leased = 0;
            for (CompletableFuture<PoolSegment.SegmentUsage> segment : segments) {
                leased += segment.join().leased();
            }
            return new PoolUsage(pool.pool(), pool.size(), leased, pool.size() - leased,
                    exhaustions(pool.pool()).get());
        });
    }

    private AtomicLong exhaustions(String pool) {
        return exhaustions.computeIfAbsent(pool, name -> new AtomicLong());
    }

    private EntityRef<PoolSegment.Command> segmentRef(PoolAddressing pool, int segment) {
        return segmentRef(pool.pool(), segment);
    }

    private EntityRef<PoolSegment.Command> segmentRef(String pool, int segment) {
        return sharding.entityRefFor(PoolSegment.TYPE_KEY, PoolSegment.entityId(pool, segment));
    }
}
