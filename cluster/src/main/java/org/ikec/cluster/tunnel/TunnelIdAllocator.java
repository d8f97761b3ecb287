package org.ikec.cluster.tunnel;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.ToIntFunction;

import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.ikec.cluster.CborSerializable;
import org.ikec.cluster.LogInterval;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Cluster Sharding entity that allocates the jnxIkeTunIndex values of one segment of the index
 * space (see {@link IndexSpace}); its entity id is the segment number. A tunnel gets its preferred
 * index ({@link TunnelHashing}) unless another owner holds it, and otherwise the next free index
 * after it, wrapping inside the segment. A full segment forwards the request to the next segment.
 *
 * <p>Consistency: sharding runs at most one incarnation of the entity at a time, so it is the
 * single writer of its segment, and it replies at once from memory. Its table is not replicated.
 * The owners are the replicas: every node records the indexes its IKE SAs hold
 * ({@link TunnelIndexHoldings}). A new incarnation (first use, after passivation, a rebalance or
 * a node leaving) asks every node's {@link TunnelIndexCensus} for the segment's holdings and
 * stashes commands until all replied or the census timeout passed. An IKE SA that moves to
 * another node claims its exact index again there ({@link Claim}), so a tunnel keeps its index
 * through a hand-off even while its segment moves too. The indexes of IKE SAs on a node that
 * crashed are not reported by any census, so the next incarnation of the segment frees them.
 *
 * <p>NOTE: an allocator that stays on its node keeps the indexes of a crashed node's IKE SAs
 * until it next starts (after passivation or a rebalance). Taking a census again when a member
 * is removed would free them at once.
 *
 * <p>NOTE: a node that does not reply within the census timeout (a long GC pause, a partition)
 * is left out, and an index one of its IKE SAs holds can then be given to a second tunnel. The
 * IKE SA keeps its index and the collision lasts until one of the two tunnels ends. Asking such
 * nodes again once they reply, and re-indexing the later tunnel, would close it.
 *
 * <p>In a network partition the side without the shard coordinator cannot start the entity, so
 * its allocations time out unanswered. When the split-brain resolver downs that side, its shards
 * and their entities start again on the surviving side.
 */
public final class TunnelIdAllocator extends AbstractBehavior<TunnelIdAllocator.Command> {

    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "tunnel-id-segment");
    private static final LogInterval CENSUS_WARNINGS = new LogInterval(Duration.ofSeconds(10));
    private static final LogInterval CLAIM_CONFLICTS = new LogInterval(Duration.ofSeconds(10));

    private static final Logger LOG = LoggerFactory.getLogger("org.ikec.cluster.tunnel");

    public sealed interface Command extends CborSerializable {
    }

    /**
     * Allocates a tunnel index for the IKE SA {@code owner} and replies with it. If the owner
     * already holds an index in this segment, replies with that one.
     */
    public record Allocate(TunnelIdentity identity, String owner, ActorRef<Allocated> replyTo) implements Command {
    }

    /**
     * Records that {@code owner}, an IKE SA restored on another node, still holds {@code index}, and
     * replies with it. If another owner took the index meanwhile, allocates a new one as
     * {@link Allocate} does and replies with that.
     */
    public record Claim(int index, TunnelIdentity identity, String owner, ActorRef<Allocated> replyTo)
            implements Command {
    }

    /** Frees {@code index} if {@code owner} holds it; a release by anyone else is ignored. */
    public record Release(int index, String owner) implements Command {
    }

    /**
     * Frees the index that {@code owner} has in this segment, if any. An IKE SA whose request got no
     * reply in time sends it when it ends, because the allocator may have granted the request after
     * the IKE SA stopped waiting.
     */
    public record ReleaseOwner(String owner) implements Command {
    }

    /**
     * Hands {@code index} from the IKE SA {@code fromOwner} to its successor {@code toOwner} after
     * an IKE SA rekey. Ignored unless {@code fromOwner} holds the index and {@code toOwner} holds
     * none in this segment.
     */
    public record Transfer(int index, String fromOwner, String toOwner) implements Command {
    }

    /** The index allocated to {@code owner}. */
    public record Allocated(int index, String owner) implements CborSerializable {
    }

    /** An allocation that a full segment passed on, after {@code segmentsVisited} full segments. */
    record ForwardedAllocate(Allocate request, int segmentsVisited) implements Command {
    }

    /** Sent by sharding at handoff. */
    enum Stop implements Command, NoSerializationVerificationNeeded {
        INSTANCE
    }

    private record CensusNodes(Receptionist.Listing listing) implements Command, NoSerializationVerificationNeeded {
    }

    private record CensusAnswer(TunnelIndexCensus.Holdings holdings)
            implements Command, NoSerializationVerificationNeeded {
    }

    private enum CensusTimedOut implements Command, NoSerializationVerificationNeeded {
        INSTANCE
    }

    private final int segment;
    private final TunnelIdSettings settings;
    private final ToIntFunction<TunnelIdentity> preferredIndex;
    private final SegmentTable table;

    /**
     * Creates the entity of {@code segment}. {@code preferredIndex} is
     * {@link TunnelHashing#preferredIndex} except in tests that force collisions.
     */
    static Behavior<Command> create(int segment, TunnelIdSettings settings,
                                    ToIntFunction<TunnelIdentity> preferredIndex) {
        return Behaviors.setup(context -> Behaviors.withStash(settings.stashCapacity(),
                stash -> Behaviors.withTimers(timers -> {
                    TunnelIdAllocator allocator = new TunnelIdAllocator(context, segment, settings, preferredIndex);
                    return allocator.takeCensus(stash, timers);
                })));
    }

    private TunnelIdAllocator(ActorContext<Command> context, int segment, TunnelIdSettings settings,
                              ToIntFunction<TunnelIdentity> preferredIndex) {
        super(context);
        this.segment = segment;
        this.settings = settings;
        this.preferredIndex = preferredIndex;
        this.table = new SegmentTable(settings.space(), segment);
    }

    /**
     * Asks every node which indexes of this segment its IKE SAs hold, holding every command until
     * all replied or the census timeout passed.
     */
    private Behavior<Command> takeCensus(StashBuffer<Command> stash, TimerScheduler<Command> timers) {
        ActorRef<Receptionist.Listing> listingAdapter =
                getContext().messageAdapter(Receptionist.Listing.class, CensusNodes::new);
        getContext().getSystem().receptionist().tell(Receptionist.find(TunnelIndexCensus.KEY, listingAdapter));
        timers.startSingleTimer(CensusTimedOut.INSTANCE, settings.censusTimeout());

        Set<ActorRef<TunnelIndexCensus.HoldingsOf>> unanswered = new HashSet<>();
        ActorRef<TunnelIndexCensus.Holdings> answers =
                getContext().messageAdapter(TunnelIndexCensus.Holdings.class, CensusAnswer::new);
        return Behaviors.receive(Command.class)
                .onMessage(CensusNodes.class, listing -> {
                    Set<ActorRef<TunnelIndexCensus.HoldingsOf>> nodes =
                            listing.listing().getServiceInstances(TunnelIndexCensus.KEY);
                    if (nodes.isEmpty()) {
                        return censusTaken(stash, timers, unanswered);
                    }
                    unanswered.addAll(nodes);
                    for (ActorRef<TunnelIndexCensus.HoldingsOf> node : nodes) {
                        node.tell(new TunnelIndexCensus.HoldingsOf(segment, answers));
                    }
                    return Behaviors.same();
                })
                .onMessage(CensusAnswer.class, answer -> {
                    record(answer.holdings());
                    unanswered.remove(answer.holdings().from());
                    return unanswered.isEmpty() ? censusTaken(stash, timers, unanswered) : Behaviors.same();
                })
                .onMessageEquals(CensusTimedOut.INSTANCE, () -> censusTaken(stash, timers, unanswered))
                .onMessageEquals(Stop.INSTANCE, Behaviors::stopped)
                .onAnyMessage(command -> {
                    if (stash.isFull()) {
                        LOG.warn("tunnel-id segment {}: dropped {} because {} commands wait for the census",
                                segment, command, settings.stashCapacity());
                    } else {
                        stash.stash(command);
                    }
                    return Behaviors.same();
                })
                .build();
    }

    private void record(TunnelIndexCensus.Holdings holdings) {
        for (Map.Entry<Integer, String> held : holdings.ownerByIndex().entrySet()) {
            int index = held.getKey();
            if (!table.contains(index)) {
                continue;
            }
            String earlier = table.ownerOf(index);
            if (earlier == null) {
                table.put(index, held.getValue());
            } else if (!earlier.equals(held.getValue())) {
                LOG.warn("tunnel-id segment {}: two nodes report index {} held, by {} and by {}; kept {}",
                        segment, index, earlier, held.getValue(), earlier);
            }
        }
    }

    private Behavior<Command> censusTaken(StashBuffer<Command> stash, TimerScheduler<Command> timers,
                                          Set<ActorRef<TunnelIndexCensus.HoldingsOf>> unanswered) {
        timers.cancel(CensusTimedOut.INSTANCE);
        if (!unanswered.isEmpty()) {
            long suppressed = CENSUS_WARNINGS.permitCountingSuppressed();
            if (suppressed >= 0) {
                LOG.warn("tunnel-id segment {} started without the holdings of {} nodes that did not reply within"
                                + " {} ms: {} ({} more such starts in the last {} s were not logged)", segment,
                        unanswered.size(), settings.censusTimeout().toMillis(),
                        unanswered.stream().map(node -> node.path().address().toString()).sorted().toList(),
                        suppressed, CENSUS_WARNINGS.intervalSeconds());
            }
        }

        LOG.debug("tunnel-id segment {} started with {} live indexes", segment, table.size());
        return stash.unstashAll(this);
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Allocate.class, request -> onAllocate(request, 0))
                .onMessage(Claim.class, this::onClaim)
                .onMessage(Release.class, this::onRelease)
                .onMessage(ReleaseOwner.class, this::onReleaseOwner)
                .onMessage(Transfer.class, this::onTransfer)
                .onMessage(ForwardedAllocate.class, forwarded -> onAllocate(forwarded.request(),
                        forwarded.segmentsVisited()))
                .onMessageEquals(Stop.INSTANCE, Behaviors::stopped)
                // A census reply or receptionist listing that arrives after the census completed.
                .onMessage(CensusAnswer.class, late -> this)
                .onMessage(CensusNodes.class, late -> this)
                .build();
    }

    private Behavior<Command> onAllocate(Allocate request, int segmentsVisited) {
        OptionalInt ownedIndex = table.indexOf(request.owner());
        if (ownedIndex.isPresent()) {
            request.replyTo().tell(new Allocated(ownedIndex.getAsInt(), request.owner()));
            return this;
        }

        if (table.isFull()) {
            forward(request, segmentsVisited + 1);
            return this;
        }

        int preferred = preferredIndex.applyAsInt(request.identity());
        int start = table.contains(preferred) ? preferred : table.first();
        int index = table.firstFreeFrom(start).getAsInt();
        table.put(index, request.owner());
        request.replyTo().tell(new Allocated(index, request.owner()));

        if (index != preferred) {
            LOG.debug("tunnel-id segment {}: {} got index {} in place of its preferred index {}",
                    segment, request.owner(), index, preferred);
        }
        return this;
    }

    private Behavior<Command> onClaim(Claim claim) {
        if (!inThisSegment(claim.index(), "claim", "by", claim.owner())) {
            return this;
        }
        String holder = table.ownerOf(claim.index());
        if (holder == null || holder.equals(claim.owner())) {
            table.put(claim.index(), claim.owner());
            claim.replyTo().tell(new Allocated(claim.index(), claim.owner()));
            return this;
        }

        long suppressed = CLAIM_CONFLICTS.permitCountingSuppressed();
        if (suppressed >= 0) {
            LOG.warn("tunnel-id segment {}: {} claimed index {} after moving, but {} took it meanwhile; {} gets a new"
                            + " index ({} more such claims in the last {} s were not logged)", segment, claim.owner(),
                    claim.index(), holder, claim.owner(), suppressed, CLAIM_CONFLICTS.intervalSeconds());
        }
        return onAllocate(new Allocate(claim.identity(), claim.owner(), claim.replyTo()), 0);
    }

    // NOTE: an owner whose request a full segment passed on holds its index in a later segment. A
    // repeated Allocate for it finds that index only while its preferred segment stays full. Once
    // an index there is free, the repeat gets a second index. With the default 2^19 indexes per
    // segment, a segment fills only when that many live tunnels hash into it.
    private void forward(Allocate request, int segmentsVisited) {
        if (segmentsVisited >= settings.space().segmentCount()) {
            LOG.warn("tunnel-id segment {}: no free tunnel index in any segment for {}; not replying",
                    segment, request.owner());
            return;
        }

        int next = settings.space().nextSegment(segment);
        ClusterSharding.get(getContext().getSystem())
                .entityRefFor(TYPE_KEY, Integer.toString(next))
                .tell(new ForwardedAllocate(request, segmentsVisited));
        LOG.debug("tunnel-id segment {} is full; passed {} on to segment {}", segment, request.owner(), next);
    }

    /**
     * Returns whether {@code index} lies in this segment, and otherwise logs that the
     * {@code operation} of {@code owner} is ignored.
     */
    private boolean inThisSegment(int index, String operation, String preposition, String owner) {
        if (table.contains(index)) {
            return true;
        }
        LOG.warn("tunnel-id segment {}: ignored {} of index {} {} {}, which belongs to segment {}",
                segment, operation, index, preposition, owner, settings.space().segmentOf(index));
        return false;
    }

    private Behavior<Command> onRelease(Release request) {
        if (!inThisSegment(request.index(), "release", "by", request.owner())) {
            return this;
        }
        String holder = table.ownerOf(request.index());
        if (!request.owner().equals(holder)) {
            LOG.debug("tunnel-id segment {}: ignored release of index {} by {}, held by {}",
                    segment, request.index(), request.owner(), holder);
            return this;
        }

        table.remove(request.index());
        return this;
    }

    private Behavior<Command> onReleaseOwner(ReleaseOwner request) {
        OptionalInt held = table.indexOf(request.owner());
        if (held.isPresent()) {
            LOG.debug("tunnel-id segment {}: freed index {} of {}, which ended before it got the reply",
                    segment, held.getAsInt(), request.owner());
            table.remove(held.getAsInt());
        }
        return this;
    }

    private Behavior<Command> onTransfer(Transfer request) {
        if (!inThisSegment(request.index(), "transfer", "from", request.fromOwner())) {
            return this;
        }
        String holder = table.ownerOf(request.index());
        if (request.toOwner().equals(holder)) {
            return this;
        }
        if (!request.fromOwner().equals(holder)) {
            LOG.warn("tunnel-id segment {}: ignored transfer of index {} from {} to {}, held by {}",
                    segment, request.index(), request.fromOwner(), request.toOwner(), holder);
            return this;
        }
        OptionalInt toHeld = table.indexOf(request.toOwner());
        if (toHeld.isPresent()) {
            LOG.warn("tunnel-id segment {}: ignored transfer of index {} from {} to {}, which already holds index {}",
                    segment, request.index(), request.fromOwner(), request.toOwner(), toHeld.getAsInt());
            return this;
        }

        table.put(request.index(), request.toOwner());
        return this;
    }
}
