package org.ikec.node.metrics;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.pekko.actor.typed.ActorSystem;
import org.ikec.cluster.IkeCluster;
import org.ikec.cluster.pool.ClusterAddressPools;
import org.ikec.node.net.UdpCounters;
import org.ikec.protocol.ike.IkeEvents;
import org.ikec.node.radius.RadiusCounters;
import org.ikec.snmp.AgentCounters;
import org.slf4j.Logger;

/**
 * The node's metrics: IKE events counted as they happen, and node values sampled on a timer,
 * served to Prometheus at {@code ikec.metrics.address}. When metrics are off, the events go
 * nowhere and nothing listens.
 */
public final class NodeMetrics implements AutoCloseable {

    private final PrometheusEndpoint endpoint;
    private final IkeEvents events;
    private final MetricsSettings settings;
    private final Logger log;
    private ScheduledExecutorService sampling;

    private NodeMetrics(PrometheusEndpoint endpoint, IkeEvents events, MetricsSettings settings, Logger log) {
        this.endpoint = endpoint;
        this.events = events;
        this.settings = settings;
        this.log = log;
    }

    /**
     * Starts the Prometheus endpoint when {@code settings} enable it. When the endpoint cannot
     * listen, the node runs without metrics and logs an ERROR saying so.
     */
    public static NodeMetrics start(MetricsSettings settings, Logger log) {
        if (!settings.enabled()) {
            return new NodeMetrics(null, IkeEvents.NONE, settings, log);
        }
        PrometheusEndpoint endpoint;
        try {
            endpoint = PrometheusEndpoint.start(settings);
        } catch (IOException e) {
            // NOTE: several nodes on one host with the default port collide here; the node keeps
            // serving IKE, because losing metrics is better than losing tunnels.
            log.error("metrics are off: {}; set ikec.metrics.address and port to a free address, or enabled = false",
                    e.getMessage());
            return new NodeMetrics(null, IkeEvents.NONE, settings, log);
        }
        log.info("serving Prometheus metrics at http://{}:{}/metrics", settings.address().getAddress().getHostAddress(),
                settings.address().getPort());
        return new NodeMetrics(endpoint, new IkeMetrics(), settings, log);
    }

    /** Returns where the IKE SAs report their events. */
    public IkeEvents events() {
        return events;
    }

    /**
     * Starts sampling the node's SA counts, drops, sharding, address pools, SNMP and JVM values
     * twice per Kamon tick. A gateway-only node passes {@code null} for {@code cluster}, {@code udp}
     * and {@code pools}: it has SNMP and JVM values only.
     */
    public void startSampling(ActorSystem<?> system, IkeCluster cluster, UdpCounters udp,
                              Supplier<Optional<AgentCounters.Snapshot>> snmp, ClusterAddressPools pools) {
        startSampling(system, cluster, udp, snmp, pools, Map::of);
    }

    /** Starts sampling like the overload without {@code radius}, and each RADIUS server's counters too. */
    public void startSampling(ActorSystem<?> system, IkeCluster cluster, UdpCounters udp,
                              Supplier<Optional<AgentCounters.Snapshot>> snmp, ClusterAddressPools pools,
                              Supplier<Map<String, RadiusCounters>> radius) {
        if (endpoint == null) {
            return;
        }
        NodeSampler sampler = new NodeSampler(system, cluster, udp, snmp, pools, radius);
        sampling = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ikec-metrics-sampler");
            thread.setDaemon(true);
            return thread;
        });
        long periodMillis = Math.max(50, settings.tickInterval().toMillis() / 2);
        sampling.scheduleAtFixedRate(() -> {
            try {
                sampler.sample();
            } catch (RuntimeException e) {
                log.warn("sampling node metrics failed: {}", e.toString());
            }
        }, 0, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** Stops sampling and the endpoint. */
    @Override
    public void close() {
        if (sampling != null) {
            sampling.shutdownNow();
        }
        if (endpoint != null) {
            endpoint.close();
        }
    }
}
