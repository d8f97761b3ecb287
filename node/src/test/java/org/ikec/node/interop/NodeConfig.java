package org.ikec.node.interop;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A concentrator node configuration with one PSK connection and one CHILD SA, rendered in the
 * node's HOCON format.
 *
 * @param listenAddresses addresses the node listens on for IKE
 * @param port            IKE port
 * @param natPort         NAT-T port
 * @param managementPort  TCP port of the management API on 127.0.0.1 inside the node's namespace
 * @param connection      connection name
 * @param proposals       IKE proposals in strongSwan keyword form, most preferred first
 * @param localId         the node's identity (IDr)
 * @param remoteId        accepted peer identity, {@code %any} for any
 * @param child           CHILD SA name
 * @param localTs         local traffic selectors
 * @param remoteTs        remote traffic selectors, {@code dynamic} for the peer's address
 * @param espProposals    ESP proposals in strongSwan keyword form
 * @param psk             the pre-shared key for any peer; never printed by {@link #toString()}
 * @param remoteAddrs     peer addresses, needed when the node initiates; empty for any
 * @param connectionExtras more HOCON settings of the connection, such as {@code rekey_time = 8s}
 * @param childExtras     more HOCON settings of the CHILD SA
 * @param nodeExtras      more HOCON settings inside {@code ikec}, such as a {@code cluster} section
 */
record NodeConfig(
        List<String> listenAddresses,
        int port,
        int natPort,
        int managementPort,
        String connection,
        List<String> proposals,
        String localId,
        String remoteId,
        String child,
        List<String> localTs,
        List<String> remoteTs,
        List<String> espProposals,
        String psk,
        List<String> remoteAddrs,
        String connectionExtras,
        String childExtras,
        String nodeExtras) {

    NodeConfig(List<String> listenAddresses, int port, int natPort, int managementPort, String connection,
               List<String> proposals, String localId, String remoteId, String child, List<String> localTs,
               List<String> remoteTs, List<String> espProposals, String psk, List<String> remoteAddrs) {
        this(listenAddresses, port, natPort, managementPort, connection, proposals, localId, remoteId, child, localTs,
                remoteTs, espProposals, psk, remoteAddrs, "", "");
    }

    NodeConfig(List<String> listenAddresses, int port, int natPort, int managementPort, String connection,
               List<String> proposals, String localId, String remoteId, String child, List<String> localTs,
               List<String> remoteTs, List<String> espProposals, String psk, List<String> remoteAddrs,
               String connectionExtras, String childExtras) {
        this(listenAddresses, port, natPort, managementPort, connection, proposals, localId, remoteId, child, localTs,
                remoteTs, espProposals, psk, remoteAddrs, connectionExtras, childExtras, "");
    }

    NodeConfig {
        remoteAddrs = List.copyOf(remoteAddrs);
        Objects.requireNonNull(psk, "psk");
        listenAddresses = List.copyOf(listenAddresses);
        proposals = List.copyOf(proposals);
        localTs = List.copyOf(localTs);
        remoteTs = List.copyOf(remoteTs);
        espProposals = List.copyOf(espProposals);
    }

    /** Returns {@code host:port} of the management API as the {@code ctl --mgmt} option expects it. */
    String managementEndpoint() {
        return "127.0.0.1:" + managementPort;
    }

    String render() {
        return """
                ikec {
                  listen { addresses = %s, port = %d, nat-port = %d }
                  management { address = "127.0.0.1", port = %d }
                  connections {
                    %s {
                      remote_addrs = %s
                      proposals = %s
                      local { auth = psk, id = %s }
                      remote { auth = psk, id = %s }
                      %s
                      children { %s { local_ts = %s, remote_ts = %s, esp_proposals = %s
                        %s } }
                    }
                  }
                  secrets { s1 { id = "%%any", secret = %s } }
                  %s
                }
                """.formatted(list(listenAddresses), port, natPort, managementPort, connection,
                list(remoteAddrs), list(proposals), quote(localId), quote(remoteId), connectionExtras, child, list(localTs), list(remoteTs),
                list(espProposals), childExtras, quote(psk), nodeExtras);
    }

    private static String list(List<String> values) {
        return values.stream().map(NodeConfig::quote).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override
    public String toString() {
        return "NodeConfig[" + connection + "/" + child + " on " + listenAddresses + ", proposals=" + proposals
                + ", espProposals=" + espProposals + ", localId=" + localId + "]";
    }
}
