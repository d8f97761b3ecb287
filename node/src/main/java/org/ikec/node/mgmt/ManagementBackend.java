package org.ikec.node.mgmt;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.ikec.cluster.RekeyResult;
import org.ikec.cluster.ReloadResult;
import org.ikec.cluster.SaDetail;
import org.ikec.cluster.SaSnapshot;
import org.ikec.cluster.ShardInfo;
import org.ikec.cluster.pool.PoolUsage;

/** What the management HTTP server asks of the node; the node binds it to its {@code IkeCluster}. */
public interface ManagementBackend {

    Health health();

    CompletionStage<List<SaSnapshot>> listSas(Duration timeout);

    /** Lists the IKE SAs of every cluster member that replies in time. */
    default CompletionStage<List<SaSnapshot>> listClusterSas(Duration timeout) {
        return listSas(timeout);
    }

    /** Lists the cluster's members with the number of IKE SAs on each. */
    default CompletionStage<List<Member>> members(Duration timeout) {
        return java.util.concurrent.CompletableFuture.failedFuture(
                new UnsupportedOperationException("this node does not report cluster members"));
    }

    /** Makes the node leave the cluster; its IKE SAs are handed to the remaining nodes. */
    default void leave() {
        throw new UnsupportedOperationException("this node cannot leave a cluster");
    }

    /**
     * A cluster member for {@code GET /cluster/members}.
     *
     * @param roles the member's ikec roles, sorted: {@code concentrator}, {@code gateway} or both
     * @param ikeSas the number of IKE SAs on a concentrator member; {@code null} for a member
     *     without the concentrator role, which has none, and for one that did not reply in time
     */
    record Member(String address, String status, boolean self, List<String> roles, Integer ikeSas) {

        public Member {
            roles = List.copyOf(roles);
        }
    }

    /** Describes the IKE SA with {@code saId} wherever it lives in the cluster; completes empty when none has it. */
    default CompletionStage<Optional<SaDetail>> describe(String saId, Duration timeout) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("this node cannot describe IKE SAs"));
    }

    /**
     * Rekeys the IKE SA with {@code saId} now, or its CHILD SA with the SPI {@code childSpi}, and
     * completes once the rekey completed or failed.
     */
    default CompletionStage<RekeyResult> rekey(String saId, Integer childSpi, Duration timeout) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("this node cannot rekey IKE SAs"));
    }

    /** Lists every node's shards, entities and IKE SAs. */
    default CompletionStage<List<ShardInfo>> shards(Duration timeout) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("this node does not report shards"));
    }

    /**
     * Collects every address pool's size and the addresses leased and free cluster-wide, in
     * configuration order, with the exhaustions counted on this node.
     */
    default CompletionStage<List<PoolUsage>> pools(Duration timeout) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("this node does not lease addresses"));
    }

    /** Rereads this node's configuration file and applies it when it is valid and changes no fixed setting. */
    default ReloadResult reload() {
        throw new UnsupportedOperationException("this node cannot reload its configuration");
    }

    /** Makes every cluster member reread its own configuration file. */
    default CompletionStage<List<ReloadResult>> reloadCluster(Duration timeout) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException(
                "this node cannot reload the cluster's configuration"));
    }

    /** Returns each log subsystem's effective level on this node, such as {@code ike=INFO}. */
    default Map<String, String> logLevels() {
        throw new UnsupportedOperationException("this node does not report log levels");
    }

    /**
     * Sets one log subsystem's level on this node until the next change or restart.
     *
     * @throws IllegalArgumentException for an unknown subsystem or level, naming the valid ones
     */
    default void setLogLevel(String subsystem, String level) {
        throw new UnsupportedOperationException("this node cannot change log levels");
    }

    /** Completes with false when no IKE SA has {@code saId}. */
    CompletionStage<Boolean> terminate(String saId, Duration timeout);

    /** Completes with the new IKE SA's id, or fails with {@link UnknownConnectionException}. */
    CompletionStage<String> initiate(String connection, Duration timeout);

    /**
     * The node's state for {@code GET /health}.
     *
     * @param status {@code up} once the node serves IKE
     * @param ike the bound IKE and NAT-T sockets as {@code address:port}
     * @param counters the UDP layer's counters by name
     */
    record Health(String status, String node, List<String> ike, List<String> natT,
                  java.util.Map<String, Long> counters) {
    }

    /** Raised (as a failed stage) when a connection name is not configured. */
    final class UnknownConnectionException extends RuntimeException {

        public UnknownConnectionException(String connection) {
            super("no connection named '" + connection + "' is configured");
        }
    }
}
