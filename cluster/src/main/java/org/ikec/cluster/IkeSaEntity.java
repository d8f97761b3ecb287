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
import org.ikec.protocol.ike.ChildSa;
import org.ikec.protocol.ike.IkeSa;
import org.ikec.protocol.ike.IkeSaInitResponder;
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

    private enum Tick implements Command {
        INSTANCE
    }

    private final NodeServices services;
    private final EntityContext<Command> entityContext;
    private final TimerScheduler<Command> timers;
    private final Map<Long, IkeSa> sas = new HashMap<>();
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
                .onMessageEquals(Tick.INSTANCE, this::onTick)
                .onSignal(PostStop.class, signal -> onPostStop())
                .build();
    }

    private Behavior<Command> onReceiveDatagram(ReceiveDatagram message) {
        long now = System.currentTimeMillis();
        IkeHeader header;
        try {
            header = IkeCodec.decodeHeader(message.datagram(), 0, message.datagram().length);
        } catch (MalformedMessageException e) {
            return this;
        }

        currentEgress = message.egress();
        IkeSa sa = sas.get(message.ourSpi());
        if (sa != null) {
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
        long now = System.currentTimeMillis();
        IkeSa sa = sas.get(message.ourSpi());
        message.replyTo().tell(sa != null && !sa.isClosed());
        if (sa != null) {
            sa.terminate(now);
        }
        return afterChange(now);
    }

    private Behavior<Command> onTick() {
        long now = System.currentTimeMillis();
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
        egressBySa.keySet().retainAll(sas.keySet());

        long deadline = sas.values().stream().mapToLong(IkeSa::nextDeadline).min().orElse(Long.MAX_VALUE);
        if (deadline == Long.MAX_VALUE) {
            timers.cancel(Tick.INSTANCE);
        } else {
            timers.startSingleTimer(Tick.INSTANCE, Tick.INSTANCE, Duration.ofMillis(Math.max(1, deadline - now)));
        }

        if (sas.isEmpty() && !passivating) {
            passivating = true;
            entityContext.getShard().tell(new ClusterSharding.Passivate<>(getContext().getSelf()));
        } else if (!sas.isEmpty()) {
            passivating = false;
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
