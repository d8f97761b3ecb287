package org.ikec.node;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.ikec.cluster.IkeCluster;
import org.ikec.cluster.pool.ClusterAddressPools;
import org.ikec.cluster.OutboundDatagram;
import org.ikec.node.config.EapRadiusSettings;
import org.ikec.node.config.NodeConfig;
import org.ikec.node.logging.LogOutput;
import org.ikec.node.loop.EventLoopGroup;
import org.ikec.node.metrics.NodeMetrics;
import org.ikec.node.config.NodeRole;
import org.ikec.node.mgmt.ManagementBackend.Health;
import org.ikec.node.mgmt.ManagementServer;
import org.ikec.node.net.DatagramSender;
import org.ikec.node.net.KernelUdpDrops;
import org.ikec.node.net.PortKind;
import org.ikec.node.net.UdpCounters;
import org.ikec.node.net.UdpEgress;
import org.ikec.node.net.UdpIngress;
import org.ikec.node.net.UdpSockets;
import org.ikec.node.radius.RadiusEapService;
import org.ikec.protocol.crypto.KeyExchanges;
import org.ikec.snmp.ActiveAgent;
import org.ikec.snmp.AgentCounters;
import org.ikec.snmp.AgentSettings;
import org.ikec.snmp.SaFeedFollower;
import org.ikec.snmp.SnmpGateway;
import org.slf4j.Logger;

/**
 * Starts a node in order (UDP sockets, actor system and cluster membership, IKE SA sharding,
 * egress and ingress, management) and stops it in reverse through Pekko's coordinated shutdown,
 * which a SIGTERM also runs. A node without the concentrator role binds no IKE sockets and starts
 * no sharding: it joins the cluster, runs the SNMP gateway and serves management.
 */
public final class NodeRuntime {

    /** The line that tells scripts and tests that the node serves IKE; it is printed once. */
    public static final String READY_PREFIX = "ikec node ready:";
    private static final long MEMBER_UP_TIMEOUT_SECONDS = 30;

    private static final Logger log = LogGroups.CLUSTER;
    /** How often reused Diffie-Hellman private keys past their max-age are destroyed. */
    private static final Duration DH_REUSE_SWEEP = Duration.ofMillis(100);
    /** How long the node waits for its dispatcher to run the probe task that finds its event loops. */
    private static final Duration DISPATCHER_PROBE_TIMEOUT = Duration.ofSeconds(10);
    /** How often the kernel's count of datagrams dropped for the node's full receive buffers is read. */
    private static final Duration KERNEL_DROPS_POLL = Duration.ofSeconds(5);
    private static final Path PROC_NET = Path.of("/proc/net");

    private final ActorSystem<Void> system;
    private final UdpSockets sockets;
    private final ManagementServer management;

    private NodeRuntime(ActorSystem<Void> system, UdpSockets sockets, ManagementServer management) {
        this.system = system;
        this.sockets = sockets;
        this.management = management;
    }

    /**
     * Starts the node and prints the ready line to {@code out}. A reload returns the same
     * configuration, so it changes nothing.
     *
     * @throws IOException when a socket cannot be bound; nothing is left running then
     */
    public static NodeRuntime start(NodeConfig config, PrintStream out) throws IOException, TimeoutException {
        return start(config, () -> config, out);
    }

    /**
     * Starts the node and prints the ready line to {@code out}. {@code reread} loads the
     * configuration again for a reload, raising {@code ConfigError} when it is invalid.
     *
     * @throws IOException when a socket cannot be bound; nothing is left running then
     */
    public static NodeRuntime start(NodeConfig config, Supplier<NodeConfig> reread, PrintStream out)
            throws IOException, TimeoutException {
        LogOutput.apply(config.logging(), log);
        if (!config.hasRole(NodeRole.CONCENTRATOR)) {
            return startGatewayOnly(config, out);
        }

        UdpSockets sockets = UdpSockets.bind(config.listenAddresses(), config.ikePort(), config.natPort(),
                config.receiveBufferBytes(), LogGroups.NET);
        if (!config.clusterSecretConfigured()) {
            log.warn("no ikec.cluster-secret configured: using a random one, which works for a single node only");
        }

        NodeMetrics metrics = NodeMetrics.start(config.metrics(), log);

        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "ikec", config.pekko());
        try {
            joinCluster(system, config);
            return startServices(config, reread, sockets, system, metrics, out);
        } catch (IOException | TimeoutException | RuntimeException e) {
            sockets.close();
            metrics.close();
            system.terminate();
            throw e;
        }
    }

    private static void joinCluster(ActorSystem<Void> system, NodeConfig config) throws TimeoutException {
        Cluster cluster = Cluster.get(system);
        if (config.pekko().getStringList("pekko.cluster.seed-nodes").isEmpty()) {
            cluster.manager().tell(Join.create(cluster.selfMember().address()));
        }

        CompletableFuture<Void> up = new CompletableFuture<>();
        org.apache.pekko.cluster.Cluster.get(Adapter.toClassic(system)).registerOnMemberUp(() -> up.complete(null));
        try {
            up.get(MEMBER_UP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TimeoutException("interrupted while joining the cluster");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("joining the cluster failed", e.getCause());
        } catch (TimeoutException e) {
            throw new TimeoutException("this node did not become an Up cluster member within "
                    + MEMBER_UP_TIMEOUT_SECONDS + "s; check ikec.cluster.seed-nodes");
        }
        log.info("cluster member up at {}", cluster.selfMember().address());
    }

    private static NodeRuntime startServices(NodeConfig config, Supplier<NodeConfig> reread, UdpSockets sockets,
                                             ActorSystem<Void> system, NodeMetrics metrics, PrintStream out)
            throws IOException {
        if (config.ike().dhReuse().enabled()) {
            LogGroups.IKE.info("Diffie-Hellman reuse is on (ikec.ike.dh-reuse): one private key serves {};"
                    + " forward secrecy covers that window, not each IKE SA", config.ike().dhReuse().describe());
        }
        // Also while reuse is off, since a reload may turn it on or off.
        system.scheduler().scheduleAtFixedRate(DH_REUSE_SWEEP, DH_REUSE_SWEEP,
                () -> KeyExchanges.destroyExpiredReusedKeys(System.currentTimeMillis()), system.executionContext());
        RecordingDataPlane dataPlane = new RecordingDataPlane(Clock.systemUTC(), LogGroups.IKE);
        ClusterAddressPools pools = ClusterAddressPools.start(system, config.ike().pools());
        RadiusEapService radius = startRadius(config, system);
        IkeCluster cluster = IkeCluster.start(system, config.ike(), dataPlane, config.clusterSecret(),
                metrics.events(), config.logging().logKeys(), settings -> pools, radius);
        UdpCounters counters = new UdpCounters(System::nanoTime, LogGroups.NET);
        KernelUdpDrops kernelDrops = new KernelUdpDrops(
                sockets.sockets().stream().map(UdpSockets.BoundSocket::local).toList(), PROC_NET, LogGroups.NET);
        // Reading /proc is file I/O, which stays off the dispatcher that runs the IKE SAs.
        system.scheduler().scheduleAtFixedRate(KERNEL_DROPS_POLL, KERNEL_DROPS_POLL,
                () -> kernelDrops.read().ifPresent(counters::kernelDropped),
                system.dispatchers().lookup(DispatcherSelector.blocking()));
        DatagramSender sender = new DatagramSender(sockets, counters, LogGroups.NET);
        ActorRef<OutboundDatagram> egress = system.systemActorOf(UdpEgress.create(sender), "udp-egress", Props.empty());
        cluster.attachEgress(egress, sender::send, sockets.locals(PortKind.IKE), sockets.locals(PortKind.NAT_T));
        Optional<EventLoopGroup> loops = EventLoopGroup.of(system.executionContext(), DISPATCHER_PROBE_TIMEOUT);
        UdpIngress ingress = UdpIngress.start(sockets,
                (message, remote, local) -> cluster.route(message, remote, local, egress), counters, LogGroups.NET,
                loops);
        LogGroups.NET.info(loops.map(group -> "UDP sockets read by the dispatcher's " + group.size() + " event loop(s)")
                .orElse("UDP sockets read by one thread each; the dispatcher runs on the fork-join pool"));

        String nodeAddress = Cluster.get(system).selfMember().address().toString();
        RunningConfig running = new RunningConfig(config, reread, Cluster.get(system).selfMember().address().hostPort(),
                pools, radius, LogGroups.CLUSTER);
        running.attach(cluster);
        cluster.startReloader(running::reload);
        ClusterBackend backend = new ClusterBackend(system, cluster, running, dataPlane, () -> new Health("up",
                nodeAddress, texts(sockets.locals(PortKind.IKE)), texts(sockets.locals(PortKind.NAT_T)),
                counters.snapshot()), pools);
        ManagementServer management;
        try {
            management = ManagementServer.start(config.management(), backend, LogGroups.CLUSTER);
        } catch (IOException e) {
            ingress.close();
            throw e;
        }

        registerShutdown(system, Optional.of(ingress::close), management, metrics);
        registerHandOffSummary(system, cluster);
        Optional<SnmpGateway> snmp = config.snmp().isPresent()
                ? Optional.of(startSnmpGateway(config.snmp().get(), system, nodeAddress, config.hasRole(NodeRole.GATEWAY)))
                : Optional.empty();
        metrics.startSampling(system, cluster, counters, () -> snmp.map(gateway -> gateway.counters().snapshot()),
                pools, radius::serverCounters);
        NodeRuntime runtime = new NodeRuntime(system, sockets, management);
        runtime.announce(config, out);
        return runtime;
    }

    /**
     * Starts the RADIUS client when {@code ikec.eap-radius} is configured, and the service that
     * replaces it on a reload. Its clients stop when the actor system terminates.
     */
    private static RadiusEapService startRadius(NodeConfig config, ActorSystem<Void> system) throws IOException {
        RadiusEapService radius = RadiusEapService.start(config.eapRadius().map(EapRadiusSettings::client),
                config.eapRadius().map(EapRadiusSettings::nasIdentifier).orElse(null));
        system.getWhenTerminated().thenRun(radius::close);
        return radius;
    }

    /** Joins the cluster and runs the SNMP gateway and management, with no IKE sockets and no IKE SA shards. */
    private static NodeRuntime startGatewayOnly(NodeConfig config, PrintStream out)
            throws IOException, TimeoutException {
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "ikec", config.pekko());
        try {
            joinCluster(system, config);

            String nodeAddress = Cluster.get(system).selfMember().address().toString();
            SnmpGateway gateway = startSnmpGateway(config.snmp().orElseThrow(), system, nodeAddress, true);
            ManagementServer management = ManagementServer.start(config.management(),
                    new GatewayBackend(system, gateway), LogGroups.CLUSTER);
            NodeMetrics metrics = NodeMetrics.start(config.metrics(), log);
            // The counters of a standby's agent do not exist until it binds.
            metrics.startSampling(system, null, null, () -> boundAgentCounters(gateway), null);
            registerShutdown(system, Optional.empty(), management, metrics);

            NodeRuntime runtime = new NodeRuntime(system, null, management);
            runtime.announce(config, out);
            return runtime;
        } catch (IOException | TimeoutException | RuntimeException e) {
            system.terminate();
            throw e;
        }
    }

    /**
     * Starts the gateway's tables and the actor that feeds them every node's IKE SAs. On a
     * gateway-role node the oldest gateway-role member binds the agent (see {@link ActiveAgent}).
     * Otherwise this node binds it at once and serves it until it stops. The agent logs its address.
     */
    private static SnmpGateway startSnmpGateway(AgentSettings settings, ActorSystem<Void> system, String nodeAddress,
                                                boolean gatewayRole) throws IOException {
        SnmpGateway gateway = gatewayRole ? SnmpGateway.create(settings, nodeAddress)
                : SnmpGateway.start(settings, nodeAddress);
        system.systemActorOf(SaFeedFollower.create(gateway), "snmp-feed-follower", Props.empty());
        if (gatewayRole) {
            ActiveAgent.init(system, gateway);
        }
        CoordinatedShutdown.get(Adapter.toClassic(system)).addTask(CoordinatedShutdown.PhaseServiceUnbind(),
                "close-snmp-agent", () -> {
                    try {
                        gateway.close();
                    } catch (IOException e) {
                        log.warn("closing the SNMP agent failed: {}", e.getMessage());
                    }
                    return CompletableFuture.completedFuture(Done.getInstance());
                });
        return gateway;
    }

    /** Returns the counters of the gateway's agent while it is bound; a standby has none. */
    private static Optional<AgentCounters.Snapshot> boundAgentCounters(SnmpGateway gateway) {
        try {
            return gateway.bound() ? Optional.of(gateway.counters().snapshot()) : Optional.empty();
        } catch (IllegalStateException unboundMeanwhile) {
            return Optional.empty();
        }
    }

    /** Logs once, after the shards stopped, how many IKE SAs this node's entities handed off. */
    private static void registerHandOffSummary(ActorSystem<Void> system, IkeCluster cluster) {
        CoordinatedShutdown.get(Adapter.toClassic(system)).addTask(CoordinatedShutdown.PhaseClusterExitingDone(),
                "log-hand-offs", () -> {
                    long handedOff = cluster.handedOffCount();
                    long unconfirmed = cluster.unconfirmedHandOffCount();
                    if (unconfirmed > 0) {
                        log.warn("stored {} IKE SAs for the nodes that stay in the cluster to take over; a majority "
                                + "did not confirm {} of them in time, so those survive only if this node's copy "
                                + "spread", handedOff, unconfirmed);
                    } else if (handedOff > 0) {
                        log.info("stored {} IKE SAs for the nodes that stay in the cluster to take over", handedOff);
                    }
                    return CompletableFuture.completedFuture(Done.getInstance());
                });
    }

    /**
     * Closes the IKE sockets, management and metrics when the node stops. {@code closeIngress} is
     * empty on a gateway-only node, which bound no IKE sockets.
     */
    private static void registerShutdown(ActorSystem<Void> system, Optional<Runnable> closeIngress,
                                         ManagementServer management, NodeMetrics metrics) {
        CoordinatedShutdown.get(Adapter.toClassic(system)).addTask(CoordinatedShutdown.PhaseServiceUnbind(),
                "close-udp-and-management", () -> {
                    log.info(closeIngress.isPresent() ? "stopping: closing UDP sockets and the management interface"
                            : "stopping: closing the management interface");
                    closeIngress.ifPresent(Runnable::run);
                    management.close();
                    metrics.close();
                    return CompletableFuture.completedFuture(Done.getInstance());
                });
        // Logged from the last shutdown phase: on SIGTERM the JVM may exit before a callback on termination runs.
        CoordinatedShutdown.get(Adapter.toClassic(system)).addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(),
                "log-node-stopped", () -> {
                    log.info("node stopped");
                    return CompletableFuture.completedFuture(Done.getInstance());
                });
    }

    /**
     * Prints the ready line. A concentrator prints its IKE and NAT-T sockets, a gateway-role node
     * its roles and SNMP address (which only the active gateway binds), and every node its management address.
     */
    private void announce(NodeConfig config, PrintStream out) {
        String line = READY_PREFIX;
        if (sockets != null) {
            line += " ike=" + String.join(",", texts(sockets.locals(PortKind.IKE)))
                    + " nat-t=" + String.join(",", texts(sockets.locals(PortKind.NAT_T)));
        }
        if (config.hasRole(NodeRole.GATEWAY)) {
            AgentSettings snmp = config.snmp().orElseThrow();
            line += " roles=" + config.roles().stream().map(NodeRole::configName).sorted()
                    .collect(Collectors.joining(",")) + " snmp=" + snmp.address() + ":" + snmp.port();
        }
        line += " management=" + UdpSockets.text(management.address());
        out.println(line);
        if (config.embeddedDefault()) {
            out.print(DemoHint.text(config));
        }
        out.flush();
        if (sockets == null) {
            log.info("gateway node started");
            return;
        }
        log.info("node started with {} connection(s): {}", config.ike().connections().size(),
                config.ike().connections().stream().map(c -> c.name()).collect(Collectors.joining(", ")));
    }

    private static List<String> texts(List<InetSocketAddress> addresses) {
        return addresses.stream().map(UdpSockets::text).toList();
    }

    public InetSocketAddress managementAddress() {
        return management.address();
    }

    public ActorSystem<Void> system() {
        return system;
    }

    /** Runs the coordinated shutdown and returns when the actor system has terminated. */
    public CompletionStage<Done> stop() {
        return CoordinatedShutdown.get(Adapter.toClassic(system))
                .runAll(CoordinatedShutdown.unknownReason())
                .thenCompose(done -> system.getWhenTerminated());
    }
}
