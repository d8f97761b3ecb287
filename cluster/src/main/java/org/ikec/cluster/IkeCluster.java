package org.ikec.cluster;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.ikec.protocol.config.IkeSettings;

/**
 * The node's entry to the sharded IKE SAs: routes datagrams to their entity and answers the
 * management interface.
 */
public final class IkeCluster {

    /** What happened to a datagram handed to {@link #route}. */
    public enum RouteResult { ROUTED, MALFORMED_HEADER, UNKNOWN_SPI }

    private final ActorSystem<?> system;

    private IkeCluster(ActorSystem<?> system) {
        this.system = system;
    }

    /** Starts sharding of IKE SA entities on {@code system}. */
    public static IkeCluster start(ActorSystem<?> system, IkeSettings settings, DataPlane dataPlane,
                                   byte[] clusterSecret) {
        return new IkeCluster(system);
    }

    /**
     * Hands one IKE message (without a non-ESP marker) to the entity that owns its IKE SA.
     * {@code egress} sends the replies through the node that received the request.
     */
    public RouteResult route(byte[] message, InetSocketAddress remote, InetSocketAddress local,
                             ActorRef<OutboundDatagram> egress) {
        return RouteResult.UNKNOWN_SPI;
    }

    public CompletionStage<List<SaSnapshot>> listSas(Duration timeout) {
        return CompletableFuture.completedFuture(List.of());
    }

    /** Deletes the IKE SA with INFORMATIONAL; completes with false if no such SA exists. */
    public CompletionStage<Boolean> terminate(String saId, Duration timeout) {
        return CompletableFuture.completedFuture(false);
    }

    /** Starts the configured connection as initiator; completes with the new IKE SA's id. */
    public CompletionStage<String> initiate(String connection, Duration timeout) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("initiate is not wired yet"));
    }

    public ActorSystem<?> system() {
        return system;
    }
}
