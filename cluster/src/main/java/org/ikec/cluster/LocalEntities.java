package org.ikec.cluster;

import java.util.concurrent.atomic.AtomicReferenceArray;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * The IKE SA entities running on this node, by entity index, so that a datagram for one of them
 * goes straight to its mailbox. Through sharding it would pass the shard region and the shard
 * actor first: two more messages and often two more thread wake-ups per datagram.
 *
 * <p>An entity is listed from the time it has read its handed-off IKE SAs until it starts to
 * passivate or hand off. Whatever reaches it directly after that goes back through sharding (see
 * {@code IkeSaEntity.redirectWhilePassivating}).
 *
 * <p>NOTE: a datagram whose sender read the reference before the entity left the list, and
 * delivered it after the entity stopped, reaches no one. The hand-off write between the two makes
 * that rare, and the peer's retransmission goes through sharding to the next incarnation.
 */
final class LocalEntities {

    private final AtomicReferenceArray<ActorRef<IkeSaEntity.Command>> entities =
            new AtomicReferenceArray<>(SpiRouting.ENTITY_COUNT);

    /** Returns the entity with index {@code index} if it runs on this node, or null. */
    ActorRef<IkeSaEntity.Command> find(int index) {
        return entities.get(index);
    }

    /** Lists {@code entity} under {@code index}, in place of an incarnation that stopped. */
    void add(int index, ActorRef<IkeSaEntity.Command> entity) {
        entities.set(index, entity);
    }

    /** Removes {@code entity} from {@code index}, unless a later incarnation took its place. */
    void remove(int index, ActorRef<IkeSaEntity.Command> entity) {
        entities.compareAndSet(index, entity, null);
    }
}
