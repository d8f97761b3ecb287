package org.ikec.node;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

import org.ikec.node.config.ConfigError;
import org.ikec.node.config.ConfigLoader;
import org.ikec.node.config.NodeConfig;
import org.ikec.node.ctl.CtlException;
import org.ikec.node.ctl.HealthFormatter;
import org.ikec.node.ctl.ManagementClient;
import org.ikec.node.ctl.SaTableFormatter;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The {@code ikec} command line: {@code node} runs a node with the roles its configuration lists,
 * {@code gateway} runs a node with the gateway role only, {@code ctl} talks to a running node's
 * management interface. Exit status 0 on success, 1 when a ctl request fails,
 * 2 for a usage or configuration error.
 */
@Command(name = "ikec", mixinStandardHelpOptions = true, version = "ikec 0.1.0",
        description = "Clustered IKEv2 concentrator.",
        subcommands = {Main.NodeCommand.class, Main.GatewayCommand.class, Main.CtlCommand.class})
public final class Main {

    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;
    static final String DEFAULT_MANAGEMENT = "127.0.0.1:7500";

    public static void main(String[] args) {
        int status;
        try {
            status = run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        } catch (Throwable e) {
            // An Error (such as a class-path conflict) escapes picocli; exit anyway, because
            // actor system threads that already started would keep the JVM alive.
            System.err.println("ikec: failed: " + e);
            e.printStackTrace();
            status = EXIT_FAILED;
        }
        System.exit(status);
    }

    /** Runs the command line with the given output streams and returns the exit status. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setOut(out);
        commandLine.setErr(err);
        return commandLine.execute(args);
    }

    @Command(name = "node", mixinStandardHelpOptions = true,
            description = "Runs a concentrator node until SIGTERM or Ctrl-C. Without --config it uses a"
                    + " built-in demo configuration on 127.0.0.1.")
    static final class NodeCommand implements Callable<Integer> {

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--config", paramLabel = "FILE", description = "HOCON configuration file")
        Path config;

        @Option(names = "--listen", paramLabel = "ADDR",
                description = "IP address to listen on for IKE; repeat for several (default 127.0.0.1)")
        List<String> listen;

        @Option(names = "--port", paramLabel = "N", description = "UDP port for IKE, 0 for a free port (default 500)")
        Integer port;

        @Option(names = "--nat-port", paramLabel = "N",
                description = "UDP port for NAT-T, 0 for a free port (default 4500)")
        Integer natPort;

        @Option(names = "--mgmt", paramLabel = "HOST:PORT",
                description = "management HTTP address (default " + DEFAULT_MANAGEMENT + ")")
        String management;

        @Override
        public Integer call() throws Exception {
            PrintWriter err = spec.commandLine().getErr();
            NodeConfig nodeConfig;
            try {
                ConfigLoader.Overrides overrides = new ConfigLoader.Overrides(listen, port, natPort, management);
                nodeConfig = config == null ? ConfigLoader.loadDefault(overrides) : ConfigLoader.loadFile(config, overrides);
            } catch (ConfigError e) {
                err.println("ikec: configuration error: " + e.getMessage());
                return EXIT_USAGE;
            }

            return runUntilStopped(nodeConfig, err);
        }
    }

    /** Starts the node, waits until its actor system terminates, and returns the exit status. */
    static int runUntilStopped(NodeConfig nodeConfig, PrintWriter err) {
        NodeRuntime runtime;
        try {
            runtime = NodeRuntime.start(nodeConfig, System.out);
        } catch (java.io.IOException | java.util.concurrent.TimeoutException e) {
            err.println("ikec: cannot start the node: " + e.getMessage());
            return EXIT_FAILED;
        }

        runtime.system().getWhenTerminated().toCompletableFuture().join();
        return 0;
    }

    @Command(name = "gateway", mixinStandardHelpOptions = true,
            description = "Runs a node with the gateway role only, until SIGTERM or Ctrl-C: it joins the cluster,"
                    + " follows every node's IKE SAs and serves them over SNMP (ikec.snmp) while it is the"
                    + " oldest gateway-role member. It binds no IKE sockets and hosts no IKE SAs.")
    static final class GatewayCommand implements Callable<Integer> {

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--config", paramLabel = "FILE", required = true,
                description = "HOCON configuration file; its ikec.roles is replaced by [gateway]")
        Path config;

        @Option(names = "--mgmt", paramLabel = "HOST:PORT",
                description = "management HTTP address (default " + DEFAULT_MANAGEMENT + ")")
        String management;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            NodeConfig nodeConfig;
            try {
                nodeConfig = ConfigLoader.loadFile(config,
                        new ConfigLoader.Overrides(List.of(), null, null, management, List.of("gateway")));
            } catch (ConfigError e) {
                err.println("ikec: configuration error: " + e.getMessage());
                return EXIT_USAGE;
            }

            return runUntilStopped(nodeConfig, err);
        }
    }

    @Command(name = "ctl", mixinStandardHelpOptions = true,
            description = "Queries or controls a running node through its management interface.",
            subcommands = {ListCommand.class, TerminateCommand.class, InitiateCommand.class, HealthCommand.class,
                    MembersCommand.class, LeaveCommand.class})
    static final class CtlCommand {

        @Option(names = "--mgmt", paramLabel = "HOST:PORT", defaultValue = DEFAULT_MANAGEMENT,
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
                return EXIT_FAILED;
            }
        }

        abstract String run(ManagementClient client) throws CtlException;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists IKE SAs with their CHILD SAs.")
    static final class ListCommand extends CtlSubcommand {

        @Option(names = "--json", description = "print the JSON the node returns")
        boolean json;

        @Option(names = "--cluster", description = "list the IKE SAs of every cluster member, not only this node's")
        boolean cluster;

        @Override
        String run(ManagementClient client) throws CtlException {
            if (json) {
                return (cluster ? client.rawClusterSas() : client.rawSas()) + "\n";
            }
            return SaTableFormatter.format(cluster ? client.listClusterSas() : client.listSas(), Instant.now());
        }
    }

    @Command(name = "terminate", mixinStandardHelpOptions = true, description = "Deletes an IKE SA and its CHILD SAs.")
    static final class TerminateCommand extends CtlSubcommand {

        @Parameters(paramLabel = "ID", description = "IKE SA id, as 'ctl list' shows it")
        String id;

        @Override
        String run(ManagementClient client) throws CtlException {
            client.terminate(id);
            return "terminated IKE SA " + id + "\n";
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
            description = "Lists the cluster's members and the IKE SAs each holds.")
    static final class MembersCommand extends CtlSubcommand {

        @Override
        String run(ManagementClient client) throws CtlException {
            StringBuilder out = new StringBuilder(String.format("%-40s %-8s %8s%n", "member", "status", "IKE SAs"));
            for (JsonNode member : client.members()) {
                int sas = member.path("ikeSas").asInt();
                out.append(String.format("%-40s %-8s %8s%s%n", member.path("address").asText(),
                        member.path("status").asText(), sas < 0 ? "?" : Integer.toString(sas),
                        member.path("self").asBoolean() ? "  (this node)" : ""));
            }
            return out.toString();
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
