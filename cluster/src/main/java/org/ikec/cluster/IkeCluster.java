package org.ikec.cluster;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.Leave;
import org.apache.pekko.pattern.StatusReply;
import org.ikec.cluster.tunnel.TunnelIds;
import org.ikec.protocol.config.ConnectionConfig;
import org.ikec.protocol.config.IkeSettings;
import org.ikec.protocol.ike.CookieGate;
import org.ikec.protocol.ike.Cookies;
import org.ikec.protocol.ike.HandshakeFailure;
import org.ikec.protocol.ike.IkeEvents;
import org.ikec.protocol.wire.ExchangeType;
import org.ikec.protocol.wire.IkeCodec;
import org.ikec.protocol.wire.IkeHeader;
import org.ikec.protocol.wire.IkeMessage;
import org.ikec.protocol.wire.MalformedMessageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's entry to the sharded IKE SAs: routes datagrams to their entity and serves the
 * management interface.
 */
public final class IkeCluster {

    private static final Logger LOG = LoggerFactory.getLogger("org.ikec.cluster");
    private static final int UNKNOWN_SPI_REPLIES_PER_SECOND = 50;

    private static final String COOKIE_ROTATION_PATH = "ikec.cluster.cookie-rotation";

    /**
     * The outcome of a datagram handed to {@link #route}. COOKIE_REQUIRED means that the node
     * requires cookies and an IKE_SA_INIT request carried no valid one. The node then sent N(COOKIE),
     * or dropped the request when it had no Ni payload or did not decode.
     */
    public enum RouteResult { ROUTED, MALFORMED_HEADER, UNKNOWN_SPI, COOKIE_REQUIRED }

    private final ActorSystem<?> system;
    private final ClusterSharding sharding;
    private final SpiRouting routing;
    private final ActorRef<SaDirectory.Command> directory;
    private final AtomicReference<IkeSettings> settings;
    private final HalfOpenCount halfOpen;
    private final CookieGate cookieGate;
    private final IkeEvents events;
    private final UnknownSpiReplies unknownSpiReplies;
    private final SaCounts saCounts;
    private final AtomicReference<LocalEgress> localEgress;
    private final LocalEntities localEntities;
    private volatile ActorRef<OutboundDatagram> egress;
    private volatile List<InetSocketAddress> ikeLocals = List.of();
    private volatile List<InetSocketAddress> natLocals = List.of();

    private IkeCluster(ActorSystem<?> system, ClusterSharding sharding, SpiRouting routing,
                       ActorRef<SaDirectory.Command> directory, AtomicReference<IkeSettings> settings,
                       HalfOpenCount halfOpen, CookieGate cookieGate,
                       AtomicReference<LocalEgress> localEgress, NodeServices services) {
        this.system = system;
        this.settings = settings;
        this.sharding = sharding;
        this.routing = routing;
        this.directory = directory;
        this.halfOpen = halfOpen;
        this.cookieGate = cookieGate;
        this.localEgress = localEgress;
        this.localEntities = services.localEntities();
        this.events = services.events();
        this.unknownSpiReplies = services.unknownSpiReplies();
        this.saCounts = services.saCounts();
    }

    /**
     * Starts sharding of IKE SA entities on {@code system}. A node configured with no seed nodes
     * forms a cluster of its own. Cookies rotate their secret every {@code ikec.cluster.cookie-rotation}
     * of the Pekko configuration.
     */
    public static IkeCluster start(ActorSystem<?> system, IkeSettings settings, DataPlane dataPlane,
                                   byte[] clusterSecret) {
        return start(system, settings, dataPlane, clusterSecret, IkeEvents.NONE, false);
    }

    /**
     * Starts sharding like {@link #start(ActorSystem, IkeSettings, DataPlane, byte[])}, with the IKE SAs
     * of this node reporting to {@code events} and logging their keys when {@code logKeys} is true.
     */
    public static IkeCluster start(ActorSystem<?> system, IkeSettings settings, DataPlane dataPlane,
                                   byte[] clusterSecret, IkeEvents events, boolean logKeys) {
        return start(system, settings, dataPlane, clusterSecret, events, logKeys, LocalAddressPools::new);
    }

    /**
     * Starts sharding like {@link #start(ActorSystem, IkeSettings, DataPlane, byte[], IkeEvents, boolean)},
     * with the virtual IP addresses leased from the pools that {@code addressPools} makes. It receives
     * the IKE settings in force, which {@link #reconfigure} replaces.
     */
    public static IkeCluster start(ActorSystem<?> system, IkeSettings settings, DataPlane dataPlane,
                                   byte[] clusterSecret, IkeEvents events, boolean logKeys,
                                   Function<Supplier<IkeSettings>, AddressPools> addressPools) {
        return start(system, settings, dataPlane, clusterSecret, events, logKeys, addressPools,
                EapMethodFactory.LOCAL);
    }

    /**
     * Starts sharding like the overload without {@code eapMethods}, with each EAP peer
     * authenticated by the method that {@code eapMethods} creates.
     */
    public static IkeCluster start(ActorSystem<?> system, IkeSettings settings, DataPlane dataPlane,
                                   byte[] clusterSecret, IkeEvents events, boolean logKeys,
                                   Function<Supplier<IkeSettings>, AddressPools> addressPools,
                                   EapMethodFactory eapMethods) {
        Cluster cluster = Cluster.get(system);
        if (system.settings().config().getStringList("pekko.cluster.seed-nodes").isEmpty()) {
            cluster.manager().tell(Join.create(cluster.selfMember().address()));
        }

        SpiRouting routing = new SpiRouting(clusterSecret);
        ActorRef<SaDirectory.Command> directory = system.systemActorOf(SaDirectory.create(), "ike-sa-directory",
                Props.empty());
        system.receptionist().tell(Receptionist.register(
                SaDirectory.SERVICE_KEY, directory));
        String nodeName = cluster.selfMember().address().hostPort();
        HalfOpenCount halfOpen = new HalfOpenCount(settings.cookieThreshold());
        AtomicReference<LocalEgress> localEgress = new AtomicReference<>();
        // The replicator starts with the extension. Started here, it serves the majority reads and
        // writes of the hand-off store and the address pools on other nodes even before an IKE SA
        // entity runs on this node.
        DistributedData.get(system);
        TunnelIds tunnelIds = TunnelIds.start(system);
        AtomicReference<List<ActorRef<HandOffWaker.Wake>>> otherWakers = new AtomicReference<>(List.of());
        system.systemActorOf(HandOffWaker.create(otherWakers), "ike-sa-hand-off-waker", Props.empty());
        AtomicReference<IkeSettings> currentSettings = new AtomicReference<>(settings);
        NodeServices services = new NodeServices(currentSettings, dataPlane, directory, routing, nodeName,
                new UnknownSpiReplies(UNKNOWN_SPI_REPLIES_PER_SECOND), halfOpen, localEgress, new LocalEntities(), tunnelIds, otherWakers,
                events, logKeys, new SaCounts(), addressPools.apply(currentSettings::get),
                eapMethods);
        Duration cookieRotation = system.settings().config().getDuration(COOKIE_ROTATION_PATH);
        CookieGate cookieGate = new CookieGate(new Cookies(clusterSecret, cookieRotation));

        ClusterSharding sharding = ClusterSharding.get(system);
        sharding.init(Entity.of(IkeSaEntity.TYPE_KEY, context -> IkeSaEntity.create(context, services))
                .withStopMessage(IkeSaEntity.HandOff.INSTANCE));
        LOG.info("IKE SA sharding started on {}", nodeName);
        return new IkeCluster(system, sharding, routing, directory, currentSettings, halfOpen, cookieGate,
                localEgress, services);
    }

    /**
     * Hands one IKE message (without a non-ESP marker) to the entity that owns its IKE SA.
     * {@code egress} sends the replies through the node that received the request.
     */
    public RouteResult route(byte[] message, InetSocketAddress remote, InetSocketAddress local,
                             ActorRef<OutboundDatagram> egress) {
        IkeHeader header;
        try {
            header = IkeCodec.decodeHeader(message, 0, message.length);
        } catch (MalformedMessageException e) {
            return RouteResult.MALFORMED_HEADER;
        }

        long ourSpi;
        if (header.exchangeType() == ExchangeType.IKE_SA_INIT && !header.isResponse() && header.spiR() == 0) {
            if (halfOpen.cookiesRequired() && !admitWithCookie(message, remote, local, egress)) {
                return RouteResult.COOKIE_REQUIRED;
            }
            ourSpi = routing.responderSpi(header.spiI(), remote);
        } else {
            // The Initiator flag names the sender: when the peer is the original initiator, our SPI is SPIr.
            ourSpi = header.isInitiator() ? header.spiR() : header.spiI();
        }
        if (ourSpi == 0) {
            return RouteResult.UNKNOWN_SPI;
        }

        IkeSaEntity.ReceiveDatagram datagram = new IkeSaEntity.ReceiveDatagram(message, ourSpi, remote, local, egress);
        ActorRef<IkeSaEntity.Command> entity = localEntities.find(SpiRouting.entityIndex(ourSpi));
        if (entity != null) {
            entity.tell(datagram);
        } else {
            sharding.entityRefFor(IkeSaEntity.TYPE_KEY, SpiRouting.entityId(ourSpi)).tell(datagram);
        }
        return RouteResult.ROUTED;
    }

    /**
     * Checks the cookie of an IKE_SA_INIT request while this node requires cookies (RFC 7296 §2.6),
     * before any entity exists for it, so a flood of spoofed requests creates no state. Returns
     * whether to route the request, and sends the stateless N(COOKIE) response when not.
     *
     * <p>NOTE: a retransmitted request for an IKE SA that already exists is challenged as well. Its
     * retry with the cookie then gets the cached response to the first request, and IKE_AUTH fails
     * because the two sides signed different IKE_SA_INIT requests.
     */
    private boolean admitWithCookie(byte[] message, InetSocketAddress remote, InetSocketAddress local,
                                    ActorRef<OutboundDatagram> egress) {
        IkeMessage request;
        try {
            request = IkeCodec.decode(message, 0, message.length);
        } catch (MalformedMessageException e) {
            LOG.debug("IKE_SA_INIT from {} dropped while cookies are required: {}", remote, e.getMessage());
            return false;
        }

        CookieGate.Verdict verdict = cookieGate.check(request, remote.getAddress(), System.currentTimeMillis());
        if (verdict instanceof CookieGate.Verdict.Challenged challenged) {
            LOG.debug("IKE_SA_INIT from {} carries no valid cookie, sending N(COOKIE)", remote);
            egress.tell(new OutboundDatagram(challenged.response(), remote, local));
            events.handshakeStarted(IkeEvents.Role.RESPONDER);
            events.handshakeFailed(IkeEvents.Role.RESPONDER, HandshakeFailure.COOKIE_REQUIRED);
            return false;
        }
        if (verdict instanceof CookieGate.Verdict.Dropped dropped) {
            LOG.debug("IKE_SA_INIT from {} dropped while cookies are required: {}", remote, dropped.reason());
            return false;
        }
        return true;
    }

    /** Returns the IKE settings that new IKE SAs on this node take. */
    public IkeSettings settings() {
        return settings.get();
    }

    /**
     * Makes new IKE SAs on this node take {@code newSettings}. IKE SAs that exist keep the
     * settings they started with until they end, and so do their rekeyed successors.
     *
     * <p>NOTE: an IKE SA handed to another node is restored with that node's settings, and is
     * dropped there if its connection is no longer configured.
     */
    public void reconfigure(IkeSettings newSettings) {
        settings.set(newSettings);
    }

    /** Returns the number of half-open IKE SAs whose entities run on this node. */
    public int halfOpenCount() {
        return halfOpen.get();
    }

    /** Returns the number of IKE SAs past IKE_AUTH whose entities run on this node. */
    public long ikeSaCount() {
        return saCounts.ikeSas();
    }

    /** Returns the number of CHILD SAs of the IKE SAs whose entities run on this node. */
    public long childSaCount() {
        return saCounts.childSas();
    }

    /** Returns the number of IKE SAs this node's entities handed off to other nodes as they stopped. */
    public long handedOffCount() {
        return saCounts.handedOff();
    }

    /** Returns the number of handed-off IKE SAs whose write a majority of nodes did not confirm in time. */
    public long unconfirmedHandOffCount() {
        return saCounts.handOffsUnconfirmed();
    }

    /** Returns the number of messages for an unknown IKE SA that reached this node's entities. */
    public long unknownSpiCount() {
        return unknownSpiReplies.total();
    }

    /** Lists the IKE SAs held by this node's entities. */
    public CompletionStage<List<SaSnapshot>> listSas(Duration timeout) {
        return AskPattern.<SaDirectory.Command, SaDirectory.SaList>ask(directory, SaDirectory.ListSas::new, timeout,
                system.scheduler()).thenApply(SaDirectory.SaList::sas);
    }

    /** Lists the IKE SAs of every node that replies within {@code timeout}, sorted by id. */
    public CompletionStage<List<SaSnapshot>> listClusterSas(Duration timeout) {
        return directoriesByNode(timeout).thenApply(byNode -> byNode.values().stream()
                .flatMap(List::stream)
                .sorted(Comparator.comparing(SaSnapshot::id))
                .toList());
    }

    /** A cluster member as the management interface shows it. */
    public record MemberInfo(String address, String status, boolean self, int ikeSas) {
    }

    /** Lists the cluster's members with the number of IKE SAs on each (-1 when it did not reply). */
    public CompletionStage<List<MemberInfo>> members(Duration timeout) {
        Cluster cluster = Cluster.get(system);
        return directoriesByNode(timeout).thenApply(byNode -> {
            List<MemberInfo> members = new ArrayList<>();
            for (Member member : cluster.state().getMembers()) {
                List<SaSnapshot> sas = byNode.get(member.address());
                members.add(new MemberInfo(member.address().toString(), member.status().toString(),
                        member.address().equals(cluster.selfMember().address()), sas == null ? -1 : sas.size()));
            }
            return List.copyOf(members);
        });
    }

    /**
     * Lists every node's shards, entities and IKE SAs, sorted by node. A node whose shard region
     * did not reply within {@code timeout} is listed with no shards.
     */
    public CompletionStage<List<ShardInfo>> shards(Duration timeout) {
        return ClusterQueries.shards(system, sharding, directoriesByNode(timeout), timeout);
    }

    /** Starts this node's {@link ConfigReloader}, which runs {@code reload} when any node requests a reload. */
    public void startReloader(Supplier<ReloadResult> reload) {
        ClusterQueries.startReloader(system, reload);
    }

    /**
     * Makes every member that hosts IKE SAs reread its own configuration file; gateway-only members
     * are left out. A member that has no reloader yet or does not reply within {@code timeout} is
     * listed as not applied, with the reason.
     */
    public CompletionStage<List<ReloadResult>> reloadCluster(Duration timeout) {
        return ClusterQueries.reloadCluster(system, timeout);
    }

    /** Asks every registered SA directory for its list; a directory that does not reply in time is left out. */
    private CompletionStage<Map<Address, List<SaSnapshot>>> directoriesByNode(
            Duration timeout) {
        CompletionStage<Receptionist.Listing> listing = AskPattern.ask(
                system.receptionist(),
                replyTo -> Receptionist.find(SaDirectory.SERVICE_KEY, replyTo),
                timeout, system.scheduler());
        Address self = Cluster.get(system).selfMember().address();
        return listing.thenCompose(found -> {
            // The local directory is asked directly: the receptionist may not list it yet right after start.
            Map<Address, ActorRef<SaDirectory.Command>> directories = new HashMap<>();
            for (ActorRef<SaDirectory.Command> each : found.getServiceInstances(SaDirectory.SERVICE_KEY)) {
                if (!each.path().address().hasLocalScope()) {
                    directories.put(each.path().address(), each);
                }
            }
            directories.put(self, directory);

            Map<Address, CompletableFuture<List<SaSnapshot>>> asks = new HashMap<>();
            for (Map.Entry<Address, ActorRef<SaDirectory.Command>> entry : directories.entrySet()) {
                Address address = entry.getKey();
                ActorRef<SaDirectory.Command> each = entry.getValue();
                CompletableFuture<List<SaSnapshot>> sas = AskPattern.<SaDirectory.Command, SaDirectory.SaList>ask(
                                each, SaDirectory.ListSas::new, timeout, system.scheduler())
                        .thenApply(SaDirectory.SaList::sas)
                        .toCompletableFuture()
                        .exceptionally(failure -> null);
                asks.put(address, sas);
            }
            return CompletableFuture.allOf(asks.values().toArray(CompletableFuture[]::new)).thenApply(done -> {
                Map<Address, List<SaSnapshot>> byNode = new HashMap<>();
                asks.forEach((address, sas) -> {
                    if (sas.join() != null) {
                        byNode.put(address, sas.join());
                    }
                });
                return byNode;
            });
        });
    }

    /** Makes this node leave the cluster; sharding hands its entities to the remaining nodes. */
    public void leave() {
        Cluster cluster = Cluster.get(system);
        LOG.info("leaving the cluster at the operator's request");
        cluster.manager().tell(Leave.create(cluster.selfMember().address()));
    }

    /** Returns whether {@code saId} has the form of an IKE SA id: our SPI as 16 hex digits. */
    public static boolean isSaId(String saId) {
        return saId.matches("[0-9a-fA-F]{16}");
    }

    /**
     * Describes the IKE SA with {@code saId} wherever in the cluster it lives; completes empty when
     * no such SA exists.
     *
     * @throws IllegalArgumentException if {@code saId} is not {@linkplain #isSaId an IKE SA id}
     */
    public CompletionStage<Optional<SaDetail>> describe(String saId, Duration timeout) {
        long ourSpi = ourSpiOf(saId);
        CompletionStage<IkeSaEntity.SaDescription> reply = sharding.entityRefFor(IkeSaEntity.TYPE_KEY,
                SpiRouting.entityId(ourSpi)).ask(replyTo -> new IkeSaEntity.DescribeSa(ourSpi, replyTo), timeout);
        return reply.thenApply(description -> Optional.ofNullable(description.detail()));
    }

    /**
     * Rekeys the IKE SA with {@code saId} now, or its CHILD SA with the inbound or outbound SPI
     * {@code childSpi}; completes once the rekey completed or failed.
     *
     * @throws IllegalArgumentException if {@code saId} is not {@linkplain #isSaId an IKE SA id}
     */
    public CompletionStage<RekeyResult> rekey(String saId, Integer childSpi, Duration timeout) {
        long ourSpi = ourSpiOf(saId);
        return sharding.entityRefFor(IkeSaEntity.TYPE_KEY, SpiRouting.entityId(ourSpi))
                .ask(replyTo -> new IkeSaEntity.Rekey(ourSpi, childSpi, replyTo), timeout);
    }

    private static long ourSpiOf(String saId) {
        if (!isSaId(saId)) {
            throw new IllegalArgumentException("invalid IKE SA id '" + saId + "': expected 16 hex digits");
        }
        return Long.parseUnsignedLong(saId, 16);
    }

    /** Deletes the IKE SA with INFORMATIONAL; completes with false if no such SA exists. */
    public CompletionStage<Boolean> terminate(String saId, Duration timeout) {
        long ourSpi;
        try {
            if (saId.length() != 16) {
                return CompletableFuture.completedFuture(false);
            }
            ourSpi = HexFormat.fromHexDigitsToLong(saId);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(false);
        }
        return sharding.entityRefFor(IkeSaEntity.TYPE_KEY, SpiRouting.entityId(ourSpi))
                .ask(replyTo -> new IkeSaEntity.Terminate(ourSpi, replyTo), timeout);
    }

    /**
     * Tells the cluster which sockets this node sends through when it starts an exchange itself,
     * and which IKE SAs restored on this node use until their peer sends again. Until this is
     * called, {@link #initiate} fails.
     */
    public void attachEgress(ActorRef<OutboundDatagram> egress, List<InetSocketAddress> ikeLocals,
                             List<InetSocketAddress> natLocals) {
        attachEgress(egress, egress::tell, ikeLocals, natLocals);
    }

    /**
     * Attaches the egress like {@link #attachEgress(ActorRef, List, List)}. IKE SAs on this node
     * then send through {@code sender}, on their own thread, where they would send to {@code egress}.
     * {@code sender} must send as {@code egress} does and be thread-safe.
     */
    public void attachEgress(ActorRef<OutboundDatagram> egress, Consumer<OutboundDatagram> sender,
                             List<InetSocketAddress> ikeLocals, List<InetSocketAddress> natLocals) {
        this.egress = egress;
        this.localEgress.set(new LocalEgress(egress, sender));
        this.ikeLocals = List.copyOf(ikeLocals);
        this.natLocals = List.copyOf(natLocals);
    }

    /**
     * Starts the configured connection as initiator to the first of its {@code remote_addrs};
     * completes with the new IKE SA's id once the IKE_SA_INIT request is sent.
     */
    public CompletionStage<String> initiate(String connectionName, Duration timeout) {
        ConnectionConfig connection = settings.get().connections().stream()
                .filter(c -> c.name().equals(connectionName)).findFirst().orElse(null);
        if (connection == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "unknown connection '" + connectionName + "'"));
        }
        if (egress == null || ikeLocals.isEmpty() || natLocals.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalStateException("this node has no UDP sockets attached"));
        }

        InetAddress remoteAddress = connection.remoteAddrs().stream().map(IkeCluster::literalAddress)
                .filter(a -> a != null).findFirst().orElse(null);
        if (remoteAddress == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("connection '" + connectionName
                    + "' has no remote_addrs entry that is a single IP address to initiate to"));
        }
        InetSocketAddress remote = new InetSocketAddress(remoteAddress, connection.remotePort());
        InetSocketAddress local = sameFamily(ikeLocals, remoteAddress);
        InetSocketAddress natLocal = sameFamily(natLocals, remoteAddress);
        if (local == null || natLocal == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("this node listens on no address of "
                    + "the family of " + remoteAddress.getHostAddress()));
        }

        long spiI = routing.newInitiatorSpi();
        CompletionStage<StatusReply<String>> reply = sharding.entityRefFor(IkeSaEntity.TYPE_KEY, SpiRouting.entityId(spiI))
                .ask(replyTo -> new IkeSaEntity.Initiate(connectionName, spiI, local, remote, natLocal.getPort(),
                        egress, replyTo), timeout);
        return reply.thenCompose(status -> status.isSuccess()
                ? CompletableFuture.completedFuture(status.getValue())
                : CompletableFuture.failedFuture(new IllegalStateException(status.getError().getMessage())));
    }

    private static InetAddress literalAddress(String text) {
        if (text.isEmpty() || text.contains("/") || text.contains("%") || !(text.matches("[0-9.]+") || text.contains(":"))) {
            return null;
        }
        try {
            return InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            return null;
        }
    }

    private static InetSocketAddress sameFamily(List<InetSocketAddress> locals, InetAddress remote) {
        return locals.stream()
                .filter(l -> l.getAddress().getAddress().length == remote.getAddress().length)
                .findFirst().orElse(null);
    }

    public ActorSystem<?> system() {
        return system;
    }

    SpiRouting routing() {
        return routing;
    }
}
