package org.ikec.node.mgmt;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The node's management API over HTTP with JSON bodies:
 * {@code GET /health}; {@code GET /sas} and {@code GET /cluster/sas} with the {@link SaFilter}
 * parameters; {@code GET /sas/{id}}, {@code DELETE /sas/{id}} and {@code POST /sas/{id}/rekey}
 * for an IKE SA anywhere in the cluster; {@code DELETE /cluster/sas} with filters;
 * {@code POST /connections/{name}/initiate}; {@code POST /reload} and {@code POST /cluster/reload};
 * {@code GET /log-level} and {@code POST /log-level?subsystem=ike&level=debug} for this node;
 * {@code GET /cluster/members}, {@code GET /cluster/shards}, {@code GET /cluster/pools} and
 * {@code POST /cluster/leave}.
 * Errors are 4xx or 5xx with {@code {"error": "..."}}: 400 for an invalid request, 404 for an
 * unknown IKE SA, CHILD SA or connection, 409 when the node rejects the change, 503 when a node
 * did not reply. Nothing it returns carries key material, because the snapshots have none.
 */
public final class ManagementServer implements AutoCloseable {

    static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Pattern SA_PATH = Pattern.compile("/sas/(.*)");
    private static final Pattern REKEY_PATH = Pattern.compile("/sas/([^/]*)/rekey");
    private static final Pattern INITIATE_PATH = Pattern.compile("/connections/(.*)/initiate");
    private static final String API_PATHS = "/health, /sas, /sas/{id}, /sas/{id}/rekey, /connections/{name}/initiate, "
            + "/reload, /log-level, /cluster/sas, /cluster/members, /cluster/shards, /cluster/pools, /cluster/reload"
            + " and /cluster/leave";

    private final HttpServer server;
    private final ExecutorService executor;
    private final ManagementBackend backend;
    private final OperatorRequests operator;
    private final ObjectMapper json = Json.mapper();
    private final Logger log;

    private ManagementServer(HttpServer server, ExecutorService executor, ManagementBackend backend, Logger log) {
        this.server = server;
        this.executor = executor;
        this.backend = backend;
        this.log = log;
        this.operator = new OperatorRequests(backend, log);
    }

    /** Binds {@code address} (port 0 picks a free port) and starts serving. */
    public static ManagementServer start(InetSocketAddress address, ManagementBackend backend, Logger log)
            throws IOException {
        HttpServer server;
        try {
            server = HttpServer.create(address, 16);
        } catch (IOException e) {
            throw new IOException("cannot bind the management interface to " + address.getAddress().getHostAddress()
                    + ":" + address.getPort() + ": " + e.getMessage()
                    + "; choose another address with --mgmt HOST:PORT", e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "management-http");
            thread.setDaemon(true);
            return thread;
        });
        ManagementServer management = new ManagementServer(server, executor, backend, log);
        server.createContext("/", management::handle);
        server.setExecutor(executor);
        server.start();
        return management;
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Response response = respond(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestURI().getRawQuery());
            send(exchange, response);
        } catch (RuntimeException e) {
            log.warn("management request {} {} failed: {}", exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(), e.toString());
            send(exchange, Response.error(500, "internal error: " + e.getMessage()));
        }
    }

    Response respond(String method, String path, String query) {
        if (path.equals("/health")) {
            return method.equals("GET") ? Response.ok(backend.health()) : Response.methodNotAllowed(method, path, "GET");
        }
        if (path.equals("/sas")) {
            return method.equals("GET")
                    ? call(() -> operator.listSas(query))
                    : Response.methodNotAllowed(method, path, "GET");
        }

        if (path.equals("/cluster/sas")) {
            if (method.equals("GET")) {
                return call(() -> operator.listClusterSas(query));
            }
            return method.equals("DELETE")
                    ? call(() -> operator.terminateMatching(query))
                    : Response.methodNotAllowed(method, path, "GET, DELETE");
        }
        if (path.equals("/cluster/shards")) {
            return method.equals("GET")
                    ? call(() -> Response.ok(OperatorRequests.await(backend.shards(CALL_TIMEOUT), CALL_TIMEOUT)))
                    : Response.methodNotAllowed(method, path, "GET");
        }
        if (path.equals("/cluster/pools")) {
            return method.equals("GET")
                    ? call(() -> Response.ok(OperatorRequests.await(backend.pools(CALL_TIMEOUT), CALL_TIMEOUT)))
                    : Response.methodNotAllowed(method, path, "GET");
        }
        if (path.equals("/log-level")) {
            return method.equals("GET") || method.equals("POST")
                    ? call(() -> operator.logLevel(method, query))
                    : Response.methodNotAllowed(method, path, "GET, POST");
        }
        if (path.equals("/reload")) {
            return method.equals("POST") ? call(operator::reload) : Response.methodNotAllowed(method, path, "POST");
        }
        if (path.equals("/cluster/reload")) {
            return method.equals("POST")
                    ? call(operator::reloadCluster)
                    : Response.methodNotAllowed(method, path, "POST");
        }
        if (path.equals("/cluster/members")) {
            return method.equals("GET")
                    ? call(() -> Response.ok(backend.members(CALL_TIMEOUT).toCompletableFuture()
                            .get(timeoutMillis(), TimeUnit.MILLISECONDS)))
                    : Response.methodNotAllowed(method, path, "GET");
        }
        if (path.equals("/cluster/leave")) {
            if (!method.equals("POST")) {
                return Response.methodNotAllowed(method, path, "POST");
            }
            return call(() -> {
                backend.leave();
                log.info("management: this node is leaving the cluster");
                return Response.ok(Map.of("leaving", true));
            });
        }

        Matcher rekey = REKEY_PATH.matcher(path);
        if (rekey.matches()) {
            return method.equals("POST")
                    ? call(() -> operator.rekey(rekey.group(1), query))
                    : Response.methodNotAllowed(method, path, "POST");
        }

        Matcher sa = SA_PATH.matcher(path);
        if (sa.matches()) {
            if (!NAME.matcher(sa.group(1)).matches()) {
                return Response.error(400, "invalid path '" + path + "'; use /sas/{id} with the id that GET /sas lists");
            }
            if (method.equals("GET")) {
                return call(() -> operator.show(sa.group(1)));
            }
            return method.equals("DELETE")
                    ? terminate(sa.group(1))
                    : Response.methodNotAllowed(method, path, "GET, DELETE");
        }

        Matcher initiate = INITIATE_PATH.matcher(path);
        if (initiate.matches()) {
            if (!NAME.matcher(initiate.group(1)).matches()) {
                return Response.error(400, "invalid path '" + path + "'; use /connections/{name}/initiate"
                        + " with a configured connection name");
            }
            return method.equals("POST") ? initiate(initiate.group(1)) : Response.methodNotAllowed(method, path, "POST");
        }

        if (path.startsWith("/sas/") || path.startsWith("/connections/")) {
            return Response.error(400, "invalid path '" + path + "'; the API has " + API_PATHS);
        }
        return Response.error(404, "unknown path '" + path + "'; the API has " + API_PATHS);
    }

    private Response terminate(String saId) {
        return call(() -> {
            boolean terminated = backend.terminate(saId, CALL_TIMEOUT).toCompletableFuture()
                    .get(timeoutMillis(), TimeUnit.MILLISECONDS);
            if (!terminated) {
                return Response.error(404, "no IKE SA with id '" + saId + "'");
            }
            log.info("management: terminating IKE SA {}", saId);
            return Response.ok(Map.of("terminated", saId));
        });
    }

    private Response initiate(String connection) {
        return call(() -> {
            String saId = backend.initiate(connection, CALL_TIMEOUT).toCompletableFuture()
                    .get(timeoutMillis(), TimeUnit.MILLISECONDS);
            log.info("management: initiated connection {} as IKE SA {}", connection, saId);
            return Response.ok(Map.of("connection", connection, "id", saId));
        });
    }

    private interface Call {
        Response run() throws Exception;
    }

    /** Runs a backend call and turns its failure into the matching HTTP status. */
    private Response call(Call call) {
        try {
            return call.run();
        } catch (TimeoutException e) {
            return Response.error(503, "a cluster node did not reply within " + CALL_TIMEOUT.toSeconds()
                    + "s; check 'ikec ctl members' for unreachable nodes");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Response.error(503, "the node is shutting down");
        } catch (SaFilter.InvalidFilterException e) {
            return Response.error(400, e.getMessage());
        } catch (Exception e) {
            Throwable cause = e instanceof ExecutionException || e instanceof CompletionException ? e.getCause() : e;
            if (cause instanceof ManagementBackend.UnknownConnectionException) {
                return Response.error(404, cause.getMessage());
            }
            if (cause instanceof UnsupportedOperationException) {
                return Response.error(501, "not supported: " + cause.getMessage());
            }
            log.warn("management call failed: {}", cause.toString());
            return Response.error(500, "failed: " + cause.getMessage());
        }
    }

    private static long timeoutMillis() {
        return CALL_TIMEOUT.toMillis() + 500;
    }

    private void send(HttpExchange exchange, Response response) throws IOException {
        byte[] body = json.writeValueAsBytes(response.body());
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if (response.allow() != null) {
            exchange.getResponseHeaders().set("Allow", response.allow());
        }
        exchange.sendResponseHeaders(response.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Stops accepting requests and waits up to a second for those in flight. */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
    }
}
