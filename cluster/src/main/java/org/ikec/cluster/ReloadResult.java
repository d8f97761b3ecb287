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
 */
public record ReloadResult(String node, boolean applied, String error, List<String> added, List<String> changed,
                           List<String> removed, int secrets) implements CborSerializable {

    public ReloadResult {
        added = List.copyOf(added);
        changed = List.copyOf(changed);
        removed = List.copyOf(removed);
    }

    public static ReloadResult rejected(String node, String error) {
        return new ReloadResult(node, false, error, List.of(), List.of(), List.of(), 0);
    }
}
