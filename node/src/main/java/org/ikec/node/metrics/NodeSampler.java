package org.ikec.node.metrics;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.ikec.cluster.IkeCluster;
import org.ikec.cluster.IkeSaEntity;
import org.ikec.cluster.pool.ClusterAddressPools;
import org.ikec.node.net.DropReason;
import org.ikec.node.net.UdpCounters;
import org.ikec.node.radius.RadiusCounters;
import org.ikec.snmp.AgentCounters;

import kamon.Kamon;
import kamon.metric.Counter;
import kamon.metric.Gauge;

/**
 * Reads the values the node keeps elsewhere (SA counts, UDP drops, sharding, address pools, SNMP
 * and JVM counters) into Kamon instruments. One thread calls {@link #sample}, once per Kamon tick or
 * more often.
 */
final class NodeSampler {

    private static final Duration SHARD_STATE_TIMEOUT = Duration.ofSeconds(5);

    private final ActorSystem<?> system;
    private final IkeCluster cluster;
    private final Gauge ikeSas = Kamon.gauge(MetricNames.IKE_SAS, "IKE SAs past IKE_AUTH on this node").withoutTags();
    private final Gauge childSas = Kamon.gauge(MetricNames.CHILD_SAS, "CHILD SAs on this node").withoutTags();
    private final Gauge halfOpen = Kamon.gauge(MetricNames.HALF_OPEN_IKE_SAS,
            "responder IKE SAs waiting for IKE_AUTH on this node").withoutTags();
    private final Gauge shards = Kamon.gauge(MetricNames.SHARDS, "IKE SA shards hosted by this node").withoutTags();
    private final Gauge entities = Kamon.gauge(MetricNames.ENTITIES, "IKE SA entities running on this node").withoutTags();
    private final Gauge heapUsed = Kamon.gauge(MetricNames.HEAP_USED, "JVM heap in use").withoutTags();
    private final Gauge heapMax = Kamon.gauge(MetricNames.HEAP_MAX, "JVM heap limit, -1 when undefined").withoutTags();
    private final List<PulledCounter> counters = new ArrayList<>();
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final PoolSampler pools;
    private final Supplier<Map<String, RadiusCounters>> radius;
    private final Set<String> radiusServers = new HashSet<>();

    /**
     * @param radius returns each RADIUS server's counters by {@code address:port} of the servers in
     *               use, empty without RADIUS; a reload may change them
     */
    NodeSampler(ActorSystem<?> system, IkeCluster cluster, UdpCounters udp,
                Supplier<Optional<AgentCounters.Snapshot>> snmp, ClusterAddressPools pools,
                Supplier<Map<String, RadiusCounters>> radius) {
        this.system = system;
        this.cluster = cluster;
        this.pools = pools == null ? null : new PoolSampler(pools);
        if (cluster != null) {
            addDropCounters(udp);
        }
        addSnmpCounters(snmp);
        this.radius = radius;
        addRadiusCounters();
        addGcCounters();
    }

    private void addDropCounters(UdpCounters udp) {
        String description = "datagrams dropped, by reason";
        for (DropReason reason : DropReason.values()) {
            String tag = reason.name().toLowerCase(java.util.Locale.ROOT);
            Counter counter = Kamon.counter(MetricNames.PACKETS_DROPPED, description).withTag("reason", tag);
            if (reason == DropReason.UNKNOWN_SPI) {
                // The UDP layer drops SPI zero, and the entities reply INVALID_IKE_SPI to every other
                // unknown SPI (RFC 7296 §2.21.4).
                counters.add(new PulledCounter(counter, () -> udp.droppedCount(reason) + cluster.unknownSpiCount()));
            } else {
                counters.add(new PulledCounter(counter, () -> udp.droppedCount(reason)));
            }
        }
    }

    /**
     * Adds {@code ikec_radius_<counter>} for each server not counted yet, such as
     * {@code ikec_radius_rejects{server="192.0.2.10:1812"}}. A server that a reload replaced counts
     * from 0 again under the same name, and a removed server's counters stop growing.
     */
    private void addRadiusCounters() {
        for (Map.Entry<String, RadiusCounters> server : radius.get().entrySet()) {
            if (!radiusServers.add(server.getKey())) {
                continue;
            }
            for (String name : server.getValue().snapshot().keySet()) {
                Counter counter = Kamon.counter(MetricNames.RADIUS_PREFIX + name,
                        "RADIUS " + name.replace('_', ' ') + ", by server").withTag("server", server.getKey());
                counters.add(new PulledCounter(counter, () -> radiusTotal(server.getKey(), name)));
            }
        }
    }

    private long radiusTotal(String server, String name) {
        RadiusCounters serverCounters = radius.get().get(server);
        return serverCounters == null ? 0 : serverCounters.snapshot().get(name);
    }

    private void addSnmpCounters(Supplier<Optional<AgentCounters.Snapshot>> snmp) {
        String requests = "SNMP requests by PDU type; every set is rejected";
        counters.add(new PulledCounter(Kamon.counter(MetricNames.SNMP_REQUESTS, requests).withTag("pdu", "get"),
                () -> snmp.get().map(AgentCounters.Snapshot::inGetRequests).orElse(0L)));
        counters.add(new PulledCounter(Kamon.counter(MetricNames.SNMP_REQUESTS, requests).withTag("pdu", "getnext"),
                () -> snmp.get().map(AgentCounters.Snapshot::inGetNexts).orElse(0L)));
        counters.add(new PulledCounter(Kamon.counter(MetricNames.SNMP_REQUESTS, requests).withTag("pdu", "getbulk"),
                () -> snmp.get().map(AgentCounters.Snapshot::inGetBulks).orElse(0L)));
        counters.add(new PulledCounter(Kamon.counter(MetricNames.SNMP_REQUESTS, requests).withTag("pdu", "set"),
                () -> snmp.get().map(AgentCounters.Snapshot::inSetRequests).orElse(0L)));

        String errors = "SNMP requests rejected or answered with an error, by error";
        counters.add(new PulledCounter(Kamon.counter(MetricNames.SNMP_ERRORS, errors).withTag("error", "bad_community"),
                () -> snmp.get().map(AgentCounters.Snapshot::inBadCommunityNames).orElse(0L)));
        counters.add(new PulledCounter(Kamon.counter(MetricNames.SNMP_ERRORS, errors).withTag("error", "authorization"),
                () -> snmp.get().map(AgentCounters.Snapshot::authorizationErrors).orElse(0L)));
        counters.add(new PulledCounter(Kamon.counter(MetricNames.SNMP_ERRORS, errors).withTag("error", "no_such_name"),
                () -> snmp.get().map(AgentCounters.Snapshot::noSuchNames).orElse(0L)));
        counters.add(new PulledCounter(Kamon.counter(MetricNames.SNMP_ERRORS, errors).withTag("error", "not_writable"),
                () -> snmp.get().map(AgentCounters.Snapshot::notWritables).orElse(0L)));
        counters.add(new PulledCounter(Kamon.counter(MetricNames.SNMP_ERRORS, errors).withTag("error", "too_big"),
                () -> snmp.get().map(AgentCounters.Snapshot::tooBigs).orElse(0L)));
        counters.add(new PulledCounter(Kamon.counter(MetricNames.SNMP_ERRORS, errors).withTag("error", "dropped"),
                () -> snmp.get().map(AgentCounters.Snapshot::droppedPdus).orElse(0L)));
    }

    private void addGcCounters() {
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            String tag = collector.getName();
            counters.add(new PulledCounter(Kamon.counter(MetricNames.GC_COLLECTIONS, "garbage collections, by collector")
                    .withTag("collector", tag), () -> Math.max(0, collector.getCollectionCount())));
            counters.add(new PulledCounter(Kamon.counter(MetricNames.GC_TIME,
                    "time spent in garbage collection, by collector").withTag("collector", tag),
                    () -> Math.max(0, collector.getCollectionTime())));
        }
    }

    void sample() {
        if (cluster != null) {
            ikeSas.update(cluster.ikeSaCount());
            childSas.update(cluster.childSaCount());
            halfOpen.update(cluster.halfOpenCount());
        }

        MemoryUsage heap = memory.getHeapMemoryUsage();
        heapUsed.update(heap.getUsed());
        heapMax.update(heap.getMax());

        addRadiusCounters();
        for (PulledCounter counter : counters) {
            counter.sample();
        }
        if (cluster != null) {
            sampleSharding();
        }
        if (pools != null) {
            pools.sample();
        }
    }

    /** Asks the shard region for its shards; the gauges change when the reply arrives. */
    private void sampleSharding() {
        AskPattern.<org.apache.pekko.cluster.sharding.typed.ClusterShardingQuery, ShardRegion.CurrentShardRegionState>ask(
                        ClusterSharding.get(system).shardState(),
                        replyTo -> new GetShardRegionState(IkeSaEntity.TYPE_KEY, replyTo),
                        SHARD_STATE_TIMEOUT, system.scheduler())
                .thenAccept(state -> {
                    shards.update(state.getShards().size());
                    entities.update(state.getShards().stream().mapToInt(shard -> shard.getEntityIds().size()).sum());
                });
    }
}
