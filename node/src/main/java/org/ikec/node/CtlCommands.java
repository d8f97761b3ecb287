package org.ikec.node;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.ikec.node.ctl.CtlException;
import org.ikec.node.ctl.HealthFormatter;
import org.ikec.node.ctl.ManagementClient;
import org.ikec.node.ctl.MembersFormatter;
import org.ikec.node.ctl.PoolsFormatter;
import org.ikec.node.ctl.ReloadFormatter;
import org.ikec.node.ctl.SaDetailFormatter;
import org.ikec.node.ctl.SaTableFormatter;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The {@code ikec ctl} subcommands: each sends one request to a node's management interface and
 * prints the result, or the one-line error with exit status 1, or 2 for an invalid request.
 */
final class CtlCommands {

    private CtlCommands() {
    }

    @Command(name = "ctl", mixinStandardHelpOptions = true,
            description = "Queries or controls a running node through its management interface.",
            subcommands = {ListCommand.class, ShowCommand.class, TerminateCommand.class, InitiateCommand.class,
                    RekeyCommand.class, ReloadCommand.class, LogLevelCommand.class, HealthCommand.class,
                    MembersCommand.class,
                    ShardsCommand.class, PoolsCommand.class, LeaveCommand.class})
    static final class CtlCommand {

        @Option(names = "--mgmt", paramLabel = "HOST:PORT", defaultValue = Main.DEFAULT_MANAGEMENT,
                description = "management address of the node (default ${DEFAULT-VALUE})", scope = CommandLine.ScopeType.INHERIT)
        String management;
    }

    /** Shared body of the ctl subcommands: run the request, print its result or the one-line error. */
    abstract static class CtlSubcommand implements Callable<Integer> {

        @CommandLine.ParentCommand
        CtlCommand ctl;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try {
                spec.commandLine().getOut().print(run(new ManagementClient(ctl.management)));
                spec.commandLine().getOut().flush();
                return 0;
            } catch (CtlException e) {
                spec.commandLine().getErr().println("ikec ctl: " + e.getMessage());
                return e.invalidRequest() ? Main.EXIT_USAGE : Main.EXIT_FAILED;
            }
        }

        abstract String run(ManagementClient client) throws CtlException;
    }

    /** The options that select IKE SAs by their peer, as {@code list} and {@code terminate} take them. */
    static final class PeerFilters {

        @Option(names = "--peer", paramLabel = "ADDR", description = "only IKE SAs with this remote IP address")
        String peer;

        @Option(names = "--id", paramLabel = "IDENTITY",
                description = "only IKE SAs whose remote identity matches; '*' matches any text, '?' one character")
        String remoteId;

        Map<String, String> add(Map<String, String> filters) {
            if (peer != null) {
                filters.put("peer", peer);
            }
            if (remoteId != null) {
                filters.put("id", remoteId);
            }
            return filters;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists IKE SAs with their CHILD SAs.")
    static final class ListCommand extends CtlSubcommand {

        @Option(names = "--json", description = "print the JSON the node returns")
        boolean json;

        @Option(names = "--cluster", description = "list the IKE SAs of every cluster member, not only this node's")
        boolean cluster;

        @CommandLine.Mixin
        PeerFilters peerFilters;

        @Option(names = "--connection", paramLabel = "NAME", description = "only IKE SAs of this connection")
        String connection;

        @Option(names = "--node", paramLabel = "ADDRESS",
                description = "only IKE SAs on this cluster node, given as HOST:PORT or HOST")
        String node;

        @Override
        String run(ManagementClient client) throws CtlException {
            Map<String, String> filters = peerFilters.add(new HashMap<>());
            if (connection != null) {
                filters.put("connection", connection);
            }
            if (node != null) {
                filters.put("node", node);
            }

            String sas = cluster ? client.rawClusterSas(filters) : client.rawSas(filters);
            if (json) {
                return sas + "\n";
            }
            return SaTableFormatter.format(client.readSasText(sas), Instant.now());
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Shows one IKE SA, on any cluster node, with its CHILD SAs and when each rekeys.")
    static final class ShowCommand extends CtlSubcommand {

        @Parameters(paramLabel = "ID", description = "IKE SA id, as 'ctl list' shows it")
        String id;

        @Option(names = "--json", description = "print the JSON the node returns")
        boolean json;

        @Override
        String run(ManagementClient client) throws CtlException {
            JsonNode detail = client.show(id);
            if (json) {
                return detail + "\n";
            }
            return SaDetailFormatter.format(client.readDetail(detail), Instant.now());
        }
    }

    @Command(name = "terminate", mixinStandardHelpOptions = true,
            description = "Deletes an IKE SA and its CHILD SAs, or every IKE SA of a peer across the cluster.")
    static final class TerminateCommand extends CtlSubcommand {

        @Parameters(paramLabel = "ID", arity = "0..1", description = "IKE SA id, as 'ctl list' shows it")
        String id;

        @CommandLine.Mixin
        PeerFilters peerFilters;

        @Override
        String run(ManagementClient client) throws CtlException {
            Map<String, String> filters = peerFilters.add(new HashMap<>());
            if (id != null && !filters.isEmpty() || id == null && filters.isEmpty()) {
                throw new CtlException("give either an IKE SA id or --peer and/or --id", true);
            }
            if (id != null) {
                client.terminate(id);
                return "terminated IKE SA " + id + "\n";
            }

            JsonNode reply = client.terminateMatching(filters);
            return "terminated " + reply.path("terminated").asInt() + " IKE SAs\n";
        }
    }

    @Command(name = "rekey", mixinStandardHelpOptions = true,
            description = "Rekeys an IKE SA (the default) or one of its CHILD SAs now and waits for the result.")
    static final class RekeyCommand extends CtlSubcommand {

        @Parameters(paramLabel = "ID", description = "IKE SA id, as 'ctl list' shows it")
        String id;

        @Option(names = "--child", paramLabel = "SPI",
                description = "rekey the CHILD SA with this inbound or outbound SPI (8 hex digits)")
        String child;

        @Option(names = "--ike", description = "rekey the IKE SA itself (the default)")
        boolean ike;

        @Override
        String run(ManagementClient client) throws CtlException {
            if (child != null && ike) {
                throw new CtlException("give either --child SPI or --ike, not both", true);
            }

            JsonNode reply = client.rekey(id, child);
            if (child == null) {
                return "rekeyed IKE SA " + id + ", successor " + reply.path("successorId").asText() + "\n";
            }
            return "rekeyed CHILD SA " + reply.path("child").asText() + " of IKE SA " + id + ": SPIs "
                    + reply.path("oldSpiIn").asText() + "_i " + reply.path("oldSpiOut").asText() + "_o replaced by "
                    + reply.path("spiIn").asText() + "_i " + reply.path("spiOut").asText() + "_o\n";
        }
    }

    @Command(name = "reload", mixinStandardHelpOptions = true,
            description = "Rereads the configuration file and its secrets without a restart. New and changed"
                    + " connections and secrets apply to new IKE SAs; existing IKE SAs keep theirs until they end."
                    + " An IKE SA takes the settings of the node that hosts it, which need not be the node its peer"
                    + " sends to, so give every node the same change and use --cluster.")
    static final class ReloadCommand extends CtlSubcommand {

        @Option(names = "--cluster", description = "make every cluster member reread its own file")
        boolean cluster;

        @Override
        String run(ManagementClient client) throws CtlException {
            if (!cluster) {
                return ReloadFormatter.format(client.reload());
            }
            StringBuilder out = new StringBuilder();
            for (JsonNode result : client.reloadCluster()) {
                out.append(ReloadFormatter.format(result));
            }
            return out.toString();
        }
    }

    @Command(name = "log-level", mixinStandardHelpOptions = true,
            description = "Shows this node's log level per subsystem, or sets one until the next change or restart.")
    static final class LogLevelCommand extends CtlSubcommand {

        @Parameters(index = "0", arity = "0..1", paramLabel = "SUBSYSTEM",
                description = "ike, enc, net, cfg, cluster or snmp")
        String subsystem;

        @Parameters(index = "1", arity = "0..1", paramLabel = "LEVEL",
                description = "TRACE, DEBUG, INFO, WARN, ERROR or OFF")
        String level;

        @Override
        String run(ManagementClient client) throws CtlException {
            if (subsystem != null && level == null) {
                throw new CtlException("give both SUBSYSTEM and LEVEL, for example 'log-level ike debug',"
                        + " or neither to show the levels", true);
            }

            JsonNode levels = subsystem == null ? client.logLevels() : client.setLogLevel(subsystem, level);
            StringBuilder out = new StringBuilder();
            levels.fields().forEachRemaining(entry -> out.append(String.format("%-8s %s%n", entry.getKey(),
                    entry.getValue().asText())));
            return out.toString();
        }
    }

    @Command(name = "shards", mixinStandardHelpOptions = true,
            description = "Lists the IKE SA shards, entities and IKE SAs on every cluster node.")
    static final class ShardsCommand extends CtlSubcommand {

        @Override
        String run(ManagementClient client) throws CtlException {
            StringBuilder out = new StringBuilder(String.format("%-32s %7s %9s %8s%n", "node", "shards", "entities",
                    "IKE SAs"));
            int shards = 0;
            int entities = 0;
            int sas = 0;
            for (JsonNode node : client.shards()) {
                int nodeSas = node.path("ikeSas").asInt();
                out.append(String.format("%-32s %7d %9d %8s%n", node.path("node").asText(), node.path("shards").asInt(),
                        node.path("entities").asInt(), nodeSas < 0 ? "no reply" : Integer.toString(nodeSas)));
                shards += node.path("shards").asInt();
                entities += node.path("entities").asInt();
                sas += Math.max(nodeSas, 0);
            }
            out.append(String.format("%-32s %7d %9d %8d%n", "total", shards, entities, sas));
            return out.toString();
        }
    }

    @Command(name = "pools", mixinStandardHelpOptions = true,
            description = "Lists the virtual IP address pools with their size and the addresses leased and free"
                    + " cluster-wide, and how often a lease on this node found the pool full.")
    static final class PoolsCommand extends CtlSubcommand {

        @Option(names = "--json", description = "print the JSON the node returns")
        boolean json;

        @Override
        String run(ManagementClient client) throws CtlException {
            JsonNode pools = client.pools();
            if (json) {
                return pools + "\n";
            }
            return PoolsFormatter.format(pools);
        }
    }

    @Command(name = "initiate", mixinStandardHelpOptions = true, description = "Starts a configured connection as initiator.")
    static final class InitiateCommand extends CtlSubcommand {

        @Parameters(paramLabel = "CONNECTION", description = "connection name from the configuration")
        String connection;

        @Override
        String run(ManagementClient client) throws CtlException {
            JsonNode reply = client.initiate(connection);
            return "initiated " + connection + " as IKE SA " + reply.path("id").asText() + "\n";
        }
    }

    @Command(name = "members", mixinStandardHelpOptions = true,
            description = "Lists the cluster's members with their roles and the number of IKE SAs on each"
                    + " concentrator; '-' marks a gateway-only member, which has no IKE SAs.")
    static final class MembersCommand extends CtlSubcommand {

        @Option(names = "--json", description = "print the JSON the node returns")
        boolean json;

        @Override
        String run(ManagementClient client) throws CtlException {
            JsonNode members = client.members();
            if (json) {
                return members + "\n";
            }
            return MembersFormatter.format(members);
        }
    }

    @Command(name = "leave", mixinStandardHelpOptions = true,
            description = "Makes the node leave the cluster; its IKE SAs move to the other members, then it exits.")
    static final class LeaveCommand extends CtlSubcommand {

        @Override
        String run(ManagementClient client) throws CtlException {
            client.leave();
            return "the node is leaving the cluster\n";
        }
    }

    @Command(name = "health", mixinStandardHelpOptions = true, description = "Shows the node's state and UDP counters.")
    static final class HealthCommand extends CtlSubcommand {

        @Override
        String run(ManagementClient client) throws CtlException {
            return HealthFormatter.format(client.health());
        }
    }
}
