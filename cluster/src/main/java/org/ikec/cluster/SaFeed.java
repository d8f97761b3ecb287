package org.ikec.cluster;

import java.time.Duration;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.pubsub.Topic;

/**
 * The cluster-wide stream of IKE SA changes. Every node's {@link SaDirectory} publishes each change
 * on the topic {@link #TOPIC_NAME} with a sequence number that grows by one per change within one
 * directory incarnation. A subscriber that finds a gap has missed a change, so it requests a full
 * {@link SaDirectory.SaList} from that directory. A directory also publishes its position every
 * {@link #POSITION_INTERVAL}, so a subscriber that missed the last changes of a quiet node (a
 * topic delivers only to the subscribers it knows when it publishes) finds the gap anyway.
 */
public final class SaFeed {

    public static final String TOPIC_NAME = "ike-sa-feed";

    /** How often a directory publishes its {@link Position}. */
    public static final Duration POSITION_INTERVAL = Duration.ofSeconds(2);

    /** One change in one node's directory. */
    public sealed interface Event extends CborSerializable {

        /** The node that reported the change, as {@link SaSnapshot#node()} names it. */
        String node();

        /** A random number a directory picks when it starts; a restarted node's sequence starts over. */
        long incarnation();

        long sequence();

        /** The directory to ask for a full list after a gap. */
        ActorRef<SaDirectory.Command> directory();
    }

    /** An IKE SA was added or changed on {@code node}. */
    public record SaChanged(String node, long incarnation, long sequence, ActorRef<SaDirectory.Command> directory,
                            SaSnapshot snapshot) implements Event {
    }

    /** An IKE SA left {@code node}: deleted, or handed off to another node. */
    public record SaDeleted(String node, long incarnation, long sequence, ActorRef<SaDirectory.Command> directory,
                            String id) implements Event {
    }

    /**
     * The directory's latest sequence number, which carries no change itself. A subscriber whose
     * sequence is lower has missed a change.
     */
    public record Position(String node, long incarnation, long sequence, ActorRef<SaDirectory.Command> directory)
            implements Event {
    }

    private SaFeed() {
    }

    /** Returns the behavior of this node's local instance of the topic. */
    public static Behavior<Topic.Command<Event>> topic() {
        return Topic.create(Event.class, TOPIC_NAME);
    }
}
