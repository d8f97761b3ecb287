package org.ikec.node;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;
import org.ikec.cluster.ChildSaSnapshot;
import org.ikec.cluster.IkeCluster;
import org.ikec.cluster.RekeyResult;
import org.ikec.cluster.ReloadResult;
import org.ikec.cluster.SaDetail;
import org.ikec.cluster.SaSnapshot;
import org.ikec.cluster.ShardInfo;
import org.ikec.cluster.pool.ClusterAddressPools;
import org.ikec.cluster.pool.PoolUsage;
import org.ikec.node.logging.LogLevels;
import org.ikec.node.mgmt.ManagementBackend;

/**
 * Serves the management API from the cluster facade. An IKE SA whose snapshot lists no CHILD SAs
 * gets those the data plane recorded for it.
 */
final class ClusterBackend implements ManagementBackend {

    private final ActorSystem<?> system;
    private final IkeCluster cluster;
    private final RunningConfig config;
    private final RecordingDataPlane dataPlane;
    private final Supplier<Health> health;
    private final ClusterAddressPools pools;

    ClusterBackend(ActorSystem<?> system, IkeCluster cluster, RunningConfig config, RecordingDataPlane dataPlane,
                   Supplier<Health> health, ClusterAddressPools pools) {
        this.system = system;
        this.cluster = cluster;
        this.config = config;
        this.dataPlane = dataPlane;
        this.health = health;
        this.pools = pools;
    }

    @Override
    public Health health() {
        return health.get();
    }

    @Override
    public CompletionStage<List<SaSnapshot>> listSas(Duration timeout) {
        return cluster.listSas(timeout).thenApply(sas -> sas.stream().map(this::withRecordedChildren).toList());
    }

    private SaSnapshot withRecordedChildren(SaSnapshot sa) {
        if (!sa.children().isEmpty()) {
            return sa;
        }

        // The recording data plane keeps no lifetimes, so these CHILD SAs show 0 for both.
        List<ChildSaSnapshot> children = dataPlane.installedFor(sa.id()).stream()
                .map(child -> new ChildSaSnapshot(child.childName(), "INSTALLED",
                        RecordingDataPlane.spiText(child.inboundSpi()), RecordingDataPlane.spiText(child.outboundSpi()),
                        child.proposal(), child.localTs(), child.remoteTs(), child.installedAt(), 0, 0))
                .toList();
        return new SaSnapshot(sa.id(), sa.node(), sa.connection(), sa.tunnelIndex(), sa.state(), sa.initiator(),
                sa.spiI(), sa.spiR(),
                sa.localAddress(), sa.remoteAddress(), sa.localId(), sa.remoteId(), sa.proposal(), sa.establishedAt(),
                sa.ikeLifetimeSeconds(), sa.authMethod(), sa.ikeTraffic(), children, sa.virtualIps());
    }

    @Override
    public CompletionStage<List<SaSnapshot>> listClusterSas(Duration timeout) {
        return cluster.listClusterSas(timeout);
    }

    /** Lists the members with their roles; the cluster facade gives each directory's IKE SA count. */
    @Override
    public CompletionStage<List<Member>> members(Duration timeout) {
        return cluster.members(timeout).thenApply(members -> {
            Map<String, Integer> counts = new HashMap<>();
            for (IkeCluster.MemberInfo member : members) {
                if (member.ikeSas() >= 0) {
                    counts.put(member.address(), member.ikeSas());
                }
            }
            return MemberRows.list(Cluster.get(system), counts);
        });
    }

    @Override
    public void leave() {
        cluster.leave();
    }

    @Override
    public CompletionStage<Boolean> terminate(String saId, Duration timeout) {
        return cluster.terminate(saId, timeout);
    }

    @Override
    public CompletionStage<Optional<SaDetail>> describe(String saId, Duration timeout) {
        return cluster.describe(saId, timeout);
    }

    @Override
    public CompletionStage<RekeyResult> rekey(String saId, Integer childSpi, Duration timeout) {
        return cluster.rekey(saId, childSpi, timeout);
    }

    /** Collects the pools' usage. Each segment's reply waits up to the pools' lease timeout, not {@code timeout}. */
    @Override
    public CompletionStage<List<PoolUsage>> pools(Duration timeout) {
        return pools.usage();
    }

    @Override
    public CompletionStage<List<ShardInfo>> shards(Duration timeout) {
        return cluster.shards(timeout);
    }

    @Override
    public ReloadResult reload() {
        return config.reload();
    }

    @Override
    public CompletionStage<List<ReloadResult>> reloadCluster(Duration timeout) {
        return cluster.reloadCluster(timeout);
    }

    @Override
    public Map<String, String> logLevels() {
        return LogLevels.current();
    }

    @Override
    public void setLogLevel(String subsystem, String level) {
        LogLevels.set(subsystem, level);
    }

    @Override
    public CompletionStage<String> initiate(String connection, Duration timeout) {
        boolean configured = cluster.settings().connections().stream()
                .anyMatch(config -> config.name().equals(connection));
        if (!configured) {
            return CompletableFuture.failedFuture(new UnknownConnectionException(connection));
        }
        return cluster.initiate(connection, timeout);
    }
}
