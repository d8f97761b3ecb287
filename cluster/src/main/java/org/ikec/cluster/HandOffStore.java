package org.ikec.cluster;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.function.Function;

import org.apache.pekko.cluster.ddata.Key;
import org.apache.pekko.cluster.ddata.LWWMap;
import org.apache.pekko.cluster.ddata.LWWMapKey;
import org.apache.pekko.cluster.ddata.SelfUniqueAddress;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;
import org.apache.pekko.cluster.ddata.typed.javadsl.ReplicatorMessageAdapter;

/**
 * Where an IKE SA entity leaves its IKE SAs when Cluster Sharding moves it, and where its next
 * incarnation finds them: one Distributed Data LWWMap per entity id, from IKE SA id to state.
 * Writes go to a majority of nodes and reads ask a majority, so a read after a completed write
 * returns it even when the writing node has left since.
 *
 * <p>NOTE: the states contain SK_* and CHILD SA keys, and Distributed Data replicates them to
 * every node over Artery. Production clusters must run Artery with TLS
 * ({@code pekko.remote.artery.transport = tls-tcp} and {@code pekko.remote.artery.ssl}). The
 * entries are removed once restored, and when an entity passivates.
 *
 * <p>An emptied map stays a top-level Distributed Data entry, because a deleted key could never be
 * written again. Every entity id that ever moved therefore keeps a small entry. There are at most
 * 16,384 entity ids, below the 100,000 top-level entries the Pekko documentation advises.
 *
 * <p>NOTE: every new entity waits for its majority read before it handles its first command, so
 * a new IKE SA costs one round trip to other nodes. While the replicators of a newly formed cluster
 * do not yet answer, the read times out after {@link #TIMEOUT} and the first message waits that long.
 */
final class HandOffStore<C> {

    static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final String KEY_PREFIX = "ike-sa-handoff-";

    private final ReplicatorMessageAdapter<C, LWWMap<String, HandedOffSa>> replicator;
    /** The entity id, which names the Distributed Data key; the key is built per operation, not kept. */
    private final String entityId;
    private final SelfUniqueAddress node;

    HandOffStore(ReplicatorMessageAdapter<C, LWWMap<String, HandedOffSa>> replicator, String entityId,
                 SelfUniqueAddress node) {
        this.replicator = replicator;
        this.entityId = entityId;
        this.node = node;
    }

    private Key<LWWMap<String, HandedOffSa>> key() {
        return LWWMapKey.create(KEY_PREFIX + entityId);
    }

    /** Reads the entity's handed-off IKE SAs from a majority of nodes. */
    void read(Function<Replicator.GetResponse<LWWMap<String, HandedOffSa>>, C> adapt) {
        Key<LWWMap<String, HandedOffSa>> key = key();
        replicator.askGet(replyTo -> new Replicator.Get<>(key, new Replicator.ReadMajority(TIMEOUT), replyTo), adapt);
    }

    /** Writes the IKE SAs, by IKE SA id, to a majority of nodes. */
    void write(Map<String, HandedOffSa> sas, Function<Replicator.UpdateResponse<LWWMap<String, HandedOffSa>>, C> adapt) {
        Key<LWWMap<String, HandedOffSa>> key = key();
        replicator.askUpdate(replyTo -> new Replicator.Update<>(key, LWWMap.create(),
                new Replicator.WriteMajority(TIMEOUT), replyTo, map -> {
                    LWWMap<String, HandedOffSa> updated = map;
                    for (Map.Entry<String, HandedOffSa> entry : sas.entrySet()) {
                        updated = updated.put(node, entry.getKey(), entry.getValue());
                    }
                    return updated;
                }), adapt);
    }

    /** Removes these IKE SA ids from the map on a majority of nodes. */
    void remove(Collection<String> ids, Function<Replicator.UpdateResponse<LWWMap<String, HandedOffSa>>, C> adapt) {
        Key<LWWMap<String, HandedOffSa>> key = key();
        replicator.askUpdate(replyTo -> new Replicator.Update<>(key, LWWMap.create(),
                new Replicator.WriteMajority(TIMEOUT), replyTo, map -> {
                    LWWMap<String, HandedOffSa> updated = map;
                    for (String id : ids) {
                        updated = updated.remove(node, id);
                    }
                    return updated;
                }), adapt);
    }

    /** Removes every entry in this node's replica, as an entity that passivates does. */
    void clear(Function<Replicator.UpdateResponse<LWWMap<String, HandedOffSa>>, C> adapt) {
        Key<LWWMap<String, HandedOffSa>> key = key();
        replicator.askUpdate(replyTo -> new Replicator.Update<>(key, LWWMap.create(),
                new Replicator.WriteMajority(TIMEOUT), replyTo, map -> {
                    LWWMap<String, HandedOffSa> updated = map;
                    for (String id : map.getEntries().keySet()) {
                        updated = updated.remove(node, id);
                    }
                    return updated;
                }), adapt);
    }
}
