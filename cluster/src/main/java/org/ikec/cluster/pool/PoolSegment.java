package org.ikec.cluster.pool;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.UniqueAddress;
import org.apache.pekko.cluster.ddata.Key;
import org.apache.pekko.cluster.ddata.LWWRegister;
import org.apache.pekko.cluster.ddata.LWWRegisterKey;
import org.apache.pekko.cluster.ddata.SelfUniqueAddress;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;
import org.apache.pekko.cluster.ddata.typed.javadsl.ReplicatorMessageAdapter;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;
import org.ikec.cluster.CborSerializable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Cluster Sharding entity that leases the addresses of one segment of one pool; its entity id is
 * {@code <pool>/<segment>}. It is also the home segment of the identities that hash to it
 * ({@link PoolAddressing#homeSegment}): every lease for such an identity starts here, and this
 * segment remembers where the identity's last address and its IKE SAs' addresses in other segments
 * are. A lease tries these addresses in order:
 * <ol>
 *   <li>the address the IKE SA already holds, in any segment;</li>
 *   <li>the identity's last address, in any segment;</li>
 *   <li>the address the peer requested;</li>
 *   <li>the free address of this segment that was released longest ago, or never leased;</li>
 *   <li>the free addresses of the following segments, visited one after another.</li>
 * </ol>
 * A {@link Claim}, for an address that a RADIUS server assigned, goes straight to the segment
 * of that address and leases only that address.
 *
 * <p>Consistency: the segment's {@link SegmentState} is the value of one {@link LWWRegister} in
 * Distributed Data under {@code address-pool-<pool>-<segment>}. Sharding runs at most one
 * incarnation of the entity at a time, so it is the single writer. It changes its working copy
 * first, so later commands see the change, then writes the whole state with WriteMajority and
 * replies only once a majority stored it. A new incarnation (after a rebalance, a node leaving or
 * a node being downed) reads with ReadMajority and stashes commands until the read completes. Any
 * majority overlaps the majority that confirmed each write, so no address that was granted is
 * granted again. A handoff stops the entity only after its writes in flight completed.
 *
 * <p>In a network partition the side without a majority cannot complete a read or a write, so its
 * leases time out unanswered. This relies on a downed node stopping its entities, as the
 * split-brain resolver makes it do. A downed node that kept running could still reach a majority.
 *
 * <p>Definition: the segment enforces the {@link PoolExtent} in its state, not the one of the node
 * that runs it, so that nodes that briefly hold different pool definitions during a reload still
 * lease each address from one place. A {@link Resize} changes the extent, and the segment rejects
 * it while it would strand a lease: a smaller size below a leased offset, or a new first address
 * while the segment leases anything. A new first address is accepted only by a segment of size 0,
 * which has no lease. A lease from a node whose pool starts at another address gets the reply
 * {@link DefinitionMismatch}, because its offsets name other addresses there.
 *
 * <p>Leases of a removed node: each address remembers the node whose IKE SA holds it. When that
 * node is removed from the cluster, or when a starting segment finds holders that are no longer
 * members, the segment waits {@link PoolSettings#orphanGrace()} and then frees the addresses still
 * held by that node. An IKE SA that moved to another node keeps its address by leasing again with
 * the same SA id within the grace period, which records the new node.
 */
public final class PoolSegment extends AbstractBehavior<PoolSegment.Command> {

    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "address-pool-segment");

    private static final Logger LOG = LoggerFactory.getLogger("org.ikec.cluster.pool");

    public sealed interface Command extends CborSerializable {
    }

    /**
     * Leases an address for the IKE SA {@code saId} on the node {@code node}; sent to the home
     * segment of {@code identity}. Replies once a majority of nodes stored the lease.
     *
     * @param first           the pool's first address on the requesting node, as in {@link PoolExtent#first()}
     * @param requestedOffset the pool offset of the address the peer requested, or -1
     */
    public record Lease(String saId, String identity, String node, String first, int requestedOffset,
                        ActorRef<LeaseReply> replyTo) implements Command {
    }

    /**
     * Leases exactly the address at {@code offset} to the IKE SA {@code saId} on the node
     * {@code node}; sent to the address's segment. Replies {@link Granted} once a majority of nodes
     * stored the lease, {@link HeldByOther} at once when another IKE SA holds the address, or
     * {@link DefinitionMismatch} when the segment numbers the pool from another first address.
     *
     * @param first the pool's first address on the requesting node, as in {@link PoolExtent#first()}
     */
    public record Claim(String saId, String identity, String node, String first, int offset,
                        ActorRef<LeaseReply> replyTo) implements Command {
    }

    /**
     * Makes the segment enforce {@code extent} from now on, unless that would strand a lease (see
     * the class comment). Replies once a majority stored the change.
     */
    public record Resize(PoolExtent extent, ActorRef<ResizeReply> replyTo) implements Command {
    }

    public sealed interface ResizeReply extends CborSerializable {
    }

    /** The segment enforces the new extent; {@code previous} is the one it had, or null when it had none. */
    public record Resized(int segment, PoolExtent previous) implements ResizeReply {
    }

    /**
     * The segment kept its extent because {@code stranded} of its leases would fall outside the new
     * one. {@code first} is the segment's own first address when the new extent starts elsewhere,
     * otherwise null.
     */
    public record ResizeRejected(int segment, int stranded, String first) implements ResizeReply {
    }

    /** Frees the address at {@code offset} if {@code saId} holds it; sent to the address's segment. */
    public record Release(String saId, int offset) implements Command {
    }

    /**
     * Moves the address at {@code offset} from an IKE SA to its successor after an IKE SA rekey
     * (RFC 7296 §2.8), which keeps the peer's virtual IP; sent to the address's segment. Ignored
     * unless {@code fromSaId} holds the address.
     */
    public record Transfer(String fromSaId, String toSaId, int offset) implements Command {
    }

    /** Replies with the segment's leased and total address counts. */
    public record GetUsage(ActorRef<SegmentUsage> replyTo) implements Command {
    }

    public record SegmentUsage(int leased, int length) implements CborSerializable {
    }

    public sealed interface LeaseReply extends CborSerializable {
    }

    public record Granted(String saId, int offset) implements LeaseReply {
    }

    /** No segment of the pool had a free address; {@code leased} counts what the search saw leased. */
    public record Exhausted(int leased, int size) implements LeaseReply {
    }

    /** The claimed address at {@code offset} is held by the IKE SA {@code saId} of {@code identity}. */
    public record HeldByOther(int offset, String saId, String identity) implements LeaseReply {
    }

    /** The segment numbers the pool from {@code first}, not from the first address of the request. */
    public record DefinitionMismatch(String first) implements LeaseReply {
    }

    /**
     * A lease the home segment passed to another segment. With {@code offset} at -1 the segment
     * leases any free address and passes the request on when it is full. Otherwise it leases only
     * {@code offset}, and only when that address is free or the IKE SA holds it already.
     */
    record Forwarded(Lease request, int homeSegment, int offset, int segmentsVisited, int leasedSeen)
            implements Command {
    }

    /**
     * The outcome of a {@link Forwarded}, sent back to the home segment: the leased {@code offset},
     * or -1 when the claimed address was taken ({@code claim}) or every segment was full.
     */
    record Placed(Lease request, int offset, boolean claim, int leasedSeen) implements Command {
    }

    /** Records at the home segment that the address {@code offset} moved from {@code fromSaId} to {@code toSaId}. */
    record AwayMoved(String fromSaId, String toSaId, int offset) implements Command {
    }

    /** Forgets that {@code saId} holds an address outside its home segment. */
    record DropAway(String saId) implements Command {
    }

    /** Sent by sharding at handoff, so that writes in flight complete before the entity stops. */
    enum Stop implements Command, NoSerializationVerificationNeeded {
        INSTANCE
    }

    private record StateRead(Replicator.GetResponse<LWWRegister<SegmentState>> response)
            implements Command, NoSerializationVerificationNeeded {
    }

    private enum RetryRead implements Command, NoSerializationVerificationNeeded {
        INSTANCE
    }

    private record WriteCompleted(Replicator.UpdateResponse<LWWRegister<SegmentState>> response, Runnable onSuccess)
            implements Command, NoSerializationVerificationNeeded {
    }

    private record MemberRemoved(ClusterEvent.MemberRemoved event)
            implements Command, NoSerializationVerificationNeeded {
    }

    private record ReleaseOrphans(String node) implements Command, NoSerializationVerificationNeeded {
    }

    /** No outcome came back for a request passed to another segment, so a repeated request starts afresh. */
    private record AwayTimedOut(String saId) implements Command, NoSerializationVerificationNeeded {
    }

    private PoolAddressing addressing;
    private final PoolExtent configured;
    private final int segmentNumber;
    private final PoolSettings settings;
    private final ReplicatorMessageAdapter<Command, LWWRegister<SegmentState>> replicator;
    private final TimerScheduler<Command> timers;
    private final Key<LWWRegister<SegmentState>> key;
    private final SelfUniqueAddress self;
    private final Map<String, List<ActorRef<LeaseReply>>> waiting = new HashMap<>();
    private AddressSegment segment;
    private int writesInFlight;
    private boolean stopping;
    /** Whether the replicated state contains an extent, rather than only this node's configuration. */
    private boolean extentWritten;

    /**
     * @param configured the pool's extent in this node's configuration, or null when this node does
     *                   not configure the pool; used only until the segment's state contains an extent
     */
    static Behavior<Command> create(PoolAddressing addressing, PoolExtent configured, int segmentNumber,
                                    PoolSettings settings) {
        return Behaviors.setup(context -> Behaviors.withStash(settings.stashCapacity(),
                stash -> Behaviors.withTimers(timers -> DistributedData.<Command, LWWRegister<SegmentState>>
                        withReplicatorMessageAdapter(replicator -> {
                            PoolSegment entity = new PoolSegment(context, addressing, configured, segmentNumber,
                                    settings, replicator, timers);
                            return entity.load(stash);
                        }))));
    }

    static String entityId(String pool, int segment) {
        return pool + "/" + segment;
    }

    static Key<LWWRegister<SegmentState>> keyOf(String pool, int segment) {
        return LWWRegisterKey.create("address-pool-" + pool + "-" + segment);
    }

    /** Formats the unique address of a cluster node as lease records store it. */
    static String nodeName(UniqueAddress node) {
        return node.address() + "#" + node.longUid();
    }

    private PoolSegment(ActorContext<Command> context, PoolAddressing addressing, PoolExtent configured,
                        int segmentNumber, PoolSettings settings,
                        ReplicatorMessageAdapter<Command, LWWRegister<SegmentState>> replicator,
                        TimerScheduler<Command> timers) {
        super(context);
        this.addressing = addressing;
        this.configured = configured;
        this.segmentNumber = segmentNumber;
        this.settings = settings;
        this.replicator = replicator;
        this.timers = timers;
        this.key = keyOf(addressing.pool(), segmentNumber);
        this.self = DistributedData.get(context.getSystem()).selfUniqueAddress();
    }

    /** Reads the segment from a majority of nodes, holding every command until the read completes. */
    private Behavior<Command> load(StashBuffer<Command> stash) {
        askRead();
        return Behaviors.receive(Command.class)
                .onMessage(StateRead.class, read -> onStateRead(read, stash))
                .onMessageEquals(RetryRead.INSTANCE, () -> {
                    askRead();
                    return Behaviors.same();
                })
                .onMessageEquals(Stop.INSTANCE, Behaviors::stopped)
                .onAnyMessage(command -> {
                    if (stash.isFull()) {
                        LOG.warn("pool {} segment {}: dropped {} because {} commands wait for the segment read",
                                addressing.pool(), segmentNumber, command, settings.stashCapacity());
                    } else {
                        stash.stash(command);
                    }
                    return Behaviors.same();
                })
                .build();
    }

    private void askRead() {
        replicator.askGet(
                replyTo -> new Replicator.Get<>(key, new Replicator.ReadMajority(settings.readTimeout()), replyTo),
                StateRead::new);
    }

    private Behavior<Command> onStateRead(StateRead read, StashBuffer<Command> stash) {
        SegmentState state;
        if (read.response() instanceof Replicator.GetSuccess<LWWRegister<SegmentState>> success) {
            state = success.get(key).getValue();
        } else if (read.response() instanceof Replicator.NotFound) {
            state = SegmentState.EMPTY;
        } else {
            LOG.warn("pool {} segment {}: read from a majority failed ({}); retrying in {}",
                    addressing.pool(), segmentNumber, read.response(), settings.readRetryInterval());
            timers.startSingleTimer(RetryRead.INSTANCE, settings.readRetryInterval());
            return Behaviors.same();
        }

        extentWritten = state.extent() != null;
        PoolExtent extent = extentWritten ? state.extent() : configured;
        if (extent != null) {
            addressing = addressing.withExtent(extent);
        }
        segment = new AddressSegment(addressing.firstOffset(segmentNumber), addressing.segmentLength(segmentNumber),
                extent, state);
        ActorRef<ClusterEvent.MemberRemoved> removals =
                getContext().messageAdapter(ClusterEvent.MemberRemoved.class, MemberRemoved::new);
        Cluster.get(getContext().getSystem()).subscriptions()
                .tell(Subscribe.create(removals, ClusterEvent.MemberRemoved.class));
        for (String node : segment.heldByNodesOutside(currentMembers()).keySet()) {
            scheduleOrphanRelease(node);
        }

        LOG.debug("pool {} segment {} started with {} leased addresses", addressing.pool(), segmentNumber,
                segment.leasedCount());
        return stash.unstashAll(this);
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Lease.class, this::onLease)
                .onMessage(Claim.class, this::onClaim)
                .onMessage(Release.class, this::onRelease)
                .onMessage(Transfer.class, this::onTransfer)
                .onMessage(GetUsage.class, this::onGetUsage)
                .onMessage(Resize.class, this::onResize)
                .onMessage(Forwarded.class, this::onForwarded)
                .onMessage(Placed.class, this::onPlaced)
                .onMessage(AwayTimedOut.class, this::onAwayTimedOut)
                .onMessage(AwayMoved.class, this::onAwayMoved)
                .onMessage(DropAway.class, this::onDropAway)
                .onMessage(MemberRemoved.class, this::onMemberRemoved)
                .onMessage(ReleaseOrphans.class, this::onReleaseOrphans)
                .onMessageEquals(Stop.INSTANCE, this::onStop)
                .onMessage(WriteCompleted.class, this::onWriteCompleted)
                .build();
    }

    private Behavior<Command> onLease(Lease request) {
        if (!numbersLike(request.first())) {
            LOG.warn("pool {} segment {}: rejected the lease of {} from node {}, whose pool starts at {}, not {}; "
                    + "give every node the same pools and reload them", addressing.pool(), segmentNumber,
                    request.saId(), request.node(), request.first(), segment.extent().first());
            request.replyTo().tell(new DefinitionMismatch(segment.extent().first()));
            return this;
        }

        List<ActorRef<LeaseReply>> alreadyWaiting = waiting.get(request.saId());
        if (alreadyWaiting != null) {
            // The first request for this SA is still out in another segment, and its outcome replies to both.
            alreadyWaiting.add(request.replyTo());
            return this;
        }

        List<ActorRef<LeaseReply>> replyTos = new ArrayList<>();
        replyTos.add(request.replyTo());
        leaseAtHome(request, true, replyTos);
        return this;
    }

    /** Leases an address for an identity whose home is this segment, in the order of the class comment. */
    private void leaseAtHome(Lease request, boolean tryPreferred, List<ActorRef<LeaseReply>> replyTos) {
        OptionalInt held = segment.heldBy(request.saId());
        if (held.isPresent()) {
            grantAtHome(request, held.getAsInt(), replyTos);
            return;
        }

        if (tryPreferred) {
            List<Integer> preferred = new ArrayList<>();
            segment.awayOf(request.saId()).ifPresent(preferred::add);
            segment.stickyOf(request.identity()).ifPresent(preferred::add);
            if (request.requestedOffset() >= 0) {
                preferred.add(request.requestedOffset());
            }
            for (int offset : preferred) {
                if (offset >= addressing.size()) {
                    // The pool shrank since the identity leased this address.
                    continue;
                }
                if (!segment.contains(offset)) {
                    // Only the first preferred address outside this segment is claimed, because
                    // a failed claim comes back here and continues without preferences.
                    sendAway(request, offset, replyTos);
                    return;
                }
                if (segment.isFree(offset)) {
                    grantAtHome(request, offset, replyTos);
                    return;
                }
            }
        }

        OptionalInt free = segment.nextFree();
        if (free.isPresent()) {
            grantAtHome(request, free.getAsInt(), replyTos);
            return;
        }

        if (addressing.segmentCount() <= 1) {
            replyAll(replyTos, new Exhausted(segment.leasedCount(), addressing.size()));
            return;
        }
        sendAway(request, -1, replyTos);
    }

    private void grantAtHome(Lease request, int offset, List<ActorRef<LeaseReply>> replyTos) {
        segment.lease(offset, request.saId(), request.identity(), request.node());
        segment.recordSticky(request.identity(), offset);
        segment.dropAway(request.saId());

        write(() -> replyAll(replyTos, new Granted(request.saId(), offset)));

        LOG.debug("pool {} segment {}: leased offset {} to {} of {}", addressing.pool(), segmentNumber, offset,
                request.saId(), request.identity());
    }

    private void sendAway(Lease request, int offset, List<ActorRef<LeaseReply>> replyTos) {
        waiting.put(request.saId(), replyTos);
        timers.startSingleTimer(awayTimerKey(request.saId()), new AwayTimedOut(request.saId()),
                settings.leaseTimeout());

        int target = offset >= 0 ? addressing.segmentOf(offset) : addressing.nextSegment(segmentNumber);
        segmentRef(target).tell(new Forwarded(request, segmentNumber, offset, 1, segment.leasedCount()));

        LOG.debug("pool {} segment {}: passed the lease of {} on to segment {}", addressing.pool(), segmentNumber,
                request.saId(), target);
    }

    private Behavior<Command> onForwarded(Forwarded forwarded) {
        Lease request = forwarded.request();
        boolean sameNumbering = numbersLike(request.first());
        OptionalInt held = sameNumbering ? segment.heldBy(request.saId()) : OptionalInt.empty();
        if (held.isPresent()) {
            grantForHome(forwarded, held.getAsInt());
            return this;
        }

        if (forwarded.offset() >= 0) {
            if (sameNumbering && segment.contains(forwarded.offset()) && segment.isFree(forwarded.offset())) {
                grantForHome(forwarded, forwarded.offset());
            } else {
                segmentRef(forwarded.homeSegment()).tell(new Placed(request, -1, true, 0));
            }
            return this;
        }

        OptionalInt free = sameNumbering ? segment.nextFree() : OptionalInt.empty();
        if (free.isPresent()) {
            grantForHome(forwarded, free.getAsInt());
            return this;
        }

        int leasedSeen = forwarded.leasedSeen() + segment.leasedCount();
        int visited = forwarded.segmentsVisited() + 1;
        if (visited >= addressing.segmentCount()) {
            segmentRef(forwarded.homeSegment()).tell(new Placed(request, -1, false, leasedSeen));
        } else {
            segmentRef(addressing.nextSegment(segmentNumber))
                    .tell(new Forwarded(request, forwarded.homeSegment(), -1, visited, leasedSeen));
        }
        return this;
    }

    /** Leases {@code offset} here for a request of another home segment and reports it there once stored. */
    private void grantForHome(Forwarded forwarded, int offset) {
        Lease request = forwarded.request();
        segment.lease(offset, request.saId(), request.identity(), request.node());

        EntityRef<Command> home = segmentRef(forwarded.homeSegment());
        write(() -> home.tell(new Placed(request, offset, forwarded.offset() >= 0, 0)));

        LOG.debug("pool {} segment {}: leased offset {} to {} of {} for home segment {}", addressing.pool(),
                segmentNumber, offset, request.saId(), request.identity(), forwarded.homeSegment());
    }

    private Behavior<Command> onPlaced(Placed placed) {
        Lease request = placed.request();
        List<ActorRef<LeaseReply>> replyTos = waiting.remove(request.saId());
        timers.cancel(awayTimerKey(request.saId()));
        if (replyTos == null) {
            replyTos = new ArrayList<>();
        }

        if (placed.offset() < 0 && replyTos.isEmpty()) {
            // An earlier incarnation sent this request, so a lease now would go to no waiting IKE SA.
            LOG.debug("pool {} segment {}: dropped the outcome of a lease for {} that no request waits for",
                    addressing.pool(), segmentNumber, request.saId());
            return this;
        }

        if (placed.offset() >= 0) {
            segment.recordAway(request.saId(), placed.offset());
            segment.recordSticky(request.identity(), placed.offset());
            List<ActorRef<LeaseReply>> granted = replyTos;
            write(() -> replyAll(granted, new Granted(request.saId(), placed.offset())));
        } else if (placed.claim()) {
            leaseAtHome(request, false, replyTos);
        } else {
            replyAll(replyTos, new Exhausted(placed.leasedSeen(), addressing.size()));
        }
        return this;
    }

    private Behavior<Command> onAwayTimedOut(AwayTimedOut timedOut) {
        List<ActorRef<LeaseReply>> replyTos = waiting.remove(timedOut.saId());

        LOG.warn("pool {} segment {}: no outcome within {} for the lease of {} passed to another segment; "
                + "{} requests were not answered", addressing.pool(), segmentNumber, settings.leaseTimeout(),
                timedOut.saId(), replyTos == null ? 0 : replyTos.size());
        return this;
    }

    private static String awayTimerKey(String saId) {
        return "away-" + saId;
    }

    /**
     * Leases the claimed address unless another IKE SA holds it. The identity's home segment does
     * not record the claim, because a repeated claim comes straight back to this segment.
     *
     * <p>NOTE: a {@link Lease} with the same SA id therefore misses a claimed address outside the
     * home segment and leases a second address. The IKE SA entity never leases after a claim, and a
     * message that records the claim at the home segment would remove the gap.
     */
    private Behavior<Command> onClaim(Claim request) {
        if (!numbersLike(request.first())) {
            LOG.warn("pool {} segment {}: rejected the claim of {} from node {}, whose pool starts at {}, not {}; "
                    + "give every node the same pools and reload them", addressing.pool(), segmentNumber,
                    request.saId(), request.node(), request.first(), segment.extent().first());
            request.replyTo().tell(new DefinitionMismatch(segment.extent().first()));
            return this;
        }
        if (!segment.contains(request.offset())) {
            LOG.warn("pool {} segment {}: ignored claim of offset {} by {}, which belongs to segment {}",
                    addressing.pool(), segmentNumber, request.offset(), request.saId(),
                    addressing.segmentOf(request.offset()));
            return this;
        }

        AddressRecord record = segment.recordAt(request.offset());
        if (record != null && !record.free() && !record.saId().equals(request.saId())) {
            request.replyTo().tell(new HeldByOther(request.offset(), record.saId(), record.identity()));
            LOG.debug("pool {} segment {}: refused the claim of offset {} by {}, because {} holds it",
                    addressing.pool(), segmentNumber, request.offset(), request.saId(), record.saId());
            return this;
        }

        segment.lease(request.offset(), request.saId(), request.identity(), request.node());
        write(() -> request.replyTo().tell(new Granted(request.saId(), request.offset())));

        LOG.debug("pool {} segment {}: leased the claimed offset {} to {} of {}", addressing.pool(), segmentNumber,
                request.offset(), request.saId(), request.identity());
        return this;
    }

    private Behavior<Command> onRelease(Release request) {
        if (!segment.contains(request.offset())) {
            LOG.warn("pool {} segment {}: ignored release of offset {} by {}, which belongs to segment {}",
                    addressing.pool(), segmentNumber, request.offset(), request.saId(),
                    addressing.segmentOf(request.offset()));
            return this;
        }
        AddressRecord record = segment.recordAt(request.offset());
        if (!segment.release(request.offset(), request.saId())) {
            LOG.debug("pool {} segment {}: ignored release of offset {} by {}, which does not hold it",
                    addressing.pool(), segmentNumber, request.offset(), request.saId());
            return this;
        }

        write(() -> { });
        dropAwayAtHome(request.saId(), record.identity());
        return this;
    }

    private void dropAwayAtHome(String saId, String identity) {
        int home = addressing.homeSegment(identity);
        if (home != segmentNumber) {
            segmentRef(home).tell(new DropAway(saId));
        }
    }

    private Behavior<Command> onTransfer(Transfer request) {
        if (!segment.contains(request.offset())) {
            LOG.warn("pool {} segment {}: ignored transfer of offset {} from {}, which belongs to segment {}",
                    addressing.pool(), segmentNumber, request.offset(), request.fromSaId(),
                    addressing.segmentOf(request.offset()));
            return this;
        }
        AddressRecord record = segment.recordAt(request.offset());
        if (record != null && request.toSaId().equals(record.saId())) {
            return this;
        }
        if (!segment.transfer(request.offset(), request.fromSaId(), request.toSaId())) {
            LOG.warn("pool {} segment {}: ignored transfer of offset {} from {} to {}, which {} does not hold",
                    addressing.pool(), segmentNumber, request.offset(), request.fromSaId(), request.toSaId(),
                    request.fromSaId());
            return this;
        }

        write(() -> { });
        int home = addressing.homeSegment(record.identity());
        if (home != segmentNumber) {
            segmentRef(home).tell(new AwayMoved(request.fromSaId(), request.toSaId(), request.offset()));
        }
        return this;
    }

    private Behavior<Command> onAwayMoved(AwayMoved moved) {
        segment.dropAway(moved.fromSaId());
        segment.recordAway(moved.toSaId(), moved.offset());

        write(() -> { });
        return this;
    }

    /** Tells whether this segment numbers its pool from {@code first}; a pool of no addresses numbers nothing. */
    private boolean numbersLike(String first) {
        PoolExtent extent = segment.extent();
        return extent == null || extent.size() == 0 || extent.first().equals(first);
    }

    private Behavior<Command> onResize(Resize request) {
        PoolExtent current = segment.extent();
        PoolExtent next = request.extent();
        if (next.equals(current) && extentWritten) {
            request.replyTo().tell(new Resized(segmentNumber, current));
            return this;
        }
        if (next.equals(current)) {
            // The extent came from this node's configuration; storing it keeps it when the segment moves.
            write(() -> request.replyTo().tell(new Resized(segmentNumber, current)));
            return this;
        }

        boolean renumbered = current != null && !current.first().equals(next.first());
        if (renumbered && current.size() > 0) {
            request.replyTo().tell(new ResizeRejected(segmentNumber, segment.leasedCount(), current.first()));
            LOG.warn("pool {} segment {}: kept its first address {} instead of {}, because only a pool of size 0 "
                    + "may start elsewhere", addressing.pool(), segmentNumber, current.first(), next.first());
            return this;
        }
        int stranded = renumbered ? segment.leasedCount() : segment.leasedFrom(next.size());
        if (stranded > 0) {
            request.replyTo().tell(new ResizeRejected(segmentNumber, stranded, null));
            LOG.warn("pool {} segment {}: kept size {} instead of {}, because {} leased addresses would fall outside",
                    addressing.pool(), segmentNumber, current == null ? "unset" : current.size(), next.size(),
                    stranded);
            return this;
        }

        addressing = addressing.withExtent(next);
        segment = new AddressSegment(addressing.firstOffset(segmentNumber), addressing.segmentLength(segmentNumber),
                next, segment.snapshot());
        write(() -> request.replyTo().tell(new Resized(segmentNumber, current)));

        LOG.info("pool {} segment {}: now numbers {} addresses from {}, {} of them in this segment", addressing.pool(),
                segmentNumber, next.size(), next.first(), segment.length());
        return this;
    }

    private Behavior<Command> onGetUsage(GetUsage request) {
        request.replyTo().tell(new SegmentUsage(segment.leasedCount(), segment.length()));
        return this;
    }

    private Behavior<Command> onDropAway(DropAway request) {
        if (segment.dropAway(request.saId())) {
            write(() -> { });
        }
        return this;
    }

    private Behavior<Command> onMemberRemoved(MemberRemoved removed) {
        String node = nodeName(removed.event().member().uniqueAddress());
        if (segment.heldByNodesOutside(membersExcept(node)).containsKey(node)) {
            scheduleOrphanRelease(node);
        }
        return this;
    }

    private void scheduleOrphanRelease(String node) {
        timers.startSingleTimer("orphans-" + node, new ReleaseOrphans(node), settings.orphanGrace());
        LOG.info("pool {} segment {}: node {} left the cluster; its leases are freed in {} unless its IKE SAs "
                + "lease them again", addressing.pool(), segmentNumber, node, settings.orphanGrace());
    }

    private Behavior<Command> onReleaseOrphans(ReleaseOrphans request) {
        List<Integer> orphans = segment.heldByNodesOutside(membersExcept(request.node())).get(request.node());
        if (orphans == null) {
            return this;
        }

        for (int offset : orphans) {
            AddressRecord record = segment.recordAt(offset);
            segment.release(offset, record.saId());
            dropAwayAtHome(record.saId(), record.identity());
        }
        write(() -> { });

        LOG.info("pool {} segment {}: freed {} addresses of removed node {}", addressing.pool(), segmentNumber,
                orphans.size(), request.node());
        return this;
    }

    private Set<String> currentMembers() {
        Set<String> members = new HashSet<>();
        for (Member member : Cluster.get(getContext().getSystem()).state().getMembers()) {
            members.add(nodeName(member.uniqueAddress()));
        }
        return members;
    }

    /**
     * Returns the current members without {@code removedNode}. With Pekko 1.2.1,
     * {@code Cluster.state()} is a snapshot updated apart from the event delivery, and test runs
     * showed it still listing a member when that member's MemberRemoved event arrived here. A
     * removed node never comes back under the same unique address, so leaving it out is always right.
     */
    private Set<String> membersExcept(String removedNode) {
        Set<String> members = currentMembers();
        members.remove(removedNode);
        return members;
    }

    /** Writes the whole segment state with WriteMajority and runs {@code onSuccess} once a majority stored it. */
    private void write(Runnable onSuccess) {
        SegmentState state = segment.snapshot();
        extentWritten |= state.extent() != null;
        Replicator.WriteMajority consistency = new Replicator.WriteMajority(settings.writeTimeout());
        replicator.askUpdate(
                replyTo -> new Replicator.Update<>(key, LWWRegister.create(self, SegmentState.EMPTY), consistency,
                        replyTo, register -> register.withValue(self, state)),
                response -> new WriteCompleted(response, onSuccess));
        writesInFlight++;
    }

    private Behavior<Command> onWriteCompleted(WriteCompleted completed) {
        writesInFlight--;

        if (completed.response() instanceof Replicator.UpdateSuccess) {
            completed.onSuccess().run();
        } else {
            LOG.warn("pool {} segment {}: write failed ({}); the change stays local and unconfirmed",
                    addressing.pool(), segmentNumber, completed.response());
        }

        return stopping && writesInFlight == 0 ? Behaviors.stopped() : this;
    }

    private Behavior<Command> onStop() {
        if (writesInFlight == 0) {
            return Behaviors.stopped();
        }
        stopping = true;
        return this;
    }

    private EntityRef<Command> segmentRef(int target) {
        return ClusterSharding.get(getContext().getSystem())
                .entityRefFor(TYPE_KEY, entityId(addressing.pool(), target));
    }

    private static void replyAll(List<ActorRef<LeaseReply>> replyTos, LeaseReply reply) {
        for (ActorRef<LeaseReply> replyTo : replyTos) {
            replyTo.tell(reply);
        }
    }
}
