package org.ikec.loadtest.cli;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;

import org.ikec.loadtest.cli.LoadTestMain.UsageException;
import org.ikec.loadtest.engine.AddressRange;
import org.ikec.loadtest.engine.PortRange;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ikec loadtest node-config}: prints a node configuration that matches a load run. It has a
 * road-warrior connection {@code rw} that accepts every client, and for the simultaneous scenario
 * one connection per peer ({@code peer1}, {@code peer2}, ...) that the node can initiate to the
 * peer's source address and port, with the peer's identity.
 */
@Command(name = "node-config", mixinStandardHelpOptions = true,
        description = "Prints a node configuration (HOCON) for a load run; it contains the pre-shared key and a"
                + " random cluster-secret, which every node of one cluster must share.")
final class NodeConfigCommand implements Callable<Integer> {

    private static final int CLUSTER_SECRET_BYTES = 32;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--peers", paramLabel = "N", defaultValue = "0",
            description = "connections peer1..peerN for the simultaneous scenario (default ${DEFAULT-VALUE})")
    int peers;

    @Option(names = "--listen", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "the node's IKE address (default ${DEFAULT-VALUE})")
    String listen;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "500", description = "the node's IKE port (default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--nat-port", paramLabel = "PORT", defaultValue = "4500",
            description = "the node's NAT-T port (default ${DEFAULT-VALUE})")
    int natPort;

    @Option(names = "--management", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:7500",
            description = "the node's management API (default ${DEFAULT-VALUE})")
    String management;

    @Option(names = "--sources", paramLabel = "RANGE", defaultValue = "127.1.0.1-127.1.0.254",
            description = "the load run's --sources (default ${DEFAULT-VALUE})")
    String sources;

    @Option(names = "--source-ports", paramLabel = "RANGE", defaultValue = "500",
            description = "the load run's --source-ports (default ${DEFAULT-VALUE})")
    String sourcePorts;

    @Option(names = "--id-pattern", paramLabel = "PATTERN", defaultValue = "client%d@loadtest.example",
            description = "the load run's --id-pattern (default ${DEFAULT-VALUE})")
    String idPattern;

    @Option(names = "--gateway-id", paramLabel = "ID", defaultValue = "gw.loadtest.example",
            description = "the node's identity (default ${DEFAULT-VALUE})")
    String gatewayId;

    @Option(names = "--proposal", paramLabel = "PROPOSAL", defaultValue = "aes256gcm16-prfsha256-x25519",
            description = "IKE proposal (default ${DEFAULT-VALUE})")
    String proposal;

    @Option(names = "--esp-proposal", paramLabel = "PROPOSAL", defaultValue = "aes256gcm16",
            description = "ESP proposal (default ${DEFAULT-VALUE})")
    String espProposal;

    @Mixin
    PskSource psk;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(render(System.getenv()));
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** Builds the configuration text; peer {@code i} sends from the address and port the load run gives client {@code i}. */
    String render(java.util.Map<String, String> environment) {
        AddressRange addresses = parse("--sources", () -> AddressRange.parse(sources));
        PortRange ports = parse("--source-ports", () -> PortRange.parse(sourcePorts));
        if (peers < 0 || peers > addresses.size() * ports.size()) {
            throw new UsageException("invalid --peers " + peers + "; expected 0 to " + addresses.size() * ports.size()
                    + ", one source address and port pair per peer");
        }
        String secret = new String(psk.read(environment), StandardCharsets.UTF_8);
        List<InetAddress> list = addresses.addresses();
        int colon = management.lastIndexOf(':');
        if (colon <= 0) {
            throw new UsageException("invalid --management '" + management + "'; expected HOST:PORT");
        }

        StringBuilder text = new StringBuilder();
        text.append("# Node configuration for ikec loadtest. It contains the pre-shared key and the cluster secret,\n");
        text.append("# so keep it private.\n");
        text.append("ikec {\n");
        text.append("  listen { addresses = [").append(quote(listen)).append("], port = ").append(port)
                .append(", nat-port = ").append(natPort).append(" }\n");
        text.append("  management { address = ").append(quote(management.substring(0, colon))).append(", port = ")
                .append(management.substring(colon + 1)).append(" }\n");
        text.append("  # A random key for SPIs and cookies. To run several nodes as one cluster, give each this same\n");
        text.append("  # cluster-secret and an ikec.cluster section with seed-nodes, as deploy/examples/node1.conf does.\n");
        text.append("  cluster-secret = ").append(quote(randomClusterSecret())).append("\n");
        text.append("  connections {\n");
        text.append(connection("rw", "%any", null, 0));
        for (int peer = 1; peer <= peers; peer++) {
            int pair = peer - 1;
            String address = list.get(pair % list.size()).getHostAddress();
            int sourcePort = ports.first() + pair / list.size();
            text.append(connection("peer" + peer, idPattern.replace("%d", Integer.toString(peer)), address, sourcePort));
        }
        text.append("  }\n");
        text.append("  secrets { loadtest { id = \"%any\", secret = ").append(quote(secret)).append(" } }\n");
        text.append("}\n");
        return text.toString();
    }

    private String connection(String name, String remoteId, String remoteAddress, int remotePort) {
        StringBuilder text = new StringBuilder();
        text.append("    ").append(name).append(" {\n");
        text.append("      proposals = [").append(quote(proposal)).append("]\n");
        if (remoteAddress != null) {
            text.append("      remote_addrs = [").append(quote(remoteAddress)).append("], remote_port = ")
                    .append(remotePort).append("\n");
        }
        text.append("      local { auth = psk, id = ").append(quote(gatewayId)).append(" }\n");
        text.append("      remote { auth = psk, id = ").append(quote(remoteId)).append(" }\n");
        text.append("      dpd_delay = 0s\n");
        String everything = listen.contains(":") ? "::/0" : "0.0.0.0/0";
        text.append("      children { net { local_ts = [").append(quote(everything))
                .append("], remote_ts = [\"dynamic\"], esp_proposals = [")
                .append(quote(espProposal)).append("] } }\n");
        text.append("    }\n");
        return text.toString();
    }

    /** Returns 32 random bytes as {@code 0x} and 64 hex digits, the form {@code ikec.cluster-secret} takes. */
    private static String randomClusterSecret() {
        byte[] secret = new byte[CLUSTER_SECRET_BYTES];
        new SecureRandom().nextBytes(secret);
        return "0x" + HexFormat.of().formatHex(secret);
    }

    private static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static <T> T parse(String option, java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new UsageException("invalid " + option + ": " + e.getMessage());
        }
    }
}
