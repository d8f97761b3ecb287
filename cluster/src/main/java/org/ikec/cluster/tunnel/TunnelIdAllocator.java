package org.ikec.cluster.tunnel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
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
import org.apache.pekko.cluster.ddata.Key;
import org.apache.pekko.cluster.ddata.LWWMap;
import org.apache.pekko.cluster.ddata.LWWMapKey;
import org.apache.pekko.cluster.ddata.SelfUniqueAddress;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;
import org.apache.pekko.cluster.ddata.typed.javadsl.ReplicatorMessageAdapter;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.ikec.cluster.LogInterval;
import org.ikec.cluster.CborSerializable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Cluster Sharding entity that allocates the jnxIkeTunIndex values of one segment of the index
 * space (see {@link IndexSpace}); its entity id is the segment number. A tunnel gets its preferred
 * index ({@link TunnelHashing}) unless another owner holds it, and otherwise the next free index
 * after it, wrapping inside the segment. A full segment forwards the request to the next segment.
 *
 * <p>Consistency: the segment's index-to-owner map lives in Distributed Data as an
 * {@link LWWMap} under the key {@code tunnel-ids-<segment>}. Sharding runs at most one
 * incarnation of the entity at a time, so it is the single writer. It changes its own copy first,
 * so later commands see the change, then writes with WriteMajority and replies only when a
 * majority stored the write. A new incarnation (after a rebalance or a node leaving) reads with
 * ReadMajority and stashes commands until the read completes. Any majority of the same members
 * overlaps the majority that confirmed each write, so the new incarnation sees every index it
 * handed out. This also holds after one node crashed and was downed. A handoff stops the entity
 * only after its writes in flight completed.
 *
 * <p>In a network partition the side without a majority cannot complete a read or a write, so
 * its allocations time out unanswered. When the split-brain resolver downs that side, its shards
 * and their entities stop and start again on the surviving side, which reads the map from its own
 * majority.
 *
 * <p>TODO(tunnel-id-sweep): an owner whose node crashed never releases its index, so the index
 * stays taken (wasted, never shared). A periodic sweep that asks each owner's entity whether it
 * still exists would return such indexes.
 */
public final class TunnelIdAllocator extends AbstractBehavior<TunnelIdAllocator.Command> {

    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "tunnel-id-segment");
    private static final LogInterval WRITE_WARNINGS = new LogInterval(Duration.ofSeconds(10));

    private static final Logger LOG = LoggerFactory.getLogger("org.ikec.cluster.tunnel");

    public sealed interface Command extends CborSerializable {
    }

    /**
     * Allocates a tunnel index for the IKE SA {@code owner} and replies with it once a majority of
     * nodes stored it. If the owner already holds an index in this segment, replies with that one.
     */
    public record Allocate(TunnelIdentity identity, String owner, ActorRef<Allocated> replyTo) implements Command {
    }

    /** Frees {@code index} if {@code owner} holds it; a release by anyone else is ignored. */
    public record Release(int index, String owner) implements Command {
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

    /** Sent by sharding at handoff, so that writes in flight complete before the entity stops. */
    enum Stop implements Command, NoSerializationVerificationNeeded {
        INSTANCE
    }

    private record SegmentRead(Replicator.GetResponse<LWWMap<Integer, String>> response)
            implements Command, NoSerializationVerificationNeeded {
    }

    private enum RetryRead implements Command, NoSerializationVerificationNeeded {
        INSTANCE
    }

    private record WriteCompleted(Replicator.UpdateResponse<LWWMap<Integer, String>> response,
                                  List<Change> changes)
            implements Command, NoSerializationVerificationNeeded {
    }

    /**
     * One index given to {@code owner}, or freed when {@code owner} is null. A {@code replyTo} that
     * is not null receives {@link Allocated} once a majority stored the change.
     */
    private record Change(int index, String owner, ActorRef<Allocated> replyTo) {
    }

    private final int segment;
    private final TunnelIdSettings settings;
    private final ToIntFunction<TunnelIdentity> preferredIndex;
    private final ReplicatorMessageAdapter<Command, LWWMap<Integer, String>> replicator;
    private final Key<LWWMap<Integer, String>> key;
    private final SelfUniqueAddress self;
    private final SegmentTable table;
    /** Changes that wait for the write in flight to complete; the next write carries them all. */
    private final List<Change> unwritten = new ArrayList<>();
    private boolean writeInFlight;
    private boolean stopping;

    /**
     * Creates the entity of {@code segment}. {@code preferredIndex} is
     * {@link TunnelHashing#preferredIndex} except in tests that force collisions.
     */
    static Behavior<Command> create(int segment, TunnelIdSettings settings,
                                    ToIntFunction<TunnelIdentity> preferredIndex) {
        return Behaviors.setup(context -> Behaviors.withStash(settings.stashCapacity(),
                stash -> Behaviors.withTimers(timers -> DistributedData.<Command, LWWMap<Integer, String>>
                        withReplicatorMessageAdapter(replicator -> {
                            TunnelIdAllocator allocator = new TunnelIdAllocator(context, segment, settings,
                                    preferredIndex, replicator);
                            return allocator.load(stash, timers);
                        }))));
    }

    static Key<LWWMap<Integer, String>> keyOf(int segment) {
        return LWWMapKey.create("tunnel-ids-" + segment);
    }

    private TunnelIdAllocator(ActorContext<Command> context, int segment, TunnelIdSettings settings,
                              ToIntFunction<TunnelIdentity> preferredIndex,
                              ReplicatorMessageAdapter<Command, LWWMap<Integer, String>> replicator) {
        super(context);
        this.segment = segment;
        this.settings = settings;
        this.preferredIndex = preferredIndex;
        this.replicator = replicator;
        this.key = keyOf(segment);
        this.self = DistributedData.get(context.getSystem()).selfUniqueAddress();
        this.table = new SegmentTable(settings.space(), segment);
    }

    /** Reads the segment from a majority of nodes, holding every command until the read completes. */
    private Behavior<Command> load(StashBuffer<Command> stash, TimerScheduler<Command> timers) {
        askRead();
        return Behaviors.receive(Command.class)
                .onMessage(SegmentRead.class, read -> onSegmentRead(read, stash, timers))
                .onMessageEquals(RetryRead.INSTANCE, () -> {
                    askRead();
                    return Behaviors.same();
                })
                .onMessageEquals(Stop.INSTANCE, Behaviors::stopped)
                .onAnyMessage(command -> {
                    if (stash.isFull()) {
                        LOG.warn("tunnel-id segment {}: dropped {} because {} commands wait for the segment read",
                                segment, command, settings.stashCapacity());
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
                SegmentRead::new);
    }

    private Behavior<Command> onSegmentRead(SegmentRead read, StashBuffer<Command> stash,
                                            TimerScheduler<Command> timers) {
        if (read.response() instanceof Replicator.GetSuccess<LWWMap<Integer, String>> success) {
            for (Map.Entry<Integer, String> entry : success.get(key).getEntries().entrySet()) {
                table.put(entry.getKey(), entry.getValue());
            }
        } else if (!(read.response() instanceof Replicator.NotFound)) {
            LOG.warn("tunnel-id segment {}: read from a majority failed ({}); retrying in {}",
                    segment, read.response(), settings.readRetryInterval());
            timers.startSingleTimer(RetryRead.INSTANCE, settings.readRetryInterval());
            return Behaviors.same();
        }

        LOG.debug("tunnel-id segment {} started with {} live indexes", segment, table.size());
        return stash.unstashAll(this);
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Allocate.class, request -> onAllocate(request, 0))
                .onMessage(Release.class, this::onRelease)
                .onMessage(Transfer.class, this::onTransfer)
                .onMessage(ForwardedAllocate.class, forwarded -> onAllocate(forwarded.request(),
                        forwarded.segmentsVisited()))
                .onMessageEquals(Stop.INSTANCE, this::onStop)
                .onMessage(WriteCompleted.class, this::onWriteCompleted)
                .build();
    }

    private Behavior<Command> onAllocate(Allocate request, int segmentsVisited) {
        OptionalInt ownedIndex = table.indexOf(request.owner());
        if (ownedIndex.isPresent()) {
            // Written again, so that the reply still waits for a majority if the first write is in flight.
            write(new Change(ownedIndex.getAsInt(), request.owner(), request.replyTo()));
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
        write(new Change(index, request.owner(), request.replyTo()));

        if (index != preferred) {
            LOG.debug("tunnel-id segment {}: {} got index {} in place of its preferred index {}",
                    segment, request.owner(), index, preferred);
        }
        return this;
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

    private Behavior<Command> onRelease(Release request) {
        if (!table.contains(request.index())) {
            LOG.warn("tunnel-id segment {}: ignored release of index {} by {}, which belongs to segment {}",
                    segment, request.index(), request.owner(), settings.space().segmentOf(request.index()));
            return this;
        }
        String holder = table.ownerOf(request.index());
        if (!request.owner().equals(holder)) {
            LOG.debug("tunnel-id segment {}: ignored release of index {} by {}, held by {}",
                    segment, request.index(), request.owner(), holder);
            return this;
        }

        table.remove(request.index());
        write(new Change(request.index(), null, null));
        return this;
    }

    private Behavior<Command> onTransfer(Transfer request) {
        if (!table.contains(request.index())) {
            LOG.warn("tunnel-id segment {}: ignored transfer of index {} from {}, which belongs to segment {}",
                    segment, request.index(), request.fromOwner(), settings.space().segmentOf(request.index()));
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
        write(new Change(request.index(), request.toOwner(), null));
        return this;
    }

    /**
     * Writes {@code change} with WriteMajority. While a write is in flight, changes queue up and
     * go out together in one update when it completes, so a burst of allocations costs a few
     * replicator updates and majority round trips, not one per tunnel.
     */
    private void write(Change change) {
        unwritten.add(change);
        if (!writeInFlight) {
            writeUnwritten();
        }
    }

    private void writeUnwritten() {
        List<Change> changes = List.copyOf(unwritten);
        unwritten.clear();

        Replicator.WriteMajority consistency = new Replicator.WriteMajority(settings.writeTimeout());
        replicator.askUpdate(
                updateReplyTo -> new Replicator.Update<>(key, LWWMap.create(), consistency, updateReplyTo,
                        map -> apply(map, changes)),
                response -> new WriteCompleted(response, changes));
        writeInFlight = true;
    }

    private LWWMap<Integer, String> apply(LWWMap<Integer, String> map, List<Change> changes) {
        LWWMap<Integer, String> updated = map;
        for (Change change : changes) {
            updated = change.owner() == null ? updated.remove(self, change.index())
                    : updated.put(self, change.index(), change.owner());
        }
        return updated;
    }

    private Behavior<Command> onWriteCompleted(WriteCompleted completed) {
        writeInFlight = false;

        if (completed.response() instanceof Replicator.UpdateSuccess) {
            for (Change change : completed.changes()) {
                if (change.replyTo() != null) {
                    change.replyTo().tell(new Allocated(change.index(), change.owner()));
                }
            }
        } else {
            Change first = completed.changes().get(0);
            long suppressed = WRITE_WARNINGS.permitCountingSuppressed();
            if (suppressed >= 0) {
                LOG.warn("tunnel-id segment {}: write of {} index changes, the first index {} for {}, failed ({}),"
                                + " so those allocations are not confirmed ({} more failed writes in the last {} s"
                                + " were not logged)", segment, completed.changes().size(), first.index(),
                        first.owner(), completed.response(), suppressed, WRITE_WARNINGS.intervalSeconds());
            }
        }

        if (!unwritten.isEmpty()) {
            writeUnwritten();
            return this;
        }
        return stopping ? Behaviors.stopped() : this;
    }

    private Behavior<Command> onStop() {
        if (!writeInFlight) {
            return Behaviors.stopped();
        }
        stopping = true;
        return this;
    }
}
