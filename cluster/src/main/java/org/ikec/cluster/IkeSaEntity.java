package org.ikec.cluster;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityContext;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.ikec.protocol.config.ChildConfig;
import org.ikec.protocol.config.ConnectionConfig;
import org.ikec.protocol.ike.ChildSa;
import org.ikec.protocol.ike.IkeSa;
import org.ikec.protocol.ike.IkeSaInitResponder;
import org.ikec.protocol.ike.IkeSaInitiator;
import org.ikec.protocol.ike.IkeSaListener;
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
 * A Cluster Sharding entity that holds the IKE SAs whose SPI on our side starts with the entity's
 * id (see {@link SpiRouting}). Nearly always that is one IKE SA and, during an IKE SA rekey, its
 * successor. The entity owns the SAs' timers and sends their datagrams through the node that last
 * received from the peer.
 */
public final class IkeSaEntity extends AbstractBehavior<IkeSaEntity.Command> {

    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "ike-sa");

    private static final Logger LOG = LoggerFactory.getLogger("org.ikec.cluster");

    public sealed interface Command extends CborSerializable {
    }

    /** An IKE message (without non-ESP marker) for the IKE SA whose SPI on our side is {@code ourSpi}. */
    public record ReceiveDatagram(byte[] datagram, long ourSpi, InetSocketAddress remote, InetSocketAddress local,
                                  ActorRef<OutboundDatagram> egress) implements Command {
    }

    /** Deletes an IKE SA; replies whether it existed. */
    public record Terminate(long ourSpi, ActorRef<Boolean> replyTo) implements Command {
    }

    /**
     * Starts the configured connection as initiator with {@code spiI}, which routes to this
     * entity; replies with the new IKE SA's id once the IKE_SA_INIT request is sent.
     */
    public record Initiate(String connection, long spiI, InetSocketAddress local, InetSocketAddress remote,
                           int natPort, ActorRef<OutboundDatagram> egress,
                           ActorRef<StatusReply<String>> replyTo) implements Command {
    }

    private enum Tick implements Command {
        INSTANCE
    }

    private enum IdleCheck implements Command {
        INSTANCE
    }

    /** How long an entity with no IKE SA stays before it passivates. */
    private static final Duration IDLE_BEFORE_PASSIVATION = Duration.ofSeconds(20);

    private final NodeServices services;
    private final EntityContext<Command> entityContext;
    private final TimerScheduler<Command> timers;
    private final Map<Long, IkeSa> sas = new HashMap<>();
    private final Map<Long, IkeSaInitiator> initiators = new HashMap<>();
    private final Map<Long, ActorRef<OutboundDatagram>> egressBySa = new HashMap<>();
    /** Our SPIs of the IKE SAs counted in the node's {@link HalfOpenCount}. */
    private final Set<Long> halfOpen = new HashSet<>();
    private final Listener listener = new Listener();
    private ActorRef<OutboundDatagram> currentEgress;
    private boolean passivating;

    static Behavior<Command> create(EntityContext<Command> entityContext, NodeServices services) {
        return Behaviors.setup(context -> Behaviors.withTimers(
                timers -> new IkeSaEntity(context, entityContext, timers, services)));
    }

    private IkeSaEntity(ActorContext<Command> context, EntityContext<Command> entityContext,
                        TimerScheduler<Command> timers, NodeServices services) {
        super(context);
        this.entityContext = entityContext;
        this.timers = timers;
        this.services = services;
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(ReceiveDatagram.class, this::onReceiveDatagram)
                .onMessage(Terminate.class, this::onTerminate)
                .onMessage(Initiate.class, this::onInitiate)
                .onMessageEquals(Tick.INSTANCE, this::onTick)
                .onMessageEquals(IdleCheck.INSTANCE, this::onIdleCheck)
                .onSignal(PostStop.class, signal -> onPostStop())
                .build();
    }

    /**
     * Sends a command that reached this incarnation after it asked to passivate back through
     * sharding, which holds it for the next incarnation; handling it here would lose its state.
     */
    private boolean redirectWhilePassivating(Command message) {
        if (!passivating) {
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
        IkeSa sa = sas.get(message.ourSpi());
        IkeSaInitiator initiator = initiators.get(message.ourSpi());
        if (initiator != null && sa == null) {
            egressBySa.put(message.ourSpi(), message.egress());
            initiator.receive(message.datagram(), header, message.remote(), message.local(), now);
        } else if (sa != null) {
            egressBySa.put(sa.ourSpi(), message.egress());
            sa.receive(message.datagram(), header, message.remote(), message.local(), now);
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
            sas.put(created.sa().ourSpi(), created.sa());
            egressBySa.put(created.sa().ourSpi(), message.egress());
            halfOpen.add(created.sa().ourSpi());
            services.halfOpen().opened();
        }
    }

    private void settleHalfOpen(IkeSa sa) {
        if (halfOpen.remove(sa.ourSpi())) {
            services.halfOpen().settled();
        }
    }

    /** Answers a request for an IKE SA we do not hold with INVALID_IKE_SPI (RFC 7296 §2.21.4). */
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
        message.egress().tell(new OutboundDatagram(datagram, message.remote(), message.local()));
    }

    private Behavior<Command> onTerminate(Terminate message) {
        if (redirectWhilePassivating(message)) {
            return this;
        }
        long now = System.currentTimeMillis();
        IkeSa sa = sas.get(message.ourSpi());
        message.replyTo().tell(sa != null && !sa.isClosed());
        if (sa != null) {
            sa.terminate(now);
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
        initiators.put(message.spiI(), initiator);
        egressBySa.put(message.spiI(), message.egress());
        currentEgress = message.egress();
        initiator.start(now);
        currentEgress = null;

        LOG.info("{} initiating connection {} to {}", Snapshots.id(message.spiI()), connection.name(), message.remote());
        message.replyTo().tell(StatusReply.success(Snapshots.id(message.spiI())));
        return afterChange(now);
    }

    private Behavior<Command> onTick() {
        long now = System.currentTimeMillis();
        for (IkeSaInitiator initiator : new ArrayList<>(initiators.values())) {
            if (initiator.nextDeadline() <= now) {
                initiator.onTimer(now);
            }
        }
        for (IkeSa sa : new ArrayList<>(sas.values())) {
            if (sa.nextDeadline() <= now) {
                sa.onTimer(now);
            }
        }
        return afterChange(now);
    }

    /** Uncounts the half-open IKE SAs that stop with the entity, as when its shard moves to another node. */
    private Behavior<Command> onPostStop() {
        halfOpen.forEach(spi -> services.halfOpen().settled());
        halfOpen.clear();
        return this;
    }

    /** Drops closed IKE SAs, re-arms the timer for the earliest deadline, and passivates when empty. */
    private Behavior<Command> afterChange(long now) {
        sas.values().removeIf(IkeSa::isClosed);
        initiators.values().removeIf(IkeSaInitiator::isDone);
        egressBySa.keySet().removeIf(spi -> !sas.containsKey(spi) && !initiators.containsKey(spi));

        long deadline = Math.min(
                sas.values().stream().mapToLong(IkeSa::nextDeadline).min().orElse(Long.MAX_VALUE),
                initiators.values().stream().mapToLong(IkeSaInitiator::nextDeadline).min().orElse(Long.MAX_VALUE));
        if (deadline == Long.MAX_VALUE) {
            timers.cancel(Tick.INSTANCE);
        } else {
            timers.startSingleTimer(Tick.INSTANCE, Tick.INSTANCE, Duration.ofMillis(Math.max(1, deadline - now)));
        }

        boolean empty = sas.isEmpty() && initiators.isEmpty();
        if (empty && !timers.isTimerActive(IdleCheck.INSTANCE)) {
            timers.startSingleTimer(IdleCheck.INSTANCE, IdleCheck.INSTANCE, IDLE_BEFORE_PASSIVATION);
        } else if (!empty) {
            timers.cancel(IdleCheck.INSTANCE);
        }
        return this;
    }

    /** Passivates an entity that held no IKE SA for a while, so idle entities cost no memory. */
    private Behavior<Command> onIdleCheck() {
        if (sas.isEmpty() && initiators.isEmpty() && !passivating) {
            passivating = true;
            entityContext.getShard().tell(new ClusterSharding.Passivate<>(getContext().getSelf()));
        }
        return this;
    }

    /** Connects the IKE SAs' output to the node: datagrams, the data plane, and the SA directory. */
    private final class Listener implements IkeSaListener {

        @Override
        public void send(byte[] datagram, InetSocketAddress local, InetSocketAddress remote) {
            ActorRef<OutboundDatagram> egress = currentEgress;
            if (egress == null) {
                egress = egressBySa.values().stream().findFirst().orElse(null);
            }
            if (egress == null) {
                LOG.warn("no node to send an IKE message to {} through; it is dropped", remote);
                return;
            }
            egress.tell(new OutboundDatagram(datagram, remote, local));
        }

        @Override
        public void established(IkeSa sa) {
            sas.putIfAbsent(sa.ourSpi(), sa);
            settleHalfOpen(sa);
            report(sa);
        }

        @Override
        public void childSaInstalled(IkeSa sa, ChildSa child) {
            services.dataPlane().install(Snapshots.installation(sa, child));
            report(sa);
        }

        @Override
        public void childSaRemoved(IkeSa sa, ChildSa child) {
            services.dataPlane().remove(Snapshots.id(sa.ourSpi()), child.inboundSpi());
            if (!sa.isClosed()) {
                report(sa);
            }
        }

        @Override
        public void rekeyed(IkeSa predecessor, IkeSa successor) {
            sas.put(successor.ourSpi(), successor);
            ActorRef<OutboundDatagram> egress = egressBySa.get(predecessor.ourSpi());
            if (egress != null) {
                egressBySa.put(successor.ourSpi(), egress);
            }
            services.directory().tell(new SaDirectory.SaRemoved(Snapshots.id(predecessor.ourSpi())));
            for (ChildSa child : successor.children()) {
                services.dataPlane().install(Snapshots.installation(successor, child));
            }
            report(successor);
        }

        @Override
        public void closed(IkeSa sa, String reason) {
            settleHalfOpen(sa);
            services.directory().tell(new SaDirectory.SaRemoved(Snapshots.id(sa.ourSpi())));
        }

        private void report(IkeSa sa) {
            services.directory().tell(new SaDirectory.SaUpdated(Snapshots.of(sa, services.nodeName())));
        }
    }
}
