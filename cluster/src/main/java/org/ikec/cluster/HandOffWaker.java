package org.ikec.cluster;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * Starts entities whose IKE SAs were just handed off, from another node. A handing-off entity
 * cannot wake its next incarnation through its own node's region, which may be shutting down, so
 * it asks the waker of another member, whose region delivers the wake-up once the shard has its
 * new home. Each node runs one waker and keeps the list of the other members' wakers current.
 */
final class HandOffWaker {

    /** Asks the waker to start the entity {@code entityId} wherever its shard now lives. */
    record Wake(String entityId) implements CborSerializable {
    }

    static final ServiceKey<Wake> SERVICE_KEY = ServiceKey.create(Wake.class, "ike-sa-hand-off-waker");

    private HandOffWaker() {
    }

    /** Returns the waker; {@code others} receives the other members' wakers as the receptionist lists them. */
    static Behavior<Wake> create(AtomicReference<List<ActorRef<Wake>>> others) {
        return Behaviors.setup(context -> {
            context.getSystem().receptionist().tell(Receptionist.register(SERVICE_KEY, context.getSelf()));
            // A separate actor subscribes: the receptionist cannot watch one actor as both service and subscriber.
            context.spawn(listingFollower(others), "listing");

            return Behaviors.receive(Wake.class)
                    .onMessage(Wake.class, wake -> {
                        ClusterSharding.get(context.getSystem())
                                .entityRefFor(IkeSaEntity.TYPE_KEY, wake.entityId())
                                .tell(new IkeSaEntity.WakeUp(wake.entityId()));
                        return Behaviors.same();
                    })
                    .build();
        });
    }

    private static Behavior<Receptionist.Listing> listingFollower(AtomicReference<List<ActorRef<Wake>>> others) {
        return Behaviors.setup(context -> {
            context.getSystem().receptionist().tell(Receptionist.subscribe(SERVICE_KEY, context.getSelf()));
            return Behaviors.receive(Receptionist.Listing.class)
                    .onMessage(Receptionist.Listing.class, listing -> {
                        others.set(listing.getServiceInstances(SERVICE_KEY).stream()
                                .filter(waker -> !waker.path().address().hasLocalScope())
                                .toList());
                        return Behaviors.same();
                    })
                    .build();
        });
    }
}
