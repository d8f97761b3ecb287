package org.ikec.cluster.tunnel;

import java.util.Map;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.ikec.cluster.CborSerializable;

/**
 * Reports, for one node, which tunnel indexes of a segment its IKE SAs hold. One runs on every
 * node that runs the allocator, registered with the receptionist under {@link #KEY}; a starting
 * allocator entity asks all of them and rebuilds its segment from the answers.
 */
final class TunnelIndexCensus {

    static final ServiceKey<HoldingsOf> KEY = ServiceKey.create(HoldingsOf.class, "ikec-tunnel-index-census");

    /** Asks for the indexes of {@code segment} held on the receiving node. */
    record HoldingsOf(int segment, ActorRef<Holdings> replyTo) implements CborSerializable {
    }

    /** The indexes of {@code segment} held on the node of {@code from}, by index, with their owners. */
    record Holdings(int segment, ActorRef<HoldingsOf> from, Map<Integer, String> ownerByIndex)
            implements CborSerializable {
    }

    private TunnelIndexCensus() {
    }

    static Behavior<HoldingsOf> create(TunnelIndexHoldings holdings) {
        return Behaviors.setup(context -> {
            context.getSystem().receptionist().tell(Receptionist.register(KEY, context.getSelf()));
            return Behaviors.receiveMessage(request -> {
                request.replyTo().tell(new Holdings(request.segment(), context.getSelf(),
                        holdings.inSegment(request.segment())));
                return Behaviors.same();
            });
        });
    }
}
