package org.ikec.node;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Leave;
import org.ikec.cluster.SaSnapshot;
import org.ikec.node.mgmt.ManagementBackend;
import org.ikec.snmp.SnmpGateway;

/**
 * Serves the management API of a gateway-only node: health, members and leave. Such a node has
 * no IKE SAs, so the SA requests fail as not supported and point to a concentrator node.
 */
final class GatewayBackend implements ManagementBackend {

    /** Health counter that is 1 while this node's SNMP agent is the active one, else 0. */
    static final String SNMP_ACTIVE_COUNTER = "snmpAgentActive";

    private static final String NO_IKE = "this node has the gateway role only and holds no IKE SAs;"
            + " ask a concentrator node";

    private final ActorSystem<?> system;
    private final SnmpGateway gateway;

    GatewayBackend(ActorSystem<?> system, SnmpGateway gateway) {
        this.system = system;
        this.gateway = gateway;
    }

    @Override
    public Health health() {
        return new Health("up", Cluster.get(system).selfMember().address().toString(), List.of(), List.of(),
                Map.of(SNMP_ACTIVE_COUNTER, gateway.bound() ? 1L : 0L));
    }

    @Override
    public CompletionStage<List<SaSnapshot>> listSas(Duration timeout) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException(NO_IKE));
    }

    /** Lists the members with the IKE SA count of each concentrator's SA directory. */
    @Override
    public CompletionStage<List<Member>> members(Duration timeout) {
        return SaDirectoryCounts.ask(system, timeout)
                .thenApply(counts -> MemberRows.list(Cluster.get(system), counts));
    }

    @Override
    public void leave() {
        Cluster cluster = Cluster.get(system);
        LogGroups.CLUSTER.info("leaving the cluster at the operator's request");
        cluster.manager().tell(Leave.create(cluster.selfMember().address()));
    }

    @Override
    public CompletionStage<Boolean> terminate(String saId, Duration timeout) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException(NO_IKE));
    }

    @Override
    public CompletionStage<String> initiate(String connection, Duration timeout) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException(NO_IKE));
    }
}
