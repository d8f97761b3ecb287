package org.ikec.node;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import org.ikec.node.config.ConfigError;
import org.ikec.node.config.ConfigLoader;
import org.ikec.node.config.NodeConfig;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code ikec} command line: {@code node} runs a node with the roles its configuration lists,
 * {@code gateway} runs a node with the gateway role only, {@code ctl} talks to a running node's
 * management interface. Exit status 0 on success, 1 when a ctl request fails,
 * 2 for a usage or configuration error.
 */
@Command(name = "ikec", mixinStandardHelpOptions = true, version = "ikec 0.1.0",
        description = "Clustered IKEv2 concentrator.",
        subcommands = {Main.NodeCommand.class, Main.GatewayCommand.class, CtlCommands.CtlCommand.class})
public final class Main {

    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = UsageErrorHandler.EXIT_USAGE;
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
        commandLine.setParameterExceptionHandler(new UsageErrorHandler());
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
            ConfigLoader.Overrides overrides = new ConfigLoader.Overrides(listen, port, natPort, management);
            Supplier<NodeConfig> load = () -> config == null
                    ? ConfigLoader.loadDefault(overrides) : ConfigLoader.loadFile(config, overrides);
            NodeConfig nodeConfig;
            try {
                nodeConfig = load.get();
            } catch (ConfigError e) {
                err.println("ikec: configuration error: " + e.getMessage());
                return EXIT_USAGE;
            }

            return runUntilStopped(nodeConfig, load, err);
        }
    }

    /**
     * Starts the node, waits until its actor system terminates, and returns the exit status.
     * {@code reread} loads the configuration file again for a reload.
     */
    static int runUntilStopped(NodeConfig nodeConfig, Supplier<NodeConfig> reread, PrintWriter err) {
        NodeRuntime runtime;
        try {
            runtime = NodeRuntime.start(nodeConfig, reread, System.out);
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

            NodeConfig started = nodeConfig;
            return runUntilStopped(nodeConfig, () -> started, err);
        }
    }
}
