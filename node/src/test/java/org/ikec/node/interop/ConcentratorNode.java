package org.ikec.node.interop;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The concentrator node under test, started as {@code org.ikec.node.Main node --config FILE}
 * in a lab namespace with the test JVM's own class path. Its management CLI
 * ({@code Main ctl --mgmt 127.0.0.1:PORT ...}) runs in the same namespace because the
 * management API listens on that namespace's loopback.
 */
final class ConcentratorNode implements AutoCloseable {

    static final String MAIN_CLASS = "org.ikec.node.Main";
    static final String READY_PREFIX = "ikec node ready:";
    static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    static final Duration CTL_TIMEOUT = Duration.ofSeconds(30);
    /** The Prometheus port of {@code ikec.metrics} in the reference configuration. */
    static final int METRICS_PORT = 9095;

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final NetworkLab lab;
    private final String namespace;
    private final NodeConfig config;
    private final Path configFile;
    private final LabProcess process;

    private ConcentratorNode(NetworkLab lab, String namespace, NodeConfig config, Path configFile,
                             LabProcess process) {
        this.lab = lab;
        this.namespace = namespace;
        this.config = config;
        this.configFile = configFile;
        this.process = process;
    }

    /**
     * Writes {@code config} to {@code node/ikec.conf} in the lab directory, starts the node and
     * waits up to {@link #READY_TIMEOUT} for its ready line. Throws with the node's output when
     * the node exits or does not get ready in time.
     */
    static ConcentratorNode start(NetworkLab lab, String namespace, NodeConfig config) {
        return start(lab, namespace, "node", config);
    }

    /**
     * Starts a node like {@link #start(NetworkLab, String, NodeConfig)}, with its configuration in
     * {@code <name>/ikec.conf} and its output in {@code <name>.out}, so several nodes can share a lab.
     */
    static ConcentratorNode start(NetworkLab lab, String namespace, String name, NodeConfig config) {
        Path dir = lab.workDir().resolve(name);
        Path configFile = dir.resolve("ikec.conf");
        try {
            Files.createDirectories(dir);
            Files.writeString(configFile, config.render());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write node configuration " + configFile, e);
        }

        List<String> command = javaCommand();
        command.addAll(List.of("node", "--config", configFile.toString()));
        LabProcess started = lab.start(namespace, name, command);
        ConcentratorNode node = new ConcentratorNode(lab, namespace, config, configFile, started);

        Waits.until("the node to print '" + READY_PREFIX + "'", READY_TIMEOUT, () -> {
            if (!started.isAlive()) {
                throw new AssertionError("the node exited with code " + started.process().exitValue()
                        + " before it was ready\n" + node.outputWithHeader());
            }
            return node.output().lines().anyMatch(line -> line.startsWith(READY_PREFIX))
                    ? Optional.of(true) : Optional.empty();
        }, node::outputWithHeader);
        return node;
    }

    private static List<String> javaCommand() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ArrayList<>(List.of(java, "--add-opens", "java.base/sun.security.ssl=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), MAIN_CLASS));
    }

    NodeConfig config() {
        return config;
    }

    /** Returns whether the node process is still running. */
    boolean isAlive() {
        return process.isAlive();
    }

    /** Lists the node's IKE SAs through {@code ctl list --json}. */
    List<NodeSa> listSas() {
        String output = ctl("list", "--json").output();
        return parseSaList(output);
    }

    /** Parses the JSON array that {@code ctl list --json} prints. */
    static List<NodeSa> parseSaList(String json) {
        try {
            return JSON.readValue(json.strip(), new TypeReference<List<NodeSa>>() {
            });
        } catch (JsonProcessingException e) {
            throw new AssertionError("ctl list --json did not print a JSON array of SAs: " + e.getOriginalMessage()
                    + "\n" + json, e);
        }
    }

    /** Lists the IKE SAs of every cluster member through {@code ctl list --cluster --json}. */
    List<ClusterSa> listClusterSas() {
        String output = ctl("list", "--cluster", "--json").output();
        try {
            return JSON.readValue(output.strip(), new TypeReference<List<ClusterSa>>() {
            });
        } catch (JsonProcessingException e) {
            throw new AssertionError("ctl list --cluster --json did not print a JSON array of SAs: "
                    + e.getOriginalMessage() + "\n" + output, e);
        }
    }

    /**
     * Returns the value of one series of the node's Prometheus endpoint, such as
     * {@code ikec_radius_rejects_total{server="127.0.0.1:1812"}}, or empty when it is not listed.
     * The endpoint listens on the port of {@code ikec.metrics} in the reference configuration.
     */
    Optional<Double> metric(String series) {
        CommandResult result = lab.exec(namespace, List.of("curl", "-s", "http://127.0.0.1:" + METRICS_PORT + "/metrics"),
                CTL_TIMEOUT);
        for (String line : result.output().split("\n")) {
            if (line.startsWith(series + " ")) {
                return Optional.of(Double.parseDouble(line.substring(series.length() + 1).trim()));
            }
        }
        return Optional.empty();
    }

    /** Returns the JSON array of pool counts that {@code ctl pools --json} prints. */
    String poolsJson() {
        return ctl("pools", "--json").output().strip();
    }

    /**
     * Writes {@code next} over the node's configuration file and applies it with {@code ctl reload};
     * returns what ctl printed. The management endpoint stays the one the node started with.
     */
    String reload(NodeConfig next) {
        try {
            Files.writeString(configFile, next.render());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write node configuration " + configFile, e);
        }
        return ctl("reload").output();
    }

    /** Deletes the IKE SA with this id through {@code ctl terminate}. */
    void terminate(String id) {
        ctl("terminate", id);
    }

    /** Starts a configured connection through {@code ctl initiate}; returns what ctl printed. */
    String initiate(String connection) {
        return ctl("initiate", connection).output().trim();
    }

    private CommandResult ctl(String... arguments) {
        List<String> command = javaCommand();
        command.addAll(List.of("ctl", "--mgmt", config.managementEndpoint()));
        command.addAll(List.of(arguments));

        CommandResult result = lab.exec(namespace, command, CTL_TIMEOUT);
        if (!result.succeeded()) {
            throw new AssertionError("ctl " + String.join(" ", arguments) + " failed with exit code "
                    + result.exitCode() + "\n" + result.output() + "\n" + outputWithHeader());
        }
        return result;
    }

    /** Returns what the node printed so far. */
    String output() {
        try {
            return Files.exists(process.outputFile()) ? Files.readString(process.outputFile()) : "";
        } catch (IOException e) {
            return "(" + process.outputFile() + " could not be read: " + e.getMessage() + ")";
        }
    }

    /** Returns the node's output headed by the path of the file that contains it. */
    String outputWithHeader() {
        return "--- node output, " + process.outputFile() + " ---\n" + output();
    }

    /** Stops the node by its PID: SIGTERM, then SIGKILL after {@link NetworkLab#STOP_TIMEOUT}. */
    @Override
    public void close() {
        lab.stop(process);
    }
}
