package org.ikec.snmp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;
import org.ikec.cluster.SaDirectory;
import org.ikec.cluster.SaFeed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the gateway's rows equal to the union of every node's {@link SaDirectory}. It requests a
 * full list from each directory it discovers, then applies that node's {@link SaFeed} events. A gap
 * in a node's sequence numbers, a position ahead of the gateway's, or a new incarnation makes it
 * request the list again. When a node leaves the cluster, the SAs it still owns are dropped; SAs
 * another node has reported since stay.
 */
public final class SaFeedFollower extends AbstractBehavior<SaFeedFollower.Command> {

    private static final Logger LOG = LoggerFactory.getLogger("org.ikec.snmp");
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration RETRY_INTERVAL = Duration.ofSeconds(2);

    public sealed interface Command {
    }

    private record FeedEventReceived(SaFeed.Event event) implements Command {
    }

    private record DirectoriesListed(Receptionist.Listing listing) implements Command {
    }

    private record SaListReceived(SaDirectory.SaList list) implements Command {
    }

    private record SaListFailed(ActorRef<SaDirectory.Command> directory, String node, Throwable failure)
            implements Command {
    }

    private record RetryList(ActorRef<SaDirectory.Command> directory, String node) implements Command {
    }

    private record MemberRemoved(ClusterEvent.MemberRemoved event) implements Command {
    }

    /** The gateway's position in one node's stream. */
    private static final class NodeStream {
        long incarnation;
        long sequence;
        boolean listing;
        final List<SaFeed.Event> held = new ArrayList<>();
    }

    private final SaRowStore rows;
    private final TimerScheduler<Command> timers;
    private final Map<String, NodeStream> streams = new HashMap<>();
    private final Set<ActorRef<SaDirectory.Command>> knownDirectories = new HashSet<>();
    /** Nodes whose full list arrived at least once; a node's first list sends no tunnel notifications. */
    private final Set<String> listedNodes = new HashSet<>();

    public static Behavior<Command> create(SnmpGateway gateway) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> new SaFeedFollower(context, timers,
                gateway.rows())));
    }

    private SaFeedFollower(ActorContext<Command> context, TimerScheduler<Command> timers, SaRowStore rows) {
        super(context);
        this.rows = rows;
        this.timers = timers;

        ActorRef<Topic.Command<SaFeed.Event>> feed = context.spawn(SaFeed.topic(), "feed");
        feed.tell(Topic.subscribe(context.messageAdapter(SaFeed.Event.class, FeedEventReceived::new)));
        context.getSystem().receptionist().tell(Receptionist.subscribe(SaDirectory.SERVICE_KEY,
                context.messageAdapter(Receptionist.Listing.class, DirectoriesListed::new)));
        Cluster.get(context.getSystem()).subscriptions().tell(Subscribe.create(
                context.messageAdapter(ClusterEvent.MemberRemoved.class, MemberRemoved::new),
                ClusterEvent.MemberRemoved.class));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(FeedEventReceived.class, this::onFeedEventReceived)
                .onMessage(DirectoriesListed.class, this::onDirectoriesListed)
                .onMessage(SaListReceived.class, this::onSaListReceived)
                .onMessage(SaListFailed.class, this::onSaListFailed)
                .onMessage(RetryList.class, this::onRetryList)
                .onMessage(MemberRemoved.class, this::onMemberRemoved)
                .build();
    }

    private Behavior<Command> onFeedEventReceived(FeedEventReceived message) {
        follow(message.event());
        return this;
    }

    private void follow(SaFeed.Event event) {
        NodeStream stream = streams.get(event.node());
        if (event instanceof SaFeed.Position position) {
            followPosition(stream, position);
            return;
        }
        if (stream != null && stream.listing) {
            stream.held.add(event);
            return;
        }
        if (stream == null || stream.incarnation != event.incarnation() || event.sequence() > stream.sequence + 1) {
            if (stream != null) {
                LOG.debug("SA feed of {} skipped from {} to {}; asking for its full list",
                        event.node(), stream.sequence, event.sequence());
            }
            NodeStream restarted = streams.computeIfAbsent(event.node(), node -> new NodeStream());
            restarted.held.add(event);
            askList(event.directory(), event.node());
            return;
        }
        if (event.sequence() <= stream.sequence) {
            return;
        }

        stream.sequence = event.sequence();
        if (event instanceof SaFeed.SaChanged changed) {
            rows.put(changed.node(), changed.snapshot());
        } else if (event instanceof SaFeed.SaDeleted deleted) {
            rows.remove(deleted.node(), deleted.id());
        }
    }

    /** Asks for the node's full list when the gateway is behind the node's position, or has not listed it yet. */
    private void followPosition(NodeStream stream, SaFeed.Position position) {
        if (stream != null && stream.listing) {
            return;
        }
        boolean behind = stream == null || stream.incarnation != position.incarnation()
                || position.sequence() > stream.sequence;
        if (behind) {
            LOG.debug("SA feed of {} is at {}, this gateway at {}; asking for its full list",
                    position.node(), position.sequence(), stream == null ? "none" : stream.sequence);
            askList(position.directory(), position.node());
        }
    }

    private Behavior<Command> onDirectoriesListed(DirectoriesListed message) {
        for (ActorRef<SaDirectory.Command> directory : message.listing().getServiceInstances(SaDirectory.SERVICE_KEY)) {
            if (knownDirectories.add(directory)) {
                askList(directory, null);
            }
        }
        return this;
    }

    /** Asks {@code directory} for its full list; {@code node} is null while the node's name is not known yet. */
    private void askList(ActorRef<SaDirectory.Command> directory, String node) {
        if (node != null) {
            streams.computeIfAbsent(node, name -> new NodeStream()).listing = true;
        }
        getContext().ask(SaDirectory.SaList.class, directory, ASK_TIMEOUT, SaDirectory.ListSas::new,
                (list, failure) -> list != null ? new SaListReceived(list) : new SaListFailed(directory, node, failure));
    }

    private Behavior<Command> onSaListReceived(SaListReceived message) {
        SaDirectory.SaList list = message.list();
        NodeStream stream = streams.computeIfAbsent(list.node(), node -> new NodeStream());
        boolean stale = !stream.listing && stream.incarnation == list.incarnation() && stream.sequence >= list.sequence();
        if (stale) {
            return this;
        }

        rows.replaceNode(list.node(), list.sas(), listedNodes.add(list.node()));
        stream.incarnation = list.incarnation();
        stream.sequence = list.sequence();
        stream.listing = false;
        List<SaFeed.Event> held = new ArrayList<>(stream.held);
        stream.held.clear();
        held.sort(Comparator.comparingLong(SaFeed.Event::sequence));

        LOG.debug("SNMP rows of {} replaced by its list of {} IKE SAs at sequence {}",
                list.node(), list.sas().size(), list.sequence());
        held.forEach(this::follow);
        return this;
    }

    private Behavior<Command> onSaListFailed(SaListFailed message) {
        LOG.warn("SA list of {} not received, asking again in {} s: {}",
                message.node() == null ? message.directory().path() : message.node(),
                RETRY_INTERVAL.toSeconds(), message.failure().getMessage());
        timers.startSingleTimer(new RetryList(message.directory(), message.node()), RETRY_INTERVAL);
        return this;
    }

    private Behavior<Command> onRetryList(RetryList message) {
        if (isMember(message.directory())) {
            askList(message.directory(), message.node());
        } else {
            knownDirectories.remove(message.directory());
            if (message.node() != null) {
                streams.remove(message.node());
            }
        }
        return this;
    }

    private boolean isMember(ActorRef<SaDirectory.Command> directory) {
        Address address = directory.path().address();
        if (address.hasLocalScope()) {
            return true;
        }
        for (Member member : Cluster.get(getContext().getSystem()).state().getMembers()) {
            if (member.address().equals(address)) {
                return true;
            }
        }
        return false;
    }

    private Behavior<Command> onMemberRemoved(MemberRemoved message) {
        String node = message.event().member().address().hostPort();
        streams.remove(node);
        knownDirectories.removeIf(directory -> directory.path().address().equals(message.event().member().address()));
        int dropped = rows.removeNode(node);

        LOG.info("cluster member {} removed; dropped its {} SNMP row set(s)", node, dropped);
        return this;
    }
}
