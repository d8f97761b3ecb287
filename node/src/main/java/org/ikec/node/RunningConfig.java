package org.ikec.node;

import java.util.function.Supplier;

import org.ikec.cluster.IkeCluster;
import org.ikec.cluster.ReloadResult;
import org.ikec.node.config.ConfigError;
import org.ikec.node.config.ConfigReload;
import org.ikec.node.config.NodeConfig;
import org.slf4j.Logger;

/**
 * The configuration a node runs with, and how to reread it from the file it came from. A reload
 * applies new connections and secrets to IKE SAs set up afterwards; existing IKE SAs keep theirs.
 */
final class RunningConfig {

    private final Supplier<NodeConfig> reread;
    private final String node;
    private final Logger log;
    private IkeCluster cluster;
    private NodeConfig current;

    /** @param reread loads the configuration again, raising {@link ConfigError} for an invalid file */
    RunningConfig(NodeConfig initial, Supplier<NodeConfig> reread, String node, Logger log) {
        this.current = initial;
        this.reread = reread;
        this.node = node;
        this.log = log;
    }

    synchronized void attach(IkeCluster cluster) {
        this.cluster = cluster;
    }

    /** Rereads the file and applies it, or keeps the running configuration and returns the reason. */
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

        cluster.reconfigure(next.ike());
        current = next;
        log.info("configuration reloaded: connections added {}, changed {}, removed {}; {} secrets;"
                + " existing IKE SAs keep their settings until they end", result.added(), result.changed(),
                result.removed(), result.secrets());
        return result;
    }
}
