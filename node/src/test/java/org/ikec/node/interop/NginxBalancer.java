package org.ikec.node.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * nginx as a UDP load balancer in a lab namespace: it listens on one address, UDP 500 and 4500,
 * and hands each client's datagrams to one of the nodes by a consistent hash of the client's
 * address and port, as {@code deploy/cluster.sh} configures it. It runs with its own
 * configuration, PID file and error log in the lab directory and stays in the foreground
 * ({@code daemon off}), so the lab stops it by its PID.
 *
 * <p>The nodes see nginx's address, not the client's: {@code proxy_bind} sets the source to the
 * listen address. nginx keeps one session per client address and port and relays what the node
 * sends back to that address and port to the client.
 */
final class NginxBalancer implements AutoCloseable {

    static final Path STREAM_MODULE = Path.of("/usr/lib/nginx/modules/ngx_stream_module.so");
    static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final NetworkLab lab;
    private final Path dir;
    private final LabProcess process;

    private NginxBalancer(NetworkLab lab, Path dir, LabProcess process) {
        this.lab = lab;
        this.dir = dir;
        this.process = process;
    }

    /**
     * Starts nginx in {@code namespace} on {@code address} in front of {@code nodeAddresses} and
     * waits until it receives on UDP 500 and 4500.
     */
    static NginxBalancer start(NetworkLab lab, String namespace, String address, List<String> nodeAddresses) {
        Path dir = lab.workDir().resolve("nginx");
        Path config = dir.resolve("nginx.conf");
        try {
            Files.createDirectories(dir);
            Files.writeString(config, render(dir, address, nodeAddresses));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the nginx configuration " + config, e);
        }

        LabProcess started = lab.start(namespace, "nginx", List.of("nginx", "-p", dir.toString(),
                "-e", dir.resolve("error.log").toString(), "-c", config.toString()));
        NginxBalancer balancer = new NginxBalancer(lab, dir, started);

        Waits.until("nginx to listen on " + address + " UDP 500 and 4500", START_TIMEOUT, () -> {
            if (!started.isAlive()) {
                throw new AssertionError("nginx exited with code " + started.process().exitValue()
                        + "\n" + balancer.errorLog());
            }
            String sockets = lab.exec(namespace, "ss", "-u", "-l", "-n").orThrow().output();
            return sockets.contains(address + ":500 ") && sockets.contains(address + ":4500 ")
                    ? Optional.of(true) : Optional.empty();
        }, balancer::errorLog);
        return balancer;
    }

    static String render(Path dir, String address, List<String> nodeAddresses) {
        return """
                load_module %s;
                daemon off;
                worker_processes 1;
                pid %s;
                error_log %s notice;
                events { worker_connections 1024; }
                stream {
                    upstream ike {
                        hash $remote_addr$remote_port consistent;
                %s
                    }
                    upstream nat_t {
                        hash $remote_addr$remote_port consistent;
                %s
                    }
                    server { listen %s:500 udp; proxy_pass ike; proxy_bind %s; proxy_timeout 10m; }
                    server { listen %s:4500 udp; proxy_pass nat_t; proxy_bind %s; proxy_timeout 10m; }
                }
                """.formatted(STREAM_MODULE, dir.resolve("nginx.pid"), dir.resolve("error.log"),
                servers(nodeAddresses, 500), servers(nodeAddresses, 4500), address, address, address, address);
    }

    private static String servers(List<String> nodeAddresses, int port) {
        return nodeAddresses.stream()
                .map(node -> "        server " + node + ":" + port + ";")
                .collect(Collectors.joining("\n"));
    }

    /** Returns nginx's error log headed by its path. */
    String errorLog() {
        Path log = dir.resolve("error.log");
        try {
            String text = Files.exists(log) ? Files.readString(log) : "(does not exist)";
            return "--- " + log + " ---\n" + text + "\n--- " + process.outputFile() + " ---\n"
                    + (Files.exists(process.outputFile()) ? Files.readString(process.outputFile()) : "");
        } catch (IOException e) {
            return "(" + log + " could not be read: " + e.getMessage() + ")";
        }
    }

    /** Stops nginx by its master's PID; SIGTERM makes nginx stop at once. */
    @Override
    public void close() {
        lab.stop(process);
    }
}
