package org.ikec.node.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

import org.ikec.cluster.ReloadResult;
import org.ikec.protocol.config.ConnectionConfig;
import org.ikec.protocol.config.IkeSettings;
import org.ikec.protocol.vip.AddressPoolConfig;

/**
 * Decides whether a reread configuration can replace the running one, and what changed.
 * Connections, secrets, the per-SA IKE timers, address pools and RADIUS servers change at run
 * time. Every other setting is bound when the node starts (sockets, cluster membership, the cookie
 * threshold, the SNMP agent, metrics and log output), so a file that changes one of them is
 * rejected, naming each such setting.
 */
public final class ConfigReload {

    private ConfigReload() {
    }

    /** Returns the result of replacing {@code running} with {@code next} on {@code node}; it changes nothing. */
    public static ReloadResult compare(String node, NodeConfig running, NodeConfig next) {
        List<String> fixed = fixedSettingsChanged(running, next);
        if (!fixed.isEmpty()) {
            return ReloadResult.rejected(node, "reload rejected: " + String.join(", ", fixed)
                    + " cannot change while the node runs; restart the node"
                    + " to apply " + (fixed.size() == 1 ? "it" : "them") + ", or restore the running value");
        }

        Map<String, ConnectionConfig> before = byName(running.ike());
        Map<String, ConnectionConfig> after = byName(next.ike());
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        for (Map.Entry<String, ConnectionConfig> entry : after.entrySet()) {
            ConnectionConfig old = before.get(entry.getKey());
            if (old == null) {
                added.add(entry.getKey());
            } else if (!old.equals(entry.getValue()) || poolsChanged(entry.getValue(), running.ike(), next.ike())) {
                changed.add(entry.getKey());
            }
        }
        for (String name : before.keySet()) {
            if (!after.containsKey(name)) {
                removed.add(name);
            }
        }
        int secrets = next.ike().secrets() instanceof ConfigSecretStore store ? store.entries().size() : 0;

        Map<String, AddressPoolConfig> poolsBefore = poolsByName(running.ike());
        Map<String, AddressPoolConfig> poolsAfter = poolsByName(next.ike());
        List<String> poolsAdded = new ArrayList<>();
        List<String> poolsChanged = new ArrayList<>();
        for (Map.Entry<String, AddressPoolConfig> entry : poolsAfter.entrySet()) {
            AddressPoolConfig old = poolsBefore.get(entry.getKey());
            if (old == null) {
                poolsAdded.add(entry.getKey());
            } else if (!old.equals(entry.getValue())) {
                poolsChanged.add(entry.getKey());
            }
        }
        List<String> poolsRemoved = new ArrayList<>(poolsBefore.keySet());
        poolsRemoved.removeAll(poolsAfter.keySet());

        return new ReloadResult(node, true, null, added, changed, removed, secrets, poolsAdded, poolsChanged,
                poolsRemoved, List.of(), radiusChanged(running, next));
    }

    /**
     * Tells whether new EAP conversations need another RADIUS client: other servers, secrets,
     * timeouts, dead time or NAS-Identifier, or RADIUS added or removed. Which connections use
     * RADIUS does not matter to the client.
     */
    public static boolean radiusChanged(NodeConfig running, NodeConfig next) {
        Optional<EapRadiusSettings> before = running.eapRadius();
        Optional<EapRadiusSettings> after = next.eapRadius();
        return !Objects.equals(before.map(EapRadiusSettings::client), after.map(EapRadiusSettings::client))
                || !Objects.equals(before.map(EapRadiusSettings::nasIdentifier),
                after.map(EapRadiusSettings::nasIdentifier));
    }

    private static Map<String, AddressPoolConfig> poolsByName(IkeSettings settings) {
        Map<String, AddressPoolConfig> byName = new TreeMap<>();
        for (AddressPoolConfig pool : settings.pools()) {
            byName.put(pool.name(), pool);
        }
        return byName;
    }

    /** Tells whether a pool that {@code connection} leases from has a different definition in {@code next}. */
    private static boolean poolsChanged(ConnectionConfig connection, IkeSettings running, IkeSettings next) {
        return connection.pools().stream().anyMatch(pool -> !Objects.equals(running.pool(pool), next.pool(pool)));
    }

    private static Map<String, ConnectionConfig> byName(IkeSettings settings) {
        Map<String, ConnectionConfig> byName = new TreeMap<>();
        for (ConnectionConfig connection : settings.connections()) {
            byName.put(connection.name(), connection);
        }
        return byName;
    }

    /** Lists the configuration paths of settings bound at start whose value differs. */
    static List<String> fixedSettingsChanged(NodeConfig running, NodeConfig next) {
        List<String> changed = new ArrayList<>();
        check(changed, "ikec.listen.addresses", running.listenAddresses(), next.listenAddresses());
        check(changed, "ikec.listen.port", running.ikePort(), next.ikePort());
        check(changed, "ikec.listen.nat-port", running.natPort(), next.natPort());
        check(changed, "ikec.listen.receive-buffer", running.receiveBufferBytes(), next.receiveBufferBytes());
        check(changed, "ikec.management", running.management(), next.management());
        boolean secretChanged = running.clusterSecretConfigured() != next.clusterSecretConfigured()
                || running.clusterSecretConfigured() && !Arrays.equals(running.clusterSecret(), next.clusterSecret());
        if (secretChanged) {
            changed.add("ikec.cluster-secret");
        }
        check(changed, "ikec.cluster.address", artery(running, "canonical.hostname"), artery(next, "canonical.hostname"));
        check(changed, "ikec.cluster.port", artery(running, "canonical.port"), artery(next, "canonical.port"));
        check(changed, "ikec.cluster.transport", artery(running, "transport"), artery(next, "transport"));
        check(changed, "ikec.cluster.seed-nodes", running.pekko().getStringList("pekko.cluster.seed-nodes"),
                next.pekko().getStringList("pekko.cluster.seed-nodes"));
        if (changed.stream().noneMatch(path -> path.startsWith("ikec.cluster."))
                && !running.pekko().equals(next.pekko())) {
            changed.add("pekko");
        }
        check(changed, "ikec.ike.cookie-threshold", running.ike().cookieThreshold(), next.ike().cookieThreshold());
        check(changed, "ikec.snmp", running.snmp(), next.snmp());
        check(changed, "ikec.metrics", running.metrics(), next.metrics());
        check(changed, "ikec.logging", running.logging(), next.logging());
        return changed;
    }

    private static String artery(NodeConfig config, String key) {
        return config.pekko().getValue("pekko.remote.artery." + key).unwrapped().toString();
    }

    private static void check(List<String> changed, String path, Object running, Object next) {
        if (!Objects.equals(running, next)) {
            changed.add(path);
        }
    }
}
