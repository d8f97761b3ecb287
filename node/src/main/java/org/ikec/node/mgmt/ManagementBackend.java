package org.ikec.node.mgmt;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

import org.ikec.cluster.SaSnapshot;

/** What the management HTTP server asks of the node; the node binds it to its {@code IkeCluster}. */
public interface ManagementBackend {

    Health health();

    CompletionStage<List<SaSnapshot>> listSas(Duration timeout);

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
