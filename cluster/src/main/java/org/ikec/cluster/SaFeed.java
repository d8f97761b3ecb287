package org.ikec.cluster;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.pubsub.Topic;

/**
 * The cluster-wide stream of IKE SA changes. Every node's {@link SaDirectory} publishes each change
 * on the topic {@link #TOPIC_NAME} with a sequence number that grows by one per change within one
 * directory incarnation. A subscriber that finds a gap has missed a change, so it requests a full
 * {@link SaDirectory.SaList} from that directory.
 */
public final class SaFeed {

    public static final String TOPIC_NAME = "ike-sa-feed";

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

    private SaFeed() {
    }

    /** Returns the behavior of this node's local instance of the topic. */
    public static Behavior<Topic.Command<Event>> topic() {
        return Topic.create(Event.class, TOPIC_NAME);
    }
}
