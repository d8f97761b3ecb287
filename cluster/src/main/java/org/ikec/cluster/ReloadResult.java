package org.ikec.cluster;

import java.util.List;

/**
 * The result of rereading one node's configuration file. Connections and secrets that changed
 * apply to IKE SAs set up afterwards; IKE SAs that exist keep the settings they started with.
 *
 * @param node the node's cluster address, as {@code host:port}
 * @param applied whether the new configuration is in force; when false, {@code error} contains the reason
 *     and the node keeps its running configuration
 * @param error the one-line configuration error, {@code null} when applied
 * @param added names of connections that are new
 * @param changed names of connections whose settings changed
 * @param removed names of connections that accept no new IKE SAs any more
 * @param secrets the number of pre-shared key entries now configured
 * @param poolsAdded names of address pools that are new
 * @param poolsChanged names of address pools whose range or attributes changed
 * @param poolsRemoved names of address pools that lease no addresses any more
 * @param poolsRejected one message for each pool that keeps its running definition because the
 *     change would strand a leased address. The rest of the file applies.
 * @param radiusChanged whether new EAP conversations use changed RADIUS servers, secrets, timeouts
 *     or NAS-Identifier
 */
public record ReloadResult(String node, boolean applied, String error, List<String> added, List<String> changed,
                           List<String> removed, int secrets, List<String> poolsAdded, List<String> poolsChanged,
                           List<String> poolsRemoved, List<String> poolsRejected, boolean radiusChanged)
        implements CborSerializable {

    public ReloadResult {
        added = List.copyOf(added);
        changed = List.copyOf(changed);
        removed = List.copyOf(removed);
        poolsAdded = List.copyOf(poolsAdded);
        poolsChanged = List.copyOf(poolsChanged);
        poolsRemoved = List.copyOf(poolsRemoved);
        poolsRejected = List.copyOf(poolsRejected);
    }

    /** Creates a result with no pool or RADIUS change. */
    public ReloadResult(String node, boolean applied, String error, List<String> added, List<String> changed,
                        List<String> removed, int secrets) {
        this(node, applied, error, added, changed, removed, secrets, List.of(), List.of(), List.of(), List.of(), false);
    }

    public static ReloadResult rejected(String node, String error) {
        return new ReloadResult(node, false, error, List.of(), List.of(), List.of(), 0);
    }
}
