package org.ikec.cluster.pool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the segments of each changed pool to its new {@link PoolExtent} with {@link PoolSegment.Resize}.
 * A pool changes only when all its segments accept. When one rejects, because the change would
 * strand a lease, or does not reply in time, the segments that accepted are resized back, so the
 * pool keeps its running definition everywhere while the other pools change. strongSwan's vici
 * plugin likewise keeps a pool that has online leases and replies with an error to the load-pool
 * request that would replace it (load_pool in src/libcharon/plugins/vici/vici_attribute.c).
 *
 * <p>A pool whose {@code addrs} start at another address is emptied first: every segment goes to
 * size 0 under the old numbering, and only once all of them hold no lease does any segment take
 * the new numbering. At no time does one address belong to two numberings.
 */
final class PoolReconfiguration {

    private static final Logger LOG = LoggerFactory.getLogger("org.ikec.cluster.pool");

    private final BiFunction<String, Integer, EntityRef<PoolSegment.Command>> segmentRef;
    private final Duration timeout;

    PoolReconfiguration(BiFunction<String, Integer, EntityRef<PoolSegment.Command>> segmentRef, Duration timeout) {
        this.segmentRef = segmentRef;
        this.timeout = timeout;
    }

    /** Resizes the segments of every pool whose extent differs between {@code running} and {@code next}. */
    CompletionStage<PoolChanges> apply(Map<String, PoolAddressing> running, Map<String, PoolAddressing> next) {
        // NOTE: two nodes that reload different definitions of one pool at the same moment can
        // resize each other's segments back, so the pool may end with segments of both sizes. No
        // lease is stranded and no address is leased twice, and the next reload with one definition
        // on every node settles it. A per-pool version in the segments' state would let the newer
        // definition win.
        TreeSet<String> names = new TreeSet<>(running.keySet());
        names.addAll(next.keySet());

        Map<String, CompletableFuture<Optional<String>>> outcomes = new TreeMap<>();
        for (String name : names) {
            PoolAddressing before = running.get(name);
            PoolAddressing after = next.get(name);
            if (before != null && after != null && before.extent().equals(after.extent())) {
                continue;
            }
            outcomes.put(name, change(name, before, after).toCompletableFuture());
        }

        return CompletableFuture.allOf(outcomes.values().toArray(CompletableFuture[]::new)).thenApply(done -> {
            Map<String, String> rejected = new TreeMap<>();
            outcomes.forEach((name, outcome) -> outcome.join().ifPresent(reason -> rejected.put(name, reason)));
            return new PoolChanges(rejected);
        });
    }

    /** Returns empty once the pool has its new definition, or the reason it kept the running one. */
    private CompletionStage<Optional<String>> change(String name, PoolAddressing before, PoolAddressing after) {
        if (before == null) {
            // A pool new to this node may be running in the cluster already, as when this node starts.
            Function<PoolSegment.Resized, PoolExtent> previous = resized -> resized.previous() != null
                    ? resized.previous() : after.extent().removed();
            return resize(name, after.segmentCount(), after.extent()).thenCompose(replies -> settle(name, replies,
                    previous, false, "pool " + name + " not added: "));
        }

        // Every node that reloads the same file restores the same running definition, whatever order
        // their resizes reach a segment in.
        Function<PoolSegment.Resized, PoolExtent> running = resized -> before.extent();
        PoolExtent emptied = before.extent().removed();
        if (after == null) {
            return resize(name, before.segmentCount(), emptied).thenCompose(replies -> settle(name, replies,
                    running, true, "pool " + name + " (" + before.cidr() + ") not removed: "));
        }

        String prefix = "pool " + name + " not changed from " + before.cidr() + " to " + after.cidr() + ": ";
        int segments = Math.max(before.segmentCount(), after.segmentCount());
        if (before.extent().first().equals(after.extent().first())) {
            return resize(name, segments, after.extent())
                    .thenCompose(replies -> settle(name, replies, running, false, prefix));
        }

        return resize(name, before.segmentCount(), emptied).thenCompose(emptiedReplies -> {
            if (firstRejection(emptiedReplies).isPresent()) {
                return settle(name, emptiedReplies, running, true, prefix + "the new range starts at another "
                        + "address, so the pool must be empty first, but ");
            }
            // A segment takes the old first address back only from size 0, so the renumbered ones
            // are emptied before every segment gets the running definition again.
            return resize(name, segments, after.extent())
                    .thenCompose(replies -> settle(name, replies, resized -> after.extent().removed(), false, prefix))
                    .thenCompose(outcome -> outcome.isEmpty() ? CompletableFuture.completedFuture(outcome)
                            : resize(name, before.segmentCount(), before.extent()).thenApply(restored -> outcome));
        });
    }

    /**
     * Asks segments 0 to {@code segments - 1} of {@code pool} to take {@code extent}. A segment
     * that does not reply in time counts as rejected.
     */
    private CompletionStage<List<PoolSegment.ResizeReply>> resize(String pool, int segments, PoolExtent extent) {
        List<CompletableFuture<PoolSegment.ResizeReply>> replies = new ArrayList<>();
        for (int segment = 0; segment < segments; segment++) {
            int number = segment;
            replies.add(segmentRef.apply(pool, segment)
                    .<PoolSegment.ResizeReply>ask(replyTo -> new PoolSegment.Resize(extent, replyTo), timeout)
                    .exceptionally(failure -> new PoolSegment.ResizeRejected(number, -1, null))
                    .toCompletableFuture());
        }
        return CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new))
                .thenApply(done -> replies.stream().map(CompletableFuture::join).toList());
    }

    /**
     * Returns empty when every segment accepted. Otherwise resizes each segment that accepted to the
     * extent {@code restore} returns for it, and returns {@code prefix} with the first rejection's reason.
     *
     * @param emptying whether the rejected extent had size 0
     */
    private CompletionStage<Optional<String>> settle(String pool, List<PoolSegment.ResizeReply> replies,
                                                     Function<PoolSegment.Resized, PoolExtent> restore,
                                                     boolean emptying, String prefix) {
        Optional<PoolSegment.ResizeRejected> rejected = firstRejection(replies);
        if (rejected.isEmpty()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }

        int leased = 0;
        for (PoolSegment.ResizeReply reply : replies) {
            if (reply instanceof PoolSegment.ResizeRejected segmentRejected && segmentRejected.stranded() > 0) {
                leased += segmentRejected.stranded();
            }
        }
        String reason = prefix + reason(rejected.get(), leased, emptying);
        LOG.warn("{}; the pool keeps its running definition", reason);

        int accepted = 0;
        List<CompletableFuture<PoolSegment.ResizeReply>> undone = new ArrayList<>();
        for (PoolSegment.ResizeReply reply : replies) {
            if (reply instanceof PoolSegment.Resized resized) {
                accepted++;
                PoolExtent previous = restore.apply(resized);
                undone.add(segmentRef.apply(pool, resized.segment())
                        .<PoolSegment.ResizeReply>ask(replyTo -> new PoolSegment.Resize(previous, replyTo), timeout)
                        .exceptionally(failure -> new PoolSegment.ResizeRejected(resized.segment(), -1, null))
                        .toCompletableFuture());
            }
        }
        LOG.debug("pool {}: resizing {} segments back", pool, accepted);

        return CompletableFuture.allOf(undone.toArray(CompletableFuture[]::new)).thenApply(done -> {
            for (CompletableFuture<PoolSegment.ResizeReply> reply : undone) {
                if (reply.join() instanceof PoolSegment.ResizeRejected stuck) {
                    // It leased an address of the new definition meanwhile; it keeps that definition.
                    LOG.warn("pool {} segment {}: could not be resized back ({}); it keeps the new definition until "
                            + "its leases end", pool, stuck.segment(), reason(stuck, stuck.stranded(), false));
                }
            }
            return Optional.of(reason);
        });
    }

    private static Optional<PoolSegment.ResizeRejected> firstRejection(List<PoolSegment.ResizeReply> replies) {
        return replies.stream().filter(PoolSegment.ResizeRejected.class::isInstance)
                .map(PoolSegment.ResizeRejected.class::cast).findFirst();
    }

    private String reason(PoolSegment.ResizeRejected rejected, int leased, boolean emptying) {
        if (rejected.stranded() < 0) {
            return "segment " + rejected.segment() + " did not reply within " + timeout.toMillis() + " ms; "
                    + "reload again";
        }
        if (rejected.first() != null) {
            return "segment " + rejected.segment() + " numbers the pool from " + rejected.first()
                    + "; remove the pool in one reload and add it in the next";
        }
        String addresses;
        if (emptying) {
            addresses = leased == 1 ? "1 address is still leased" : leased + " addresses are still leased";
        } else {
            addresses = leased == 1 ? "1 leased address is outside the new range"
                    : leased + " leased addresses are outside the new range";
        }
        return addresses + "; reload again once " + (leased == 1 ? "it is" : "they are") + " released";
    }
}
