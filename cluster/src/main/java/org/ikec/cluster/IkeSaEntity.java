package org.ikec.cluster;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.cluster.ddata.LWWMap;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityContext;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.ikec.cluster.tunnel.TunnelIdentity;
import org.ikec.cluster.tunnel.TunnelIds;
import org.ikec.protocol.config.AddressText;
import org.ikec.protocol.config.ChildConfig;
import org.ikec.protocol.config.ConnectionConfig;
import org.ikec.protocol.config.SecretStore;
import org.ikec.protocol.eap.EapMethod;
import org.ikec.protocol.eap.EapStep;
import org.ikec.protocol.eap.RadiusEapMethod;
import org.ikec.protocol.ike.ChildSa;
import org.ikec.protocol.ike.IkeEvents;
import org.ikec.protocol.ike.IkeSa;
import org.ikec.protocol.ike.IkeSaInitResponder;
import org.ikec.protocol.ike.IkeSaInitiator;
import org.ikec.protocol.ike.IkeSaListener;
import org.ikec.protocol.ike.IkeTraffic;
import org.ikec.protocol.vip.Lease;
import org.ikec.protocol.vip.LeaseAnswer;
import org.ikec.protocol.vip.LeaseRequest;
import org.ikec.protocol.wire.ExchangeType;
import org.ikec.protocol.wire.IkeCodec;
import org.ikec.protocol.wire.IkeHeader;
import org.ikec.protocol.wire.IkeMessage;
import org.ikec.protocol.wire.MalformedMessageException;
import org.ikec.protocol.wire.Notify;
import org.ikec.protocol.wire.NotifyType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Cluster Sharding entity that contains the IKE SAs whose SPI on our side starts with the entity's
 * id (see {@link SpiRouting}): one in 16,384 of all IKE SAs, with their successors during rekeys.
 * The entity owns the SAs' timers and sends their datagrams through the node that last received
 * from the peer.
 */
public final class IkeSaEntity extends AbstractBehavior<IkeSaEntity.Command> {

    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "ike-sa");

    private static final Logger LOG = LoggerFactory.getLogger("org.ikec.cluster");
    private static final LogInterval HAND_OFF_WARNINGS = new LogInterval(Duration.ofSeconds(10));
    private static final LogInterval TUNNEL_INDEX_WARNINGS = new LogInterval(Duration.ofSeconds(10));

    public sealed interface Command extends CborSerializable {
    }

    /** An IKE message (without non-ESP marker) for the IKE SA whose SPI on our side is {@code ourSpi}. */
    public record ReceiveDatagram(byte[] datagram, long ourSpi, InetSocketAddress remote, InetSocketAddress local,
                                  ActorRef<OutboundDatagram> egress) implements Command {
    }

    /** Deletes an IKE SA; replies whether it existed. */
    public record Terminate(long ourSpi, ActorRef<Boolean> replyTo) implements Command {
    }

    /** Replies with the IKE SA's snapshot and lifetimes, or with an empty description when it does not exist. */
    public record DescribeSa(long ourSpi, ActorRef<SaDescription> replyTo) implements Command {
    }

    /** The reply to {@link DescribeSa}; {@code detail} is {@code null} when the IKE SA does not exist. */
    public record SaDescription(SaDetail detail) implements CborSerializable {
    }

    /**
     * Starts a rekey now: of the IKE SA when {@code childSpi} is {@code null}, else of its CHILD SA
     * with that inbound or outbound SPI. Replies once the rekey completed or failed.
     */
    public record Rekey(long ourSpi, Integer childSpi, ActorRef<RekeyResult> replyTo) implements Command {
    }

    /**
     * Starts the configured connection as initiator with {@code spiI}, which routes to this
     * entity; replies with the new IKE SA's id once the IKE_SA_INIT request is sent.
     */
    public record Initiate(String connection, long spiI, InetSocketAddress local, InetSocketAddress remote,
                           int natPort, ActorRef<OutboundDatagram> egress,
                           ActorRef<StatusReply<String>> replyTo) implements Command {
    }

    /**
     * The stop message Cluster Sharding sends when it moves the entity to another node: the entity
     * stores its IKE SAs' state for its next incarnation, then stops.
     */
    public enum HandOff implements Command {
        INSTANCE
    }

    /**
     * The allocator's reply for the tunnel of the IKE SA whose SPI on our side is {@code ourSpi}:
     * {@code index}, or 0 when request number {@code attempt} got no reply in time. {@code claimed}
     * is the index that request claimed, or 0 when it asked for a new one for {@code identity}.
     */
    private record TunnelIndexAssigned(long ourSpi, String owner, TunnelIdentity identity, int index, int attempt,
                                       int claimed) implements Command {
    }

    /** Asks the allocator again for the tunnel index of the IKE SA whose earlier requests got no reply. */
    private record RetryTunnelIndex(long ourSpi, int attempt, int claimed) implements Command {
    }

    /** Starts an entity whose IKE SAs were handed off, so it restores them without waiting for a peer. */
    public record WakeUp(String entityId) implements Command {
    }

    /**
     * The pools' replies to a restored IKE SA that claimed its addresses again on this node, one
     * per address it holds, or the reason the claims failed.
     */
    private record LeasesReclaimed(String owner, List<AddressClaim> claims, String failure)
            implements Command, NoSerializationVerificationNeeded {
    }

    /** The pools' reply to the lease request of the IKE SA whose SPI on our side is {@code ourSpi}. */
    private record AddressesLeased(long ourSpi, String owner, LeaseAnswer answer) implements Command {
    }

    /** The step a pass-through EAP backend decided for the IKE SA whose SPI on our side is {@code ourSpi}. */
    private record EapStepDecided(long ourSpi, EapStep step) implements Command, NoSerializationVerificationNeeded {
    }

    private enum Tick implements Command {
        INSTANCE
    }

    private record SavedStateRead(Replicator.GetResponse<LWWMap<String, HandedOffSa>> response) implements Command {
    }

    private record HandOffWritten(Replicator.UpdateResponse<LWWMap<String, HandedOffSa>> response,
                                  int count) implements Command {
    }

    private record SavedStateRemoved(Replicator.UpdateResponse<LWWMap<String, HandedOffSa>> response)
            implements Command {
    }

    private enum IdleCheck implements Command {
        INSTANCE
    }

    /** Reports the IKE SAs whose traffic counts changed since their last report. */
    private enum ReportTraffic implements Command {
        INSTANCE
    }

    /** How long an entity with no IKE SA stays before it passivates. */
    private static final Duration IDLE_BEFORE_PASSIVATION = Duration.ofSeconds(20);

    /**
     * The minimum time between two reports of an IKE SA whose only change is its traffic counts. A
     * busy IKE SA costs the SA feed one event per interval, and an idle one costs none.
     */
    static final Duration TRAFFIC_REPORT_INTERVAL = Duration.ofSeconds(5);

    /** Commands held while a new incarnation reads its handed-off IKE SAs; more are dropped. */
    private static final int STASH_CAPACITY = 1000;

    private final NodeServices services;
    private final EntityContext<Command> entityContext;
    /** The entity id as a number, under which {@link LocalEntities} lists this incarnation. */
    private final int entityIndex;
    // The initiators and rekeyedTo maps stay the shared empty map until first written, because most
    // entities only respond and never rekey.
    /** The IKE SAs with what the entity keeps about each, by our SPI. */
    private final SpiKeyedList<SaEntry> sas = new SpiKeyedList<>(entry -> entry.sa.ourSpi());
    private Map<Long, IkeSaInitiator> initiators = Collections.emptyMap();
    /** Where each rekeyed IKE SA went, for an allocator reply that arrives after the rekey. */
    private Map<Long, Long> rekeyedTo = Collections.emptyMap();
    /**
     * Our SPIs of the IKE SAs that changed during the current command. They are reported once when
     * it ends, so IKE_AUTH, which establishes the IKE SA and installs its CHILD SA, costs one report.
     */
    private final Set<Long> unreported = new LinkedHashSet<>(2);
    private final Listener listener = new Listener();
    private final HandOffStore<Command> handOffStore;
    private ActorRef<OutboundDatagram> currentEgress;
    /** The IKE SA handling a datagram now, so that {@link Listener#eapMethod} can tell which IKE SA requests an EAP method. */
    private IkeSa receivingSa;
    /**
     * The node that last received a message for one of these IKE SAs, or started or restored one.
     * Timers send through it, because the node that a peer last reached is the likeliest to reach it.
     */
    private ActorRef<OutboundDatagram> lastEgress;
    // Scheduled commands, null when none is pending. The entity schedules them itself instead of
    // through Behaviors.withTimers, whose interceptor and timer objects cost each entity about 150
    // bytes. A command that fires after its cancel is harmless: each handler checks its condition.
    private Cancellable tick;
    /** The time {@link #tick} fires, in milliseconds since the epoch, valid only while it is set. */
    private long tickAtMillis;
    /** The datagrams of the current command, sent once it is handled; the shared empty list when none. */
    private List<PendingSend> pendingSends = List.of();
    private Cancellable reportTraffic;
    private Cancellable idleCheck;
    private boolean passivating;
    private boolean handingOff;
    /** This entity's share of the node's {@link SaCounts}, as last added. */
    private long countedIkeSas;
    private long countedChildSas;

    /**
     * Creates an entity that first reads the IKE SAs a previous incarnation handed off, holding
     * every command until they are restored.
     */
    static Behavior<Command> create(EntityContext<Command> entityContext, NodeServices services) {
        return Behaviors.withStash(STASH_CAPACITY, stash -> Behaviors.setup(context ->
                DistributedData.<Command, LWWMap<String, HandedOffSa>>withReplicatorMessageAdapter(replicator -> {
                    HandOffStore<Command> store = new HandOffStore<>(replicator, entityContext.getEntityId(),
                            DistributedData.get(context.getSystem()).selfUniqueAddress());
                    store.read(SavedStateRead::new);
                    return restoring(stash, new IkeSaEntity(context, entityContext, services, store));
                })));
    }

    private static Behavior<Command> restoring(StashBuffer<Command> stash, IkeSaEntity entity) {
        return Behaviors.receive(Command.class)
                .onMessage(SavedStateRead.class, read -> {
                    Behavior<Command> restored = entity.restore(read.response());
                    entity.flushSends();
                    return stash.unstashAll(restored);
                })
                .onMessageEquals(HandOff.INSTANCE, Behaviors::stopped)
                .onAnyMessage(message -> {
                    if (stash.isFull()) {
                        LOG.warn("entity {} dropped a command: {} commands wait for its handed-off IKE SAs",
                                entity.entityContext.getEntityId(), STASH_CAPACITY);
                    } else {
                        stash.stash(message);
                    }
                    return Behaviors.same();
                })
                .build();
    }

    private IkeSaEntity(ActorContext<Command> context, EntityContext<Command> entityContext,
                        NodeServices services, HandOffStore<Command> handOffStore) {
        super(context);
        this.entityContext = entityContext;
        this.entityIndex = SpiRouting.entityIndex(entityContext.getEntityId());
        this.services = services;
        this.handOffStore = handOffStore;
    }

    /**
     * Builds one case for all commands and one for PostStop. A case per command type would cost
     * each entity about 700 bytes of builder cases and handler lambdas (class histogram of 20,000
     * entities).
     */
    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Command.class, this::onCommand)
                .onSignal(PostStop.class, signal -> onPostStop())
                .build();
    }

    /** Handles one command, then sends the datagrams it produced (see {@link #sendThrough}). */
    private Behavior<Command> onCommand(Command command) {
        Behavior<Command> next = handle(command);
        flushSends();
        return next;
    }

    private Behavior<Command> handle(Command command) {
        if (command instanceof ReceiveDatagram message) {
            return onReceiveDatagram(message);
        } else if (command instanceof Terminate message) {
            return onTerminate(message);
        } else if (command instanceof DescribeSa message) {
            return onDescribeSa(message);
        } else if (command instanceof Rekey message) {
            return onRekey(message);
        } else if (command instanceof Initiate message) {
            return onInitiate(message);
        } else if (command == HandOff.INSTANCE) {
            return onHandOff();
        } else if (command instanceof TunnelIndexAssigned message) {
            return onTunnelIndexAssigned(message);
        } else if (command instanceof RetryTunnelIndex message) {
            return onRetryTunnelIndex(message);
        } else if (command instanceof AddressesLeased message) {
            return onAddressesLeased(message);
        } else if (command instanceof EapStepDecided message) {
            return onEapStepDecided(message);
        } else if (command instanceof LeasesReclaimed message) {
            return onLeasesReclaimed(message);
        } else if (command instanceof WakeUp message) {
            return onWakeUp(message);
        } else if (command == Tick.INSTANCE) {
            return onTick();
        } else if (command instanceof HandOffWritten message) {
            return onHandOffWritten(message);
        } else if (command instanceof SavedStateRemoved message) {
            return onSavedStateRemoved(message);
        } else if (command == IdleCheck.INSTANCE) {
            return onIdleCheck();
        } else if (command == ReportTraffic.INSTANCE) {
            return onReportTraffic();
        }
        // A SavedStateRead gets here only after the restoring behavior handled the first one.
        return Behaviors.unhandled();
    }

    /**
     * Sends a command that reached this incarnation after it asked to passivate, or began its
     * hand-off, back through sharding, which keeps it for the next incarnation. Handling it here
     * would lose its state.
     */
    private boolean redirectWhilePassivating(Command message) {
        if (!passivating && !handingOff) {
            return false;
        }
        ClusterSharding.get(getContext().getSystem()).entityRefFor(TYPE_KEY, entityContext.getEntityId()).tell(message);
        return true;
    }

    private Behavior<Command> onReceiveDatagram(ReceiveDatagram message) {
        if (redirectWhilePassivating(message)) {
            return this;
        }
        long now = System.currentTimeMillis();
        IkeHeader header;
        try {
            header = IkeCodec.decodeHeader(message.datagram(), 0, message.datagram().length);
        } catch (MalformedMessageException e) {
            return this;
        }

        currentEgress = message.egress();
        IkeSa sa = sa(message.ourSpi());
        IkeSaInitiator initiator = initiators.get(message.ourSpi());
        if (initiator != null && sa == null) {
            lastEgress = message.egress();
            initiator.receive(message.datagram(), header, message.remote(), message.local(), now);
        } else if (sa != null) {
            lastEgress = message.egress();
            receivingSa = sa;
            sa.receive(message.datagram(), header, message.remote(), message.local(), now);
            receivingSa = null;
        } else if (isNewSaRequest(header)) {
            startResponder(message, now);
        } else {
            answerUnknownSpi(message, header, now);
        }
        currentEgress = null;
        return afterChange(now);
    }

    private static boolean isNewSaRequest(IkeHeader header) {
        return header.exchangeType() == ExchangeType.IKE_SA_INIT && !header.isResponse() && header.spiR() == 0
                && header.messageId() == 0;
    }

    private void startResponder(ReceiveDatagram message, long now) {
        IkeMessage request;
        try {
            request = IkeCodec.decode(message.datagram(), 0, message.datagram().length);
        } catch (MalformedMessageException e) {
            LOG.debug("IKE_SA_INIT from {} dropped: {}", message.remote(), e.getMessage());
            return;
        }
        IkeSaInitResponder.Outcome outcome = IkeSaInitResponder.respond(request, message.datagram(),
                message.ourSpi(), message.local(), message.remote(), services.settings(), listener,
                services.routing(), now);
        if (outcome instanceof IkeSaInitResponder.Outcome.Created created) {
            SaEntry entry = new SaEntry(created.sa(), Snapshots.id(created.sa().ourSpi()));
            sas.put(entry);
            lastEgress = message.egress();
            entry.halfOpen = true;
            services.halfOpen().opened();
        }
    }

    private void settleHalfOpen(IkeSa sa) {
        SaEntry entry = sas.get(sa.ourSpi());
        if (entry != null && entry.halfOpen) {
            entry.halfOpen = false;
            services.halfOpen().settled();
        }
    }

    /** Responds to a request for an IKE SA this cluster does not have with INVALID_IKE_SPI (RFC 7296 §2.21.4). */
    private void answerUnknownSpi(ReceiveDatagram message, IkeHeader header, long now) {
        if (header.isResponse() || !services.unknownSpiReplies().allow(now)) {
            return;
        }
        int flags = IkeHeader.FLAG_RESPONSE | (header.isInitiator() ? 0 : IkeHeader.FLAG_INITIATOR);
        IkeHeader answer = new IkeHeader(header.spiI(), header.spiR(), 0, 2, 0, header.exchangeType(), flags,
                header.messageId(), 0);
        byte[] datagram = IkeCodec.encode(new IkeMessage(answer, List.of(Notify.of(NotifyType.INVALID_IKE_SPI))));
        LOG.debug("{} for unknown IKE SPI {} from {}, answering INVALID_IKE_SPI",
                ExchangeType.name(header.exchangeType()), Snapshots.id(message.ourSpi()), message.remote());
        sendThrough(message.egress(), new OutboundDatagram(datagram, message.remote(), message.local()));
    }

    private Behavior<Command> onTerminate(Terminate message) {
        if (redirectWhilePassivating(message)) {
            return this;
        }
        long now = System.currentTimeMillis();
        IkeSa sa = sa(message.ourSpi());
        message.replyTo().tell(sa != null && !sa.isClosed());
        if (sa != null) {
            sa.terminate(now);
        }
        return afterChange(now);
    }

    private Behavior<Command> onDescribeSa(DescribeSa message) {
        if (redirectWhilePassivating(message)) {
            return this;
        }
        SaEntry entry = sas.get(message.ourSpi());
        if (entry == null || entry.sa.isClosed()) {
            message.replyTo().tell(new SaDescription(null));
            return this;
        }

        message.replyTo().tell(new SaDescription(Snapshots.detail(entry.sa, entry.id, services.nodeName(),
                entry.tunnelIndex())));
        return this;
    }

    private Behavior<Command> onRekey(Rekey message) {
        if (redirectWhilePassivating(message)) {
            return this;
        }
        long now = System.currentTimeMillis();
        String id = Snapshots.id(message.ourSpi());
        IkeSa sa = sa(message.ourSpi());
        if (sa == null || sa.isClosed()) {
            message.replyTo().tell(RekeyResult.notFound(id, "no IKE SA with id '" + id + "'"));
            return this;
        }
        Integer childSpi = message.childSpi();
        if (childSpi != null && sa.children().stream()
                .noneMatch(c -> c.inboundSpi() == childSpi || c.outboundSpi() == childSpi)) {
            message.replyTo().tell(RekeyResult.notFound(id, "IKE SA " + id + " has no CHILD SA with SPI "
                    + String.format("%08x", childSpi)));
            return this;
        }

        ActorRef<RekeyResult> replyTo = message.replyTo();
        if (childSpi == null) {
            sa.rekeyIke(now, outcome -> replyTo.tell(Snapshots.rekeyResult(id, outcome)));
        } else {
            sa.rekeyChild(childSpi, now, outcome -> replyTo.tell(Snapshots.rekeyResult(id, outcome)));
        }
        return afterChange(now);
    }

    private Behavior<Command> onInitiate(Initiate message) {
        if (redirectWhilePassivating(message)) {
            return this;
        }
        long now = System.currentTimeMillis();
        ConnectionConfig connection = services.settings().connections().stream()
                .filter(c -> c.name().equals(message.connection())).findFirst().orElse(null);
        if (connection == null) {
            message.replyTo().tell(StatusReply.error("unknown connection '" + message.connection() + "'"));
            return this;
        }
        if (sas.containsKey(message.spiI()) || initiators.containsKey(message.spiI())) {
            message.replyTo().tell(StatusReply.error("SPI collision, try again"));
            return this;
        }

        ChildConfig child = connection.children().isEmpty() ? null : connection.children().get(0);
        IkeSaInitiator initiator = new IkeSaInitiator(services.settings(), connection, child, listener,
                services.routing(), message.spiI(), message.local(), message.remote(), message.natPort());
        if (initiators.isEmpty()) {
            initiators = new HashMap<>(2);
        }
        initiators.put(message.spiI(), initiator);
        lastEgress = message.egress();
        currentEgress = message.egress();
        initiator.start(now);
        currentEgress = null;

        LOG.info("{} initiating connection {} to {}", Snapshots.id(message.spiI()), connection.name(), message.remote());
        message.replyTo().tell(StatusReply.success(Snapshots.id(message.spiI())));
        return afterChange(now);
    }

    /**
     * Asks the allocator for the tunnel's index once IKE_AUTH completed, so no handshake waits for
     * it. The allocator answers the same index to the same owner, so asking again after a hand-off
     * or a request without reply is safe. Returns whether the request was sent.
     */
    private boolean requestTunnelIndex(IkeSa sa, int attempt) {
        if (sa.remoteId() == null || sa.remote() == null) {
            return false;
        }
        sendIndexRequest(sa, 0, attempt);
        return true;
    }

    /**
     * Sends the allocator a claim of {@code claimed}, the index that a restored IKE SA held on the
     * node it came from, or a request for a new index when {@code claimed} is 0. The reply, or 0
     * once the request timed out, comes back as {@link TunnelIndexAssigned}.
     */
    private void sendIndexRequest(IkeSa sa, int claimed, int attempt) {
        long ourSpi = sa.ourSpi();
        String owner = idOf(sa);
        TunnelIdentity identity = tunnelIdentity(sa);
        TunnelIds tunnelIds = services.tunnelIds();
        CompletionStage<Integer> index = claimed != 0
                ? tunnelIds.claim(claimed, identity, owner, tunnelIds.requestTimeout())
                : tunnelIds.allocate(identity, owner, tunnelIds.requestTimeout());

        getContext().pipeToSelf(index, (assigned, failure) ->
                new TunnelIndexAssigned(ourSpi, owner, identity, failure == null ? assigned : 0, attempt, claimed));
    }

    private static TunnelIdentity tunnelIdentity(IkeSa sa) {
        return new TunnelIdentity(sa.connectionName(), sa.remote().getAddress().getAddress(),
                String.valueOf(sa.localId()), String.valueOf(sa.remoteId()));
    }

    /** Returns the entry of the IKE SA {@code ourSpi}, or of the successor it was rekeyed to. */
    private SaEntry currentEntry(long ourSpi) {
        while (rekeyedTo.containsKey(ourSpi) && !sas.containsKey(ourSpi)) {
            ourSpi = rekeyedTo.get(ourSpi);
        }
        return sas.get(ourSpi);
    }

    private Behavior<Command> onTunnelIndexAssigned(TunnelIndexAssigned message) {
        SaEntry entry = currentEntry(message.ourSpi());
        boolean firstReport = entry != null && entry.awaitingIndex;
        if (entry != null) {
            entry.awaitingIndex = false;
        }

        if (message.index() == 0) {
            onNoTunnelIndex(message, entry, firstReport);
            return this;
        }
        if (entry == null || entry.sa.isClosed()) {
            services.tunnelIds().release(message.index(), message.owner());
            return this;
        }
        if (!entry.id.equals(message.owner())) {
            services.tunnelIds().transfer(message.index(), message.owner(), entry.id);
        }
        entry.tunnelIndex = message.index();
        if (message.attempt() > 1) {
            LOG.debug("{} got tunnel index {} with request {}", entry.id, message.index(), message.attempt());
        }
        listener.report(entry.sa);
        return this;
    }

    /**
     * Handles a request that got no reply in time. The allocator may still grant it later, to an
     * owner that no longer waits. An owner that ended, or that an IKE SA rekey replaced, has that
     * allocator free the owner's index at once. An IKE SA that goes on records where the request
     * went, so that it does the same if it ends without an index, and sends the request again later.
     */
    private void onNoTunnelIndex(TunnelIndexAssigned message, SaEntry entry, boolean firstReport) {
        TunnelIds tunnelIds = services.tunnelIds();
        int segmentIndex = message.claimed() != 0 ? message.claimed() : tunnelIds.preferredIndex(message.identity());
        if (entry == null || entry.sa.isClosed() || !entry.id.equals(message.owner())) {
            tunnelIds.releaseUnanswered(message.owner(), segmentIndex);
        } else {
            entry.unansweredSegmentIndex = segmentIndex;
        }

        if (entry != null && !entry.sa.isClosed()) {
            askAgainLater(entry, message);
            if (firstReport) {
                listener.report(entry.sa);
            }
        }
    }

    /**
     * Schedules the next request for the tunnel index of an IKE SA whose request got no reply. The
     * first such IKE SA in each interval logs a warning; the further requests of one IKE SA log at
     * debug level.
     */
    private void askAgainLater(SaEntry entry, TunnelIndexAssigned message) {
        Duration delay = services.tunnelIds().retryDelay(message.attempt());
        if (message.attempt() == 1) {
            long suppressed = TUNNEL_INDEX_WARNINGS.permitCountingSuppressed();
            if (suppressed >= 0) {
                LOG.warn("{} no tunnel index yet: the allocator did not reply within {} s, so the IKE SA has no"
                        + " row in the SNMP tunnel tables until it does; asking again in {} s ({} more IKE SAs"
                        + " without a reply in the last {} s were not logged)",
                        entry.id, seconds(services.tunnelIds().requestTimeout()), seconds(delay), suppressed,
                        TUNNEL_INDEX_WARNINGS.intervalSeconds());
            }
        } else {
            LOG.debug("{} no tunnel index after {} requests; asking again in {} ms",
                    entry.id, message.attempt(), delay.toMillis());
        }
        getContext().scheduleOnce(delay, getContext().getSelf(),
                new RetryTunnelIndex(entry.sa.ourSpi(), message.attempt() + 1, message.claimed()));
    }

    /** Writes {@code duration} in seconds with one decimal, as {@code 4.6}. */
    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f", duration.toMillis() / 1000.0);
    }

    /**
     * Sends the next request for an IKE SA that still has no tunnel index. During a hand-off the
     * next incarnation sends it instead, and an IKE SA that ended sends none.
     */
    private Behavior<Command> onRetryTunnelIndex(RetryTunnelIndex message) {
        SaEntry entry = currentEntry(message.ourSpi());
        if (handingOff || passivating || entry == null || entry.sa.isClosed() || entry.tunnelIndex != 0) {
            return this;
        }

        sendIndexRequest(entry.sa, message.claimed(), message.attempt());
        return this;
    }

    /**
     * Passes the leased addresses to the IKE SA that waits for them. Leases that no IKE SA accepts
     * any more, because it closed or is moving to another node, are released.
     */
    private Behavior<Command> onAddressesLeased(AddressesLeased message) {
        long now = System.currentTimeMillis();
        IkeSa sa = sa(message.ourSpi());
        boolean accepted = sa != null && !handingOff && sa.addressesLeased(message.answer(), now);

        if (!accepted && !message.answer().leases().isEmpty()) {
            LOG.debug("{} released leases {}: no IKE_AUTH waits for them", message.owner(), message.answer().leases());
            releaseToPools(message.owner(), message.answer().leases());
        }
        return afterChange(now);
    }

    /** Returns leases to the pools, except assigned addresses outside every pool, which no pool records. */
    private void releaseToPools(String owner, List<Lease> leases) {
        List<Lease> pooled = leases.stream().filter(AssignedAddressLeases::pooled).toList();
        if (!pooled.isEmpty()) {
            services.addressPools().release(owner, pooled);
        }
    }

    /** Continues the EAP rounds of the IKE SA whose pass-through EAP backend decided. */
    private Behavior<Command> onEapStepDecided(EapStepDecided message) {
        long now = System.currentTimeMillis();
        SaEntry entry = sas.get(message.ourSpi());
        if (entry == null || handingOff) {
            LOG.debug("{} dropped an EAP backend step: the IKE SA is gone or moving", Snapshots.id(message.ourSpi()));
            return this;
        }

        entry.sa.continueEap(message.step());
        if (message.step() instanceof EapStep.Failure) {
            entry.radiusMethod = null;
        }
        return afterChange(now);
    }

    /**
     * Checks that the pools leased a restored IKE SA the addresses it holds. An address that the
     * pools had already leased to another IKE SA is reported, because two peers may now use it.
     */
    private Behavior<Command> onLeasesReclaimed(LeasesReclaimed message) {
        if (message.failure() != null) {
            LOG.warn("{} could not claim its addresses again after a hand-off: {}", message.owner(), message.failure());
            return this;
        }

        for (AddressClaim claim : message.claims()) {
            if (claim instanceof AddressClaim.Leased leased) {
                LOG.debug("{} leased {} of pool {} again on this node", message.owner(),
                        AddressText.of(leased.lease().address()), leased.lease().pool());
            } else if (claim instanceof AddressClaim.HeldByOther held) {
                LOG.warn("{} holds {} of pool {} after a hand-off, but the pool leases it to IKE SA {} of '{}'",
                        message.owner(), AddressText.of(held.lease().address()), held.lease().pool(),
                        held.holderSaId(), held.holderIdentity());
            } else if (claim instanceof AddressClaim.OutsidePools outside) {
                LOG.warn("{} holds {} after a hand-off, but no configured pool contains it any more", message.owner(),
                        AddressText.of(outside.address()));
            }
        }
        return this;
    }

    private Behavior<Command> onTick() {
        tick = null;
        if (handingOff) {
            return this;
        }
        long now = System.currentTimeMillis();
        for (IkeSaInitiator initiator : new ArrayList<>(initiators.values())) {
            if (initiator.nextDeadline() <= now) {
                initiator.onTimer(now);
            }
        }
        for (IkeSa sa : sas.values().stream().map(SaEntry::sa).toList()) {
            if (sa.nextDeadline() <= now) {
                sa.onTimer(now);
            }
        }
        return afterChange(now);
    }

    /** Uncounts the half-open IKE SAs that stop with the entity, as when its shard moves to another node. */
    private Behavior<Command> onPostStop() {
        leaveLocalEntities();
        cancelScheduled();
        for (SaEntry entry : sas.values()) {
            if (entry.halfOpen) {
                entry.halfOpen = false;
                services.halfOpen().settled();
            }
        }
        services.saCounts().add(-countedIkeSas, -countedChildSas);
        countedIkeSas = 0;
        countedChildSas = 0;
        return this;
    }

    /** Reports each IKE SA that changed during the command once, unless it closed meanwhile. */
    private void reportChanged() {
        if (unreported.isEmpty()) {
            return;
        }
        for (long spi : unreported) {
            SaEntry entry = sas.get(spi);
            if (entry != null && !entry.sa.isClosed() && !entry.awaitingIndex) {
                listener.report(entry.sa);
            }
        }
        unreported.clear();
    }

    /** Drops closed IKE SAs, re-arms the timer for the earliest deadline, and passivates when empty. */
    private Behavior<Command> afterChange(long now) {
        reportChanged();
        sas.values().removeIf(entry -> entry.sa.isClosed());
        initiators.values().removeIf(IkeSaInitiator::isDone);
        countSas();

        long deadline = Long.MAX_VALUE;
        boolean trafficChanged = false;
        for (SaEntry entry : sas.values()) {
            deadline = Math.min(deadline, entry.sa.nextDeadline());
            trafficChanged |= entry.trafficChanged();
        }
        for (IkeSaInitiator initiator : initiators.values()) {
            deadline = Math.min(deadline, initiator.nextDeadline());
        }
        armTick(deadline, now);

        if (trafficChanged && !handingOff && reportTraffic == null) {
            reportTraffic = schedule(ReportTraffic.INSTANCE, TRAFFIC_REPORT_INTERVAL);
        }

        boolean empty = sas.isEmpty() && initiators.isEmpty();
        if (empty && idleCheck == null) {
            idleCheck = schedule(IdleCheck.INSTANCE, IDLE_BEFORE_PASSIVATION);
        } else if (!empty && idleCheck != null) {
            idleCheck.cancel();
            idleCheck = null;
        }
        return this;
    }

    /**
     * Makes the tick fire by {@code deadline}. A tick already due no later stays, because a tick
     * that finds nothing due only re-arms. Most messages move the deadline later (to the next
     * liveness check), so the entity does not cancel and schedule a timer for each of them.
     */
    private void armTick(long deadline, long now) {
        if (tick != null && tickAtMillis <= deadline) {
            return;
        }
        if (tick != null) {
            tick.cancel();
            tick = null;
        }
        if (deadline != Long.MAX_VALUE) {
            long delay = Math.max(1, deadline - now);
            tick = schedule(Tick.INSTANCE, Duration.ofMillis(delay));
            tickAtMillis = now + delay;
        }
    }

    private Cancellable schedule(Command command, Duration delay) {
        return getContext().scheduleOnce(delay, getContext().getSelf(), command);
    }

    private void cancelScheduled() {
        for (Cancellable scheduled : new Cancellable[] {tick, reportTraffic, idleCheck}) {
            if (scheduled != null) {
                scheduled.cancel();
            }
        }
        tick = null;
        reportTraffic = null;
        idleCheck = null;
    }

    private Behavior<Command> onReportTraffic() {
        reportTraffic = null;
        if (handingOff) {
            return this;
        }
        for (SaEntry entry : List.copyOf(sas.values())) {
            if (!entry.sa.isClosed() && entry.trafficChanged()) {
                listener.report(entry.sa);
            }
        }
        return this;
    }

    /** Adds the change in this entity's IKE SAs past IKE_AUTH and their CHILD SAs to the node's counts. */
    private void countSas() {
        long ikeSas = 0;
        long childSas = 0;
        for (SaEntry entry : sas.values()) {
            IkeSa sa = entry.sa;
            if (sa.state() == IkeSa.State.ESTABLISHED || sa.state() == IkeSa.State.DELETING) {
                ikeSas++;
            }
            childSas += sa.children().size();
        }
        services.saCounts().add(ikeSas - countedIkeSas, childSas - countedChildSas);
        countedIkeSas = ikeSas;
        countedChildSas = childSas;
    }

    /** Passivates an entity that held no IKE SA for a while, so idle entities cost no memory. */
    private Behavior<Command> onIdleCheck() {
        idleCheck = null;
        if (sas.isEmpty() && initiators.isEmpty() && !passivating && !handingOff) {
            passivating = true;
            leaveLocalEntities();
            handOffStore.clear(SavedStateRemoved::new);
            entityContext.getShard().tell(new ClusterSharding.Passivate<>(getContext().getSelf()));
        }
        return this;
    }

    /** Stops datagrams from reaching this incarnation directly, so they go through sharding from now on. */
    private void leaveLocalEntities() {
        services.localEntities().remove(entityIndex, getContext().getSelf());
    }

    /**
     * Queues {@code datagram} for {@code egress} until the current command is handled. An IKE_AUTH
     * response is built before its CHILD SA is installed, and sent on this thread it would reach
     * the peer before the data plane has installed the CHILD SA.
     */
    private void sendThrough(ActorRef<OutboundDatagram> egress, OutboundDatagram datagram) {
        if (pendingSends.isEmpty()) {
            pendingSends = new ArrayList<>(2);
        }
        pendingSends.add(new PendingSend(egress, datagram));
    }

    /** Sends the queued datagrams, on this thread for this node's egress and as messages for others. */
    private void flushSends() {
        if (pendingSends.isEmpty()) {
            return;
        }
        LocalEgress localEgress = services.localEgress().get();
        for (PendingSend pending : pendingSends) {
            if (localEgress != null) {
                localEgress.send(pending.egress(), pending.datagram());
            } else {
                pending.egress().tell(pending.datagram());
            }
        }
        pendingSends = List.of();
    }

    private record PendingSend(ActorRef<OutboundDatagram> egress, OutboundDatagram datagram) {
    }

    // ------------------------------------------------------------------ hand-off between nodes

    /**
     * Restores the IKE SAs that the previous incarnation handed off, installs their CHILD SAs on
     * this node, and removes the replicated copies. A restored SA sends through this node until
     * the peer's next message names a node.
     */
    private Behavior<Command> restore(Replicator.GetResponse<LWWMap<String, HandedOffSa>> response) {
        long now = System.currentTimeMillis();
        services.localEntities().add(entityIndex, getContext().getSelf());
        if (response instanceof Replicator.GetFailure<?>) {
            LOG.warn("entity {} could not read its handed-off IKE SAs from a majority of nodes within {}; "
                    + "any it had are lost", entityContext.getEntityId(), HandOffStore.TIMEOUT);
        }
        if (!(response instanceof Replicator.GetSuccess<LWWMap<String, HandedOffSa>> success)) {
            return afterChange(now);
        }

        Map<String, HandedOffSa> saved = success.get(success.key()).getEntries();
        for (Map.Entry<String, HandedOffSa> entry : saved.entrySet()) {
            restoreOne(entry.getKey(), entry.getValue());
        }
        if (!saved.isEmpty()) {
            handOffStore.remove(List.copyOf(saved.keySet()), SavedStateRemoved::new);
        }
        return afterChange(now);
    }

    private void restoreOne(String id, HandedOffSa handedOff) {
        IkeSa sa;
        try {
            sa = IkeSa.restore(handedOff.state(), services.settings(), listener, services.routing());
        } catch (IllegalArgumentException e) {
            LOG.warn("{} handed-off IKE SA dropped: {}", id, e.getMessage());
            return;
        }

        SaEntry entry = new SaEntry(sa, Snapshots.id(sa.ourSpi()));
        sas.put(entry);
        LocalEgress localEgress = services.localEgress().get();
        if (localEgress != null) {
            lastEgress = localEgress.actor();
        }
        if (sa.state() == IkeSa.State.CONNECTING && !sa.originalInitiator()) {
            entry.halfOpen = true;
            services.halfOpen().opened();
        }
        for (ChildSa child : sa.children()) {
            services.dataPlane().install(Snapshots.installation(sa, entry.id, child));
        }
        if (handedOff.tunnelIndex() != 0) {
            sendIndexRequest(sa, handedOff.tunnelIndex(), 1);
        } else {
            requestTunnelIndex(sa, 1);
        }
        reclaimLeases(sa);
        listener.report(sa);
    }

    /**
     * Claims a restored IKE SA's addresses again under its lease owner, so the pools record this
     * node as their holder and do not free them when the old node is removed.
     */
    private void reclaimLeases(IkeSa sa) {
        List<Lease> held = sa.leases().stream().filter(AssignedAddressLeases::pooled).toList();
        if (held.isEmpty()) {
            return;
        }

        String owner = sa.leaseOwner();
        String identity = String.valueOf(sa.remoteId());
        List<CompletableFuture<AddressClaim>> claims = new ArrayList<>();
        for (Lease lease : held) {
            claims.add(services.addressPools().claim(owner, identity, lease.address()).toCompletableFuture());
        }
        getContext().pipeToSelf(CompletableFuture.allOf(claims.toArray(CompletableFuture[]::new)), (done, failure) ->
                failure == null
                        ? new LeasesReclaimed(owner, claims.stream().map(CompletableFuture::join).toList(), null)
                        : new LeasesReclaimed(owner, List.of(), "the address pools failed: " + failure.getMessage()));
    }

    /**
     * Exports every IKE SA for the next incarnation and stops once a majority of nodes stored
     * them. The CHILD SAs leave this node's data plane and the SAs leave its directory.
     *
     * <p>NOTE: an IKE SA we initiate is lost when its entity moves before IKE_AUTH completes,
     * because the initiator's key exchange state is not exported.
     */
    private Behavior<Command> onHandOff() {
        if (handingOff) {
            return this;
        }
        handingOff = true;
        leaveLocalEntities();
        cancelScheduled();
        Map<String, HandedOffSa> exported = new HashMap<>();
        for (SaEntry entry : sas.values()) {
            if (!entry.sa.isClosed()) {
                exported.put(entry.id, new HandedOffSa(entry.sa.exportState(), entry.tunnelIndex));
            }
        }
        if (exported.isEmpty()) {
            return Behaviors.stopped();
        }

        handOffStore.write(exported, response -> new HandOffWritten(response, exported.size()));
        for (SaEntry entry : sas.values()) {
            for (ChildSa child : entry.sa.children()) {
                services.dataPlane().remove(entry.id, child.inboundSpi());
            }
            if (entry.tunnelIndex != 0) {
                services.tunnelIds().movedAway(entry.tunnelIndex, entry.id);
            }
            services.directory().tell(new SaDirectory.SaRemoved(entry.id));
        }
        return this;
    }

    private Behavior<Command> onHandOffWritten(HandOffWritten written) {
        if (written.count() > 0) {
            // Another member starts the entity where the shard now lives, so the IKE SAs come back
            // at once: their CHILD SAs installed and their timers running, even when the peer sends
            // only ESP. With no other member (the whole cluster stops) there is nowhere to go.
            List<ActorRef<HandOffWaker.Wake>> wakers = services.otherWakers().get();
            if (!wakers.isEmpty()) {
                wakers.get(Math.floorMod(entityContext.getEntityId().hashCode(), wakers.size()))
                        .tell(new HandOffWaker.Wake(entityContext.getEntityId()));
            }
        }
        boolean confirmed = written.response() instanceof Replicator.UpdateSuccess<?>;
        services.saCounts().handedOff(written.count(), confirmed);
        if (confirmed) {
            LOG.debug("entity {} handed off {} IKE SAs", entityContext.getEntityId(), written.count());
        } else if (HAND_OFF_WARNINGS.permit()) {
            // A stopping node with many entities would otherwise log one warning per entity.
            LOG.warn("entity {} could not store its {} IKE SAs on a majority of nodes within {}: {}. They survive "
                            + "only if this node's copy spreads before it leaves; later entities log at DEBUG "
                            + "for {} s, and the node's last line counts them all", entityContext.getEntityId(),
                    written.count(), HandOffStore.TIMEOUT, written.response(), HAND_OFF_WARNINGS.intervalSeconds());
        } else {
            LOG.debug("entity {} could not store its {} IKE SAs on a majority of nodes within {}: {}",
                    entityContext.getEntityId(), written.count(), HandOffStore.TIMEOUT, written.response());
        }
        return Behaviors.stopped();
    }

    private Behavior<Command> onWakeUp(WakeUp message) {
        if (redirectWhilePassivating(message)) {
            return this;
        }
        return afterChange(System.currentTimeMillis());
    }

    private Behavior<Command> onSavedStateRemoved(SavedStateRemoved removed) {
        if (!(removed.response() instanceof Replicator.UpdateSuccess<?>)) {
            LOG.debug("entity {} could not remove its handed-off IKE SAs from a majority of nodes: {}",
                    entityContext.getEntityId(), removed.response());
        }
        return this;
    }

    /** Connects the IKE SAs' output to the node: datagrams, the data plane, and the SA directory. */
    private final class Listener implements IkeSaListener {

        @Override
        public void send(byte[] datagram, InetSocketAddress local, InetSocketAddress remote) {
            ActorRef<OutboundDatagram> egress = currentEgress != null ? currentEgress : lastEgress;
            if (egress == null) {
                LOG.warn("no node to send an IKE message to {} through; it is dropped", remote);
                return;
            }
            sendThrough(egress, new OutboundDatagram(datagram, remote, local));
        }

        @Override
        public void established(IkeSa sa) {
            SaEntry entry = sas.computeIfAbsent(sa.ourSpi(), spi -> new SaEntry(sa, Snapshots.id(spi)));
            entry.radiusMethod = null;
            settleHalfOpen(sa);
            entry.awaitingIndex = requestTunnelIndex(sa, 1);
            unreported.add(sa.ourSpi());
        }

        @Override
        public void childSaInstalled(IkeSa sa, ChildSa child) {
            services.dataPlane().install(Snapshots.installation(sa, idOf(sa), child));
            unreported.add(sa.ourSpi());
        }

        @Override
        public void childSaRemoved(IkeSa sa, ChildSa child) {
            services.dataPlane().remove(idOf(sa), child.inboundSpi());
            if (!sa.isClosed()) {
                report(sa);
            }
        }

        @Override
        public void rekeyed(IkeSa predecessor, IkeSa successor) {
            SaEntry successorEntry = new SaEntry(successor, Snapshots.id(successor.ourSpi()));
            sas.put(successorEntry);
            if (rekeyedTo.isEmpty()) {
                rekeyedTo = new HashMap<>(2);
            }
            rekeyedTo.put(predecessor.ourSpi(), successor.ourSpi());
            unreported.remove(predecessor.ourSpi());
            SaEntry predecessorEntry = sas.get(predecessor.ourSpi());
            int index = predecessorEntry == null ? 0 : predecessorEntry.tunnelIndex;
            if (index != 0) {
                predecessorEntry.tunnelIndex = 0;
                successorEntry.tunnelIndex = index;
                services.tunnelIds().transfer(index, idOf(predecessor), successorEntry.id);
            }
            for (ChildSa child : successor.children()) {
                services.dataPlane().install(Snapshots.installation(successor, successorEntry.id, child));
            }
            // The successor is reported first, so the SNMP gateway replaces its tunnel row instead of removing it.
            report(successor);
            if (predecessorEntry != null) {
                predecessorEntry.reportedTraffic = null;
            }
            services.directory().tell(new SaDirectory.SaRemoved(idOf(predecessor)));
        }

        @Override
        public void closed(IkeSa sa, String reason) {
            settleHalfOpen(sa);
            unreported.remove(sa.ourSpi());
            rekeyedTo.remove(sa.ourSpi());
            SaEntry entry = sas.get(sa.ourSpi());
            if (entry != null && entry.tunnelIndex != 0) {
                services.tunnelIds().release(entry.tunnelIndex, entry.id);
                entry.tunnelIndex = 0;
            } else if (entry != null && entry.unansweredSegmentIndex != 0) {
                services.tunnelIds().releaseUnanswered(entry.id, entry.unansweredSegmentIndex);
            }
            if (entry != null) {
                entry.reportedTraffic = null;
            }
            services.directory().tell(new SaDirectory.SaRemoved(idOf(sa)));
        }

        /**
         * Creates the node's EAP method for the IKE SA handling a datagram now. A RADIUS method's
         * decision comes back as {@link EapStepDecided}.
         */
        @Override
        public EapMethod eapMethod(ConnectionConfig connection, SecretStore secrets) {
            IkeSa sa = receivingSa;
            SaEntry entry = sa == null ? null : sas.get(sa.ourSpi());
            if (entry == null) {
                return IkeSaListener.super.eapMethod(connection, secrets);
            }

            long ourSpi = sa.ourSpi();
            ActorRef<Command> self = getContext().getSelf();
            EapMethod method = services.eapMethods().create(connection, secrets, sa.remote(),
                    step -> self.tell(new EapStepDecided(ourSpi, step)));
            if (method instanceof RadiusEapMethod radius) {
                entry.radiusMethod = radius;
            }
            return method;
        }

        /**
         * Leases the peer's addresses from the pools. A peer whose RADIUS server assigned addresses
         * gets those instead, as {@link AssignedAddressLeases} describes.
         */
        @Override
        public void addressesRequested(IkeSa sa, LeaseRequest request) {
            long ourSpi = sa.ourSpi();
            SaEntry entry = sas.get(ourSpi);
            List<InetAddress> assigned = entry == null ? List.of() : entry.assignedAddresses();
            if (!assigned.isEmpty()) {
                LOG.debug("{} leases the addresses {} that the RADIUS server assigned", Snapshots.id(ourSpi),
                        assigned.stream().map(AddressText::of).toList());
            }

            CompletionStage<LeaseAnswer> answer = assigned.isEmpty() ? services.addressPools().lease(request)
                    : AssignedAddressLeases.lease(services.addressPools(), request, assigned);
            getContext().pipeToSelf(answer, (leased, failure) ->
                    new AddressesLeased(ourSpi, request.saId(), failure == null ? leased
                            : new LeaseAnswer(List.of(), "the address pools failed: " + failure.getMessage())));
        }

        @Override
        public void addressesReleased(IkeSa sa, String owner, List<Lease> leases) {
            releaseToPools(owner, leases);
        }

        @Override
        public IkeEvents events() {
            return services.events();
        }

        @Override
        public boolean logKeys() {
            return services.logKeys();
        }

        void report(IkeSa sa) {
            SaEntry entry = sas.get(sa.ourSpi());
            Integer tunnelIndex = null;
            if (entry != null) {
                entry.reportedTraffic = sa.traffic();
                tunnelIndex = entry.tunnelIndex();
            }
            services.directory().tell(new SaDirectory.SaUpdated(Snapshots.of(sa, idOf(sa), services.nodeName(),
                    tunnelIndex)));
        }
    }

    /** Returns the IKE SA's id, the one string that its snapshot, data plane entry and tunnel owner share. */
    private String idOf(IkeSa sa) {
        SaEntry entry = sas.get(sa.ourSpi());
        return entry != null && entry.sa == sa ? entry.id : Snapshots.id(sa.ourSpi());
    }

    /** Returns the IKE SA whose SPI on our side is {@code ourSpi}, or null. */
    private IkeSa sa(long ourSpi) {
        SaEntry entry = sas.get(ourSpi);
        return entry == null ? null : entry.sa;
    }

    /**
     * One IKE SA of this entity with what the entity keeps about it. One object per IKE SA costs
     * less heap than one map per kind of fact.
     */
    private static final class SaEntry {

        final IkeSa sa;
        /** The id from {@link Snapshots#id}. */
        final String id;
        /** The tunnel index (jnxIkeTunIndex), 0 until the allocator assigns one. A rekey moves it to the successor. */
        int tunnelIndex;
        /** The traffic counts of the last report to the directory, null before the first report. */
        IkeTraffic reportedTraffic;
        /** Whether the IKE SA is counted in the node's {@link HalfOpenCount}. */
        boolean halfOpen;
        /** The RADIUS pass-through method during IKE_AUTH, kept for its assigned addresses, else null. */
        RadiusEapMethod radiusMethod;
        /**
         * Whether the first report waits for the allocator's reply, so that a new IKE SA reaches
         * the directory once, with its tunnel index.
         */
        boolean awaitingIndex;
        /**
         * An index in the segment whose allocator did not reply to a request of this IKE SA in time:
         * the index it claimed, or the one its identity prefers. It is 0 when every request got a
         * reply. The allocator may still have granted the request, so an IKE SA that ends without
         * an index has that allocator free the index it granted.
         */
        int unansweredSegmentIndex;

        SaEntry(IkeSa sa, String id) {
            this.sa = sa;
            this.id = id;
        }

        IkeSa sa() {
            return sa;
        }

        Integer tunnelIndex() {
            return tunnelIndex == 0 ? null : tunnelIndex;
        }

        /** Returns the Framed-IP-Address and Framed-IPv6-Address that the RADIUS Access-Accept carried, if any. */
        List<InetAddress> assignedAddresses() {
            if (radiusMethod == null) {
                return List.of();
            }
            List<InetAddress> assigned = new ArrayList<>(2);
            radiusMethod.framedIpAddress().ifPresent(assigned::add);
            radiusMethod.framedIpv6Address().ifPresent(assigned::add);
            return assigned;
        }

        boolean trafficChanged() {
            return reportedTraffic != null && !sa.traffic().equals(reportedTraffic);
        }
    }
}
