package org.ikec.cluster.tunnel;

import java.time.Duration;

import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;

/**
 * A census participant that never replies, like a node stuck in a long GC pause. A starting
 * allocator then waits for the whole census timeout before it replies to any request.
 */
public final class SilentCensusNode {

    private SilentCensusNode() {
    }

    /** Registers the silent participant and waits until the receptionist lists it. */
    public static void register(ActorTestKit testKit) {
        ActorRef<TunnelIndexCensus.HoldingsOf> silent = testKit.spawn(Behaviors.ignore(), "silent-census");
        testKit.system().receptionist().tell(Receptionist.register(TunnelIndexCensus.KEY, silent));

        TestProbe<Receptionist.Listing> listing = testKit.createTestProbe(Receptionist.Listing.class);
        listing.awaitAssert(Duration.ofSeconds(10), () -> {
            testKit.system().receptionist().tell(Receptionist.find(TunnelIndexCensus.KEY, listing.ref()));
            if (!listing.receiveMessage().getServiceInstances(TunnelIndexCensus.KEY).contains(silent)) {
                throw new AssertionError("the receptionist does not list the silent census participant yet");
            }
            return null;
        });
    }
}
