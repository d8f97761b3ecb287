package org.ikec.node;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import org.ikec.cluster.IkeCluster;
import org.ikec.cluster.ReloadResult;
import org.ikec.cluster.pool.ClusterAddressPools;
import org.ikec.cluster.pool.PoolChanges;
import org.ikec.node.config.ConfigError;
import org.ikec.node.config.ConfigReload;
import org.ikec.node.config.EapRadiusSettings;
import org.ikec.node.config.NodeConfig;
import org.ikec.node.radius.RadiusEapService;
import org.ikec.protocol.config.IkeSettings;
import org.ikec.protocol.vip.AddressPoolConfig;
import org.slf4j.Logger;

/**
 * The configuration a node runs with, and how to reread it from the file it came from. A reload
 * applies new connections and secrets to IKE SAs set up afterwards; existing IKE SAs keep theirs.
 * It resizes, adds and removes address pools cluster-wide, keeping each pool whose change would
 * strand a lease, and starts a RADIUS client for new EAP conversations when the servers changed.
 */
final class RunningConfig {

    private final Supplier<NodeConfig> reread;
    private final String node;
    private final Logger log;
    private final ClusterAddressPools pools;
    private final RadiusEapService radius;
    private IkeCluster cluster;
    private NodeConfig current;

    /** @param reread loads the configuration again, raising {@link ConfigError} for an invalid file */
    RunningConfig(NodeConfig initial, Supplier<NodeConfig> reread, String node, ClusterAddressPools pools,
                  RadiusEapService radius, Logger log) {
        this.current = initial;
        this.reread = reread;
        this.node = node;
        this.pools = pools;
        this.radius = radius;
        this.log = log;
    }

    synchronized void attach(IkeCluster cluster) {
        this.cluster = cluster;
    }

    /**
     * Rereads the file and applies it, or keeps the running configuration and returns the reason.
     * Blocks while the pool segments confirm a pool change, which takes one round trip to each
     * segment and at most the lease timeout when a segment does not reply.
     */
    synchronized ReloadResult reload() {
        NodeConfig next;
        try {
            next = reread.get();
        } catch (ConfigError e) {
            log.warn("configuration reload rejected, the running configuration stays: {}", e.getMessage());
            return ReloadResult.rejected(node, "configuration error: " + e.getMessage());
        }

        ReloadResult result = ConfigReload.compare(node, current, next);
        if (!result.applied()) {
            log.warn("configuration reload rejected, the running configuration stays: {}", result.error());
            return result;
        }

        if (result.radiusChanged()) {
            try {
                radius.replace(next.eapRadius().map(EapRadiusSettings::client),
                        next.eapRadius().map(EapRadiusSettings::nasIdentifier).orElse(null),
                        next.ike().halfOpenTimeout());
            } catch (IOException e) {
                String error = "starting the RADIUS client for the new servers failed: " + e.getMessage();
                log.warn("configuration reload rejected, the running configuration stays: {}", error);
                return ReloadResult.rejected(node, error);
            }
        }

        // NOTE: a segment that does not reply holds this up to the lease timeout (5 s by default) per
        // round of resizes, longer than reload --cluster waits for a node; that node is then reported
        // as not replying although it applies the rest. Asking the segments off the caller's thread
        // and replying when they answer would remove the wait.
        PoolChanges poolChanges = pools.reconfigure(next.ike().pools()).toCompletableFuture().join();
        IkeSettings applied = keepRejectedPools(next.ike(), current.ike(), poolChanges.rejectedPools());
        cluster.reconfigure(applied);
        current = withIke(next, applied);

        ReloadResult reported = withPoolOutcome(result, poolChanges);
        log.info("configuration reloaded: connections added {}, changed {}, removed {}; {} secrets; pools added {}, "
                + "changed {}, removed {}; RADIUS servers {}; existing IKE SAs keep their settings until they end",
                reported.added(), reported.changed(), reported.removed(), reported.secrets(), reported.poolsAdded(),
                reported.poolsChanged(), reported.poolsRemoved(), reported.radiusChanged() ? "replaced" : "unchanged");
        for (String rejected : reported.poolsRejected()) {
            log.warn("{}; the rest of the configuration is applied", rejected);
        }
        return reported;
    }

    /**
     * Returns {@code next} with the running definition of each pool in {@code rejected}, and
     * without a rejected pool that is new.
     */
    private static IkeSettings keepRejectedPools(IkeSettings next, IkeSettings running, Set<String> rejected) {
        List<AddressPoolConfig> kept = new ArrayList<>();
        for (AddressPoolConfig pool : next.pools()) {
            if (!rejected.contains(pool.name())) {
                kept.add(pool);
            } else if (running.pool(pool.name()) != null) {
                kept.add(running.pool(pool.name()));
            }
        }
        for (AddressPoolConfig pool : running.pools()) {
            if (rejected.contains(pool.name()) && next.pool(pool.name()) == null) {
                kept.add(pool);
            }
        }

        return new IkeSettings(next.connections(), next.secrets(), next.cookieThreshold(), next.retransmitTimeout(),
                next.retransmitBase(), next.retransmitTries(), next.halfOpenTimeout(), kept, next.dhReuse());
    }

    private static NodeConfig withIke(NodeConfig config, IkeSettings ike) {
        return new NodeConfig(config.listenAddresses(), config.ikePort(), config.natPort(),
                config.receiveBufferBytes(), config.management(), config.clusterSecret(),
                config.clusterSecretConfigured(), ike, config.embeddedDefault(), config.pekko(), config.snmp(),
                config.metrics(), config.logging(), config.roles(), config.eapRadius());
    }

    private static ReloadResult withPoolOutcome(ReloadResult result, PoolChanges changes) {
        Set<String> rejected = changes.rejectedPools();
        return new ReloadResult(result.node(), true, null, result.added(), result.changed(), result.removed(),
                result.secrets(), without(result.poolsAdded(), rejected), without(result.poolsChanged(), rejected),
                without(result.poolsRemoved(), rejected), List.copyOf(changes.rejected().values()),
                result.radiusChanged());
    }

    private static List<String> without(List<String> names, Set<String> rejected) {
        return names.stream().filter(name -> !rejected.contains(name)).toList();
    }
}
