package org.ikec.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.GetClusterShardingStats;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;

/** The cluster-wide operator queries behind {@link IkeCluster}: shard distribution and configuration reloads. */
final class ClusterQueries {

    private ClusterQueries() {
    }

    /** Combines the shard regions' statistics with each node's IKE SA count in {@code byNode}. */
    static CompletionStage<List<ShardInfo>> shards(ActorSystem<?> system, ClusterSharding sharding,
                                                   CompletionStage<Map<Address, List<SaSnapshot>>> byNode,
                                                   Duration timeout) {
        CompletionStage<ShardRegion.ClusterShardingStats> stats = AskPattern.ask(sharding.shardState(),
                replyTo -> new GetClusterShardingStats(IkeSaEntity.TYPE_KEY, timeout, replyTo),
                timeout.plusSeconds(1), system.scheduler());
        return stats.thenCombine(byNode, (regions, sasByNode) -> {
            Map<Address, ShardRegion.ShardRegionStats> byRegion = regions.getRegions();
            Set<Address> nodes = new HashSet<>(byRegion.keySet());
            nodes.addAll(sasByNode.keySet());

            List<ShardInfo> shards = new ArrayList<>();
            for (Address node : nodes) {
                ShardRegion.ShardRegionStats region = byRegion.get(node);
                int entities = region == null ? 0 : region.getStats().values().stream()
                        .mapToInt(count -> ((Number) count).intValue()).sum();
                List<SaSnapshot> sas = sasByNode.get(node);
                shards.add(new ShardInfo(node.hostPort(), region == null ? 0 : region.getStats().size(), entities,
                        sas == null ? -1 : sas.size()));
            }
            shards.sort(Comparator.comparing(ShardInfo::node));
            return List.copyOf(shards);
        });
    }

    static void startReloader(ActorSystem<?> system, Supplier<ReloadResult> reload) {
        // A reload reads the file and waits for the address pools' replies, so it runs where
        // blocking takes no thread from the IKE SA entities.
        ActorRef<ConfigReloader.Command> reloader = system.systemActorOf(ConfigReloader.create(reload),
                "ikec-config-reloader", DispatcherSelector.blocking());
        system.receptionist().tell(Receptionist.register(ConfigReloader.SERVICE_KEY, reloader));
    }

    /**
     * Asks every registered reloader. A member without one, or that does not reply in time, is
     * listed as not applied.
     */
    static CompletionStage<List<ReloadResult>> reloadCluster(ActorSystem<?> system, Duration timeout) {
        CompletionStage<Receptionist.Listing> listing = AskPattern.ask(system.receptionist(),
                replyTo -> Receptionist.find(ConfigReloader.SERVICE_KEY, replyTo), timeout, system.scheduler());
        return listing.thenCompose(found -> {
            Map<String, CompletableFuture<ReloadResult>> asks = new TreeMap<>();
            for (ActorRef<ConfigReloader.Command> reloader : found.getServiceInstances(ConfigReloader.SERVICE_KEY)) {
                Address address = reloader.path().address().hasLocalScope()
                        ? Cluster.get(system).selfMember().address() : reloader.path().address();
                String node = address.hostPort();
                asks.put(node, AskPattern.<ConfigReloader.Command, ReloadResult>ask(reloader,
                                ConfigReloader.Reload::new, timeout, system.scheduler())
                        .toCompletableFuture()
                        .exceptionally(failure -> ReloadResult.rejected(node, "did not reply within "
                                + timeout.toSeconds() + "s")));
            }
            // Only members that host IKE SAs (the sharding role, when one is set) run a reloader.
            String shardingRole = system.settings().config().getString("pekko.cluster.sharding.role");
            for (Member member : Cluster.get(system).state().getMembers()) {
                if (!shardingRole.isEmpty() && !member.hasRole(shardingRole)) {
                    continue;
                }
                asks.putIfAbsent(member.address().hostPort(), CompletableFuture.completedFuture(
                        ReloadResult.rejected(member.address().hostPort(), "no configuration reloader is registered"
                                + " on this member yet; retry in a few seconds")));
            }

            return CompletableFuture.allOf(asks.values().toArray(CompletableFuture[]::new))
                    .thenApply(done -> asks.values().stream().map(CompletableFuture::join).toList());
        });
    }
}
