package org.ikec.node.config;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.ikec.node.loop.EventLoopConfigurator;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValueFactory;

/**
 * Derives the actor system's configuration from the {@code ikec.cluster} section: Artery over TCP
 * or over Aeron UDP, Pekko logging through SLF4J at WARN, and CBOR for messages marked
 * {@code org.ikec.cluster.CborSerializable}. A {@code pekko} section in the file wins over all of it.
 */
public final class PekkoConfig {

    /** Marker interface of cluster messages, bound to Jackson CBOR when it is on the classpath. */
    static final String CBOR_MARKER = "org.ikec.cluster.CborSerializable";

    /** Prefix of the embedded Aeron media driver's directory under {@code java.io.tmpdir}. */
    static final String AERON_DIR_PREFIX = "ikec-aeron-";

    /**
     * The minimum thread count of the dispatcher that runs the IKE SA entities, in place of Pekko's 8.
     * With Pekko's factor of 1.0 the dispatcher then runs one thread per core. The entities do not
     * block, so each extra thread on a core only adds context switches and futex wake-ups. One
     * node pinned to one core spent 367 and 483 µs of CPU per IKE SA in two runs with 8 threads,
     * and 310 to 347 µs in four runs with one.
     */
    static final int DISPATCHER_MIN_THREADS = 1;

    /**
     * The executor of the default dispatcher: on one core an event loop that also reads the UDP
     * sockets, so that a datagram wakes one thread instead of a receive thread and then a
     * dispatcher thread, and on more cores the fork-join pool ({@link EventLoopConfigurator}). Two pairs
     * of runs on one core each took a storm of 20,000 IKE SAs and then 40 s at 2,900 a second. The
     * storm cost 233 and 230.5 µs of CPU per IKE SA, against 288.5 and 267 µs with the fork-join
     * pool. The p99 setup latency of the open loop was 22.2 and 20.3 ms, against 48.4 and 36.6 ms.
     * A {@code pekko} section that sets {@code executor = "fork-join-executor"} keeps the pool on one
     * core too, and the sockets then get a receive thread each.
     */
    static final String DISPATCHER_EXECUTOR = EventLoopConfigurator.class.getName();

    /**
     * The dispatcher of the shard regions and shards: the entities' own, in place of Pekko's
     * internal one. The tunnel index request of every new IKE SA passes a region and a shard, and
     * each hop between two dispatchers wakes a thread of the other. In four pairs of storms on one
     * core the CPU per IKE SA was 260 to 302 µs with it and 294 to 342 µs without, lower in each
     * pair. Nothing on the entities' dispatcher blocks, so the regions do not wait behind blocked threads.
     */
    static final String SHARDING_DISPATCHER = "pekko.actor.default-dispatcher";

    /** The gossip interval of the Distributed Data replicator; {@link #build} gives the reason. */
    static final String DISTRIBUTED_DATA_GOSSIP_INTERVAL = "10 s";

    /** Pekko's default gossip interval, kept by the receptionist's replicator. */
    static final String RECEPTIONIST_GOSSIP_INTERVAL = "2 s";

    /** Artery transport between the nodes, as {@code ikec.cluster.transport} names it. */
    public enum Transport {
        /** Artery over TCP, Pekko's default. */
        TCP("tcp"),
        /** Artery over Aeron UDP with a media driver embedded in the node's JVM. */
        AERON_UDP("aeron-udp");

        private final String configName;

        Transport(String configName) {
            this.configName = configName;
        }

        /** Returns the name used both in {@code ikec.cluster.transport} and in Artery's {@code transport}. */
        public String configName() {
            return configName;
        }

        /** Returns the transport with this configuration name, or empty for an unknown name. */
        static Optional<Transport> fromConfigName(String name) {
            for (Transport transport : values()) {
                if (transport.configName.equals(name)) {
                    return Optional.of(transport);
                }
            }
            return Optional.empty();
        }
    }

    private PekkoConfig() {
    }

    /** Binds the marker to CBOR only if it exists, because Pekko fails to start on a binding to an absent class. */
    private static String cborBinding() {
        try {
            Class.forName(CBOR_MARKER, false, PekkoConfig.class.getClassLoader());
            return "    serialization-bindings { " + ConfigUtil.quoteString(CBOR_MARKER) + " = jackson-cbor }";
        } catch (ClassNotFoundException e) {
            return "    # " + CBOR_MARKER + " is not on the classpath, so no CBOR binding";
        }
    }

    /**
     * IKE SA sharding, the tunnel index allocators and the distributed data of the hand-off store
     * and the address pools run only on concentrator-role members. A gateway-only member therefore
     * hosts no shard and is not counted in their majority reads and writes. The receptionist keeps its
     * own replicator on every member (Pekko's reference configuration sets its role to "").
     *
     * <p>The replicator gossips every {@value #DISTRIBUTED_DATA_GOSSIP_INTERVAL} instead of Pekko's
     * 2 s. Each gossip round serializes every changed key to compute its digest and then sends the
     * keys whose digests differ, and the hand-off store alone has up to 16,384 keys. The users of
     * this replicator (the hand-off store, the address pools and the shard coordinators) read and
     * write with majority consistency, so gossip and delta propagation only bring the remaining
     * members up to date. Pekko 1.2.1 propagates deltas every fifth of the gossip interval, here
     * every 2 s. The receptionist's replicator copies these settings but writes locally and
     * spreads registrations only by deltas and gossip, so it keeps
     * {@value #RECEPTIONIST_GOSSIP_INTERVAL}.
     */
    static Config build(InetAddress address, int port, List<String> seedNodes, Transport transport,
                        Set<NodeRole> roles, Config userPekko) {
        String generated = String.join("\n",
                "pekko {",
                "  loggers = [\"org.apache.pekko.event.slf4j.Slf4jLogger\"]",
                "  logging-filter = \"org.apache.pekko.event.slf4j.Slf4jLoggingFilter\"",
                "  loglevel = WARNING",
                "  stdout-loglevel = OFF",
                "  log-dead-letters-during-shutdown = off",
                "  actor {",
                "    provider = cluster",
                cborBinding(),
                "    default-dispatcher.executor = " + ConfigUtil.quoteString(DISPATCHER_EXECUTOR),
                "    default-dispatcher.fork-join-executor.parallelism-min = " + DISPATCHER_MIN_THREADS,
                "  }",
                "  remote.artery {",
                "    transport = " + transport.configName(),
                "    canonical.hostname = " + ConfigUtil.quoteString(address.getHostAddress()),
                "    canonical.port = " + port,
                aeronSettings(transport, address, port),
                "  }",
                "  cluster {",
                "    seed-nodes = " + ConfigValueFactory.fromIterable(seedNodes).render(),
                "    roles = " + ConfigValueFactory.fromIterable(roles.stream().map(NodeRole::configName).sorted()
                        .toList()).render(),
                "    sharding.role = " + ConfigUtil.quoteString(NodeRole.CONCENTRATOR.configName()),
                "    sharding.use-dispatcher = " + ConfigUtil.quoteString(SHARDING_DISPATCHER),
                "    distributed-data.role = " + ConfigUtil.quoteString(NodeRole.CONCENTRATOR.configName()),
                "    distributed-data.gossip-interval = " + DISTRIBUTED_DATA_GOSSIP_INTERVAL,
                "    typed.receptionist.distributed-data.gossip-interval = " + RECEPTIONIST_GOSSIP_INTERVAL,
                "    downing-provider-class = \"org.apache.pekko.cluster.sbr.SplitBrainResolverProvider\"",
                "    jmx.multi-mbeans-in-same-jvm = on",
                "  }",
                "}");

        Config ours = userPekko.atKey("pekko").withFallback(ConfigFactory.parseString(generated));
        return ours.withFallback(ConfigFactory.defaultReference()).resolve();
    }

    /**
     * Runs the Aeron media driver inside the node's JVM, in a directory of its own so that several
     * nodes on one host do not share one driver, and deletes that directory when the node stops.
     * Artery's other Aeron settings keep Pekko 1.2.1's defaults; a {@code pekko} section may change them.
     */
    private static String aeronSettings(Transport transport, InetAddress address, int port) {
        if (transport != Transport.AERON_UDP) {
            return "";
        }
        return String.join("\n",
                "    advanced.aeron {",
                "      embedded-media-driver = on",
                "      aeron-dir = " + ConfigUtil.quoteString(aeronDir(address, port).toString()),
                "      delete-aeron-dir = yes",
                "    }");
    }

    /**
     * Names the driver directory after the Artery address and port, which no other node on the host
     * can bind at the same time. A node that picks its port (0) adds its PID instead. The media
     * driver reuses the directory of a node that was killed, once the old driver's heartbeat is stale.
     */
    static Path aeronDir(InetAddress address, int port) {
        String node = address.getHostAddress().replace(':', '_') + "-"
                + (port != 0 ? Integer.toString(port) : "pid" + ProcessHandle.current().pid());
        return Path.of(System.getProperty("java.io.tmpdir"), AERON_DIR_PREFIX + node);
    }
}
