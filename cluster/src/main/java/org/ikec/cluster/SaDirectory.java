package org.ikec.cluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * The node's view of the IKE SAs its entities hold, for the management interface and the SNMP
 * gateway. Entities report every change, and the directory publishes each one on {@link SaFeed};
 * nothing here is on a handshake's path.
 */
public final class SaDirectory extends AbstractBehavior<SaDirectory.Command> {

    public sealed interface Command {
    }

    public record SaUpdated(SaSnapshot snapshot) implements Command {
    }

    public record SaRemoved(String id) implements Command {
    }

    private enum PublishPosition implements Command {
        INSTANCE
    }

    /** Asks for the node's IKE SAs; other nodes ask too, for the cluster-wide view. */
    public record ListSas(ActorRef<SaList> replyTo) implements Command, CborSerializable {
    }

    /**
     * The IKE SAs of one node, sorted by id, as of change {@code sequence} of the directory's
     * {@link SaFeed} stream.
     */
    public record SaList(List<SaSnapshot> sas, String node, long incarnation, long sequence)
            implements CborSerializable {

        public SaList {
            sas = List.copyOf(sas);
        }
    }

    /** Every node's directory registers under this key, so a node can ask all of them. */
    public static final ServiceKey<Command> SERVICE_KEY = ServiceKey.create(Command.class, "ike-sa-directory");

    /** The snapshots by IKE SA id, encoded by {@link #codec} because the directory keeps one per IKE SA. */
    private final Map<String, byte[]> sas = new HashMap<>();
    private final SnapshotCodec codec = new SnapshotCodec();
    private final String nodeName;
    private final long incarnation = ThreadLocalRandom.current().nextLong();
    private final ActorRef<Topic.Command<SaFeed.Event>> feed;
    private long sequence;

    public static Behavior<Command> create() {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
            timers.startTimerWithFixedDelay(PublishPosition.INSTANCE, SaFeed.POSITION_INTERVAL);
            return new SaDirectory(context);
        }));
    }

    private SaDirectory(ActorContext<Command> context) {
        super(context);
        this.nodeName = Cluster.get(context.getSystem()).selfMember().address().hostPort();
        this.feed = context.spawn(SaFeed.topic(), "feed");
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(SaUpdated.class, this::onSaUpdated)
                .onMessage(SaRemoved.class, this::onSaRemoved)
                .onMessage(ListSas.class, this::onListSas)
                .onMessageEquals(PublishPosition.INSTANCE, this::onPublishPosition)
                .build();
    }

    private Behavior<Command> onSaUpdated(SaUpdated message) {
        sas.put(message.snapshot().id(), codec.encode(message.snapshot()));
        sequence++;

        feed.tell(Topic.publish(new SaFeed.SaChanged(nodeName, incarnation, sequence, getContext().getSelf(),
                message.snapshot())));
        return this;
    }

    private Behavior<Command> onSaRemoved(SaRemoved message) {
        if (sas.remove(message.id()) == null) {
            return this;
        }
        sequence++;

        feed.tell(Topic.publish(new SaFeed.SaDeleted(nodeName, incarnation, sequence, getContext().getSelf(),
                message.id())));
        return this;
    }

    private Behavior<Command> onPublishPosition() {
        feed.tell(Topic.publish(new SaFeed.Position(nodeName, incarnation, sequence, getContext().getSelf())));
        return this;
    }

    private Behavior<Command> onListSas(ListSas message) {
        List<SaSnapshot> list = new ArrayList<>(sas.size());
        for (Map.Entry<String, byte[]> entry : sas.entrySet()) {
            list.add(codec.decode(entry.getKey(), entry.getValue()));
        }
        list.sort(Comparator.comparing(SaSnapshot::id));
        message.replyTo().tell(new SaList(list, nodeName, incarnation, sequence));
        return this;
    }
}
