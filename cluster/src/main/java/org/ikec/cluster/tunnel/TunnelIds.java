package org.ikec.cluster.tunnel;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.ToIntFunction;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

/**
 * The node's entry to the cluster-wide jnxIkeTunIndex allocator: sends each request to the
 * {@link TunnelIdAllocator} entity that owns the part of the index space it concerns, and records
 * the indexes that IKE SAs on this node hold for the allocators' census. An IKE SA requests its
 * index after IKE_AUTH completed and nothing waits for the reply, so allocation is never on a
 * handshake's path.
 */
public final class TunnelIds {

    private static final Executor ON_COMPLETING_THREAD = Runnable::run;

    private final ClusterSharding sharding;
    private final TunnelIdSettings settings;
    private final ToIntFunction<TunnelIdentity> preferredIndex;
    private final TunnelIndexHoldings holdings;

    private TunnelIds(ClusterSharding sharding, TunnelIdSettings settings,
                      ToIntFunction<TunnelIdentity> preferredIndex, TunnelIndexHoldings holdings) {
        this.sharding = sharding;
        this.settings = settings;
        this.preferredIndex = preferredIndex;
        this.holdings = holdings;
    }

    /**
     * Starts sharding of the allocator entities on {@code system}, which must already be, or be
     * joining, a cluster. Settings come from {@code ikec.tunnel-ids} of the Pekko configuration.
     */
    public static TunnelIds start(ActorSystem<?> system) {
        return start(system, TunnelHashing::preferredIndex);
    }

    /** Starts sharding with another hash in place of {@link TunnelHashing#preferredIndex}, so tests can force collisions. */
    static TunnelIds start(ActorSystem<?> system, ToIntFunction<TunnelIdentity> preferredIndex) {
        TunnelIdSettings settings = TunnelIdSettings.fromConfig(system.settings().config());

        TunnelIndexHoldings holdings = new TunnelIndexHoldings(settings.space());
        system.systemActorOf(TunnelIndexCensus.create(holdings), "tunnel-index-census", Props.empty());
        ClusterSharding sharding = ClusterSharding.get(system);
        sharding.init(Entity.of(TunnelIdAllocator.TYPE_KEY,
                        context -> TunnelIdAllocator.create(Integer.parseInt(context.getEntityId()), settings,
                                preferredIndex))
                .withStopMessage(TunnelIdAllocator.Stop.INSTANCE));
        return new TunnelIds(sharding, settings, preferredIndex, holdings);
    }

    /** Returns how long an IKE SA waits for the allocator's reply ({@code request-timeout}). */
    public Duration requestTimeout() {
        return settings.requestTimeout();
    }

    /**
     * Returns how long an IKE SA waits before its next request, after {@code attempt} requests got no
     * reply (see {@link TunnelIdSettings#retryDelay}).
     */
    public Duration retryDelay(int attempt) {
        return settings.retryDelay(attempt, ThreadLocalRandom.current().nextDouble());
    }

    /**
     * Allocates the tunnel index of {@code identity} for the IKE SA {@code owner}, which runs on
     * this node. Completes with the index, or fails with a {@link java.util.concurrent.TimeoutException}
     * after {@code timeout}. Asking again for the same owner returns the same index.
     */
    public CompletionStage<Integer> allocate(TunnelIdentity identity, String owner, Duration timeout) {
        int preferred = preferredIndex.applyAsInt(identity);
        return held(allocatorOf(preferred).ask(
                replyTo -> new TunnelIdAllocator.Allocate(identity, owner, replyTo), timeout));
    }

    /**
     * Claims {@code index} again for the IKE SA {@code owner}, which held it on another node and now
     * runs on this one. Completes with {@code index}, or with a new index if another tunnel took it
     * meanwhile.
     */
    public CompletionStage<Integer> claim(int index, TunnelIdentity identity, String owner, Duration timeout) {
        return held(allocatorOf(index).ask(
                replyTo -> new TunnelIdAllocator.Claim(index, identity, owner, replyTo), timeout));
    }

    private CompletionStage<Integer> held(CompletionStage<TunnelIdAllocator.Allocated> reply) {
        // The ask returns Scala's CompletableFuture wrapper (scala-library 2.13), which runs thenApply
        // as thenApplyAsync on the default executor. With a common-pool parallelism of 1 (two CPUs
        // or fewer) the JDK starts a new thread for each such task, so the index is recorded here on
        // the thread that completes the ask.
        return reply.thenApplyAsync(allocated -> {
            holdings.hold(allocated.index(), allocated.owner());
            return allocated.index();
        }, ON_COMPLETING_THREAD);
    }

    /** Frees {@code index} if {@code owner} holds it. */
    public void release(int index, String owner) {
        holdings.drop(index, owner);
        allocatorOf(index).tell(new TunnelIdAllocator.Release(index, owner));
    }

    /** Moves {@code index} from the IKE SA {@code from} to its successor {@code to} after an IKE SA rekey. */
    public void transfer(int index, String from, String to) {
        holdings.transfer(index, from, to);
        allocatorOf(index).tell(new TunnelIdAllocator.Transfer(index, from, to));
    }

    /**
     * Frees the index that {@code owner} has in the segment of {@code indexInSegment}, if any. That
     * index is the one {@code owner} claimed or the one its identity prefers, so the segment is where
     * its request went. An IKE SA whose request got no reply in time calls this when it ends.
     */
    public void releaseUnanswered(String owner, int indexInSegment) {
        allocatorOf(indexInSegment).tell(new TunnelIdAllocator.ReleaseOwner(owner));
    }

    /** Returns the index that the allocator gives {@code identity} unless another tunnel has taken it. */
    public int preferredIndex(TunnelIdentity identity) {
        return preferredIndex.applyAsInt(identity);
    }

    /**
     * Forgets on this node that {@code owner} holds {@code index}, because the IKE SA moves to
     * another node, which claims the index again. The allocator keeps the index for it.
     */
    public void movedAway(int index, String owner) {
        holdings.drop(index, owner);
    }

    private EntityRef<TunnelIdAllocator.Command> allocatorOf(int index) {
        return sharding.entityRefFor(TunnelIdAllocator.TYPE_KEY, Integer.toString(settings.space().segmentOf(index)));
    }
}
