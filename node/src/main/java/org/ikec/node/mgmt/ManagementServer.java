package org.ikec.node.mgmt;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ikec.cluster.IkeCluster;
import org.ikec.cluster.RekeyResult;
import org.ikec.cluster.ReloadResult;
import org.ikec.cluster.SaDetail;
import org.ikec.cluster.SaSnapshot;
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
 * {@code GET /cluster/members}, {@code GET /cluster/shards} and {@code POST /cluster/leave}.
 * Errors are 4xx or 5xx with {@code {"error": "..."}}: 400 for an invalid request, 404 for an
 * unknown IKE SA, CHILD SA or connection, 409 when the node rejects the change, 503 when a node
 * did not reply. Nothing it returns carries key material, because the snapshots have none.
 */
public final class ManagementServer implements AutoCloseable {

    static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
    /** How long a rekey may take; below the 10 s that {@code ikec ctl} waits for a reply. */
    static final Duration REKEY_TIMEOUT = Duration.ofSeconds(8);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Pattern SA_PATH = Pattern.compile("/sas/(.*)");
    private static final Pattern REKEY_PATH = Pattern.compile("/sas/([^/]*)/rekey");
    private static final Pattern CHILD_SPI = Pattern.compile("[0-9a-fA-F]{8}");
    private static final Pattern INITIATE_PATH = Pattern.compile("/connections/(.*)/initiate");
    private static final String API_PATHS = "/health, /sas, /sas/{id}, /sas/{id}/rekey, /connections/{name}/initiate, "
            + "/reload, /cluster/sas, /cluster/members, /cluster/shards, /cluster/reload and /cluster/leave";

    private final HttpServer server;
    private final ExecutorService executor;
    private final ManagementBackend backend;
    private final ObjectMapper json = Json.mapper();
    private final Logger log;

    private ManagementServer(HttpServer server, ExecutorService executor, ManagementBackend backend, Logger log) {
        this.server = server;
        this.executor = executor;
        this.backend = backend;
        this.log = log;
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

    private record Response(int status, Object body, String allow) {

        static Response ok(Object body) {
            return new Response(200, body, null);
        }

        static Response error(int status, String message) {
            return new Response(status, Map.of("error", message), null);
        }

        /** An error that also carries the per-node results, as a cluster-wide reload returns. */
        static Response error(int status, String message, Object details) {
            return new Response(status, Map.of("error", message, "results", details), null);
        }

        static Response methodNotAllowed(String method, String path, String allowed) {
            return new Response(405, Map.of("error", "method " + method + " is not allowed on " + path
                    + "; use " + allowed), allowed);
        }
    }

    Response respond(String method, String path, String query) {
        if (path.equals("/health")) {
            return method.equals("GET") ? Response.ok(backend.health()) : Response.methodNotAllowed(method, path, "GET");
        }
        if (path.equals("/sas")) {
            return method.equals("GET")
                    ? call(() -> Response.ok(filtered(SaFilter.parse(query), backend.listSas(CALL_TIMEOUT))))
                    : Response.methodNotAllowed(method, path, "GET");
        }

        if (path.equals("/cluster/sas")) {
            if (method.equals("GET")) {
                return call(() -> Response.ok(filtered(SaFilter.parse(query), backend.listClusterSas(CALL_TIMEOUT))));
            }
            return method.equals("DELETE") ? terminateMatching(query) : Response.methodNotAllowed(method, path, "GET, DELETE");
        }
        if (path.equals("/cluster/shards")) {
            return method.equals("GET")
                    ? call(() -> Response.ok(await(backend.shards(CALL_TIMEOUT), CALL_TIMEOUT)))
                    : Response.methodNotAllowed(method, path, "GET");
        }
        if (path.equals("/reload")) {
            return method.equals("POST") ? reload() : Response.methodNotAllowed(method, path, "POST");
        }
        if (path.equals("/cluster/reload")) {
            return method.equals("POST") ? reloadCluster() : Response.methodNotAllowed(method, path, "POST");
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
            return method.equals("POST") ? rekey(rekey.group(1), query) : Response.methodNotAllowed(method, path, "POST");
        }

        Matcher sa = SA_PATH.matcher(path);
        if (sa.matches()) {
            if (!NAME.matcher(sa.group(1)).matches()) {
                return Response.error(400, "invalid path '" + path + "'; use /sas/{id} with the id that GET /sas lists");
            }
            if (method.equals("GET")) {
                return show(sa.group(1));
            }
            return method.equals("DELETE") ? terminate(sa.group(1)) : Response.methodNotAllowed(method, path, "GET, DELETE");
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

    private static List<SaSnapshot> filtered(SaFilter filter, CompletionStage<List<SaSnapshot>> sas) throws Exception {
        return await(sas, CALL_TIMEOUT).stream().filter(filter::matches).toList();
    }

    private static Response invalidSaId(String saId) {
        return Response.error(400, "invalid IKE SA id '" + saId + "': give the 16 hex digits that 'ikec ctl list' shows");
    }

    private Response show(String saId) {
        if (!IkeCluster.isSaId(saId)) {
            return invalidSaId(saId);
        }
        return call(() -> {
            Optional<SaDetail> detail = await(backend.describe(saId, CALL_TIMEOUT), CALL_TIMEOUT);
            return detail.isPresent() ? Response.ok(detail.get()) : Response.error(404, "no IKE SA with id '" + saId + "'");
        });
    }

    /** Deletes every IKE SA in the cluster that the filter selects; an empty filter is rejected. */
    private Response terminateMatching(String query) {
        return call(() -> {
            SaFilter filter = SaFilter.parse(query);
            if (filter.isEmpty()) {
                return Response.error(400, "give at least one filter (peer, id, connection or node) to select"
                        + " the IKE SAs to terminate");
            }

            List<SaSnapshot> matching = filtered(filter, backend.listClusterSas(CALL_TIMEOUT));
            List<String> terminated = new ArrayList<>();
            for (SaSnapshot sa : matching) {
                if (await(backend.terminate(sa.id(), CALL_TIMEOUT), CALL_TIMEOUT)) {
                    terminated.add(sa.id());
                }
            }

            log.info("management: terminating {} IKE SAs selected by {}: {}", terminated.size(),
                    URLDecoder.decode(query, StandardCharsets.UTF_8), terminated);
            return Response.ok(Map.of("terminated", terminated.size(), "ids", terminated));
        });
    }

    private Response rekey(String saId, String query) {
        if (!IkeCluster.isSaId(saId)) {
            return invalidSaId(saId);
        }
        Map<String, String> parameters;
        try {
            parameters = SaFilter.parameters(query);
        } catch (SaFilter.InvalidFilterException e) {
            return Response.error(400, e.getMessage());
        }
        String child = parameters.remove("child");
        boolean ike = parameters.containsKey("ike");
        parameters.remove("ike");
        if (!parameters.isEmpty()) {
            return Response.error(400, "unknown parameter '" + parameters.keySet().iterator().next()
                    + "'; use child=SPI or ike");
        }
        if (child != null && ike) {
            return Response.error(400, "give either child=SPI or ike, not both");
        }
        if (child != null && !CHILD_SPI.matcher(child).matches()) {
            return Response.error(400, "invalid CHILD SA SPI '" + child + "': give the 8 hex digits that"
                    + " 'ikec ctl show' lists");
        }

        Integer childSpi = child == null ? null : (int) Long.parseLong(child, 16);
        return call(() -> {
            RekeyResult result;
            try {
                result = await(backend.rekey(saId, childSpi, REKEY_TIMEOUT), REKEY_TIMEOUT);
            } catch (TimeoutException e) {
                return Response.error(503, "the rekey of IKE SA " + saId + " did not complete within "
                        + REKEY_TIMEOUT.toSeconds() + "s; it may still complete, check with 'ikec ctl show " + saId + "'");
            }
            return switch (result.status()) {
                case REKEYED -> {
                    log.info("management: rekeyed {} of IKE SA {}", child == null ? "the IKE SA" : "CHILD SA " + child,
                            saId);
                    yield Response.ok(result);
                }
                case NOT_FOUND -> Response.error(404, result.message());
                case FAILED -> Response.error(409, "rekey of IKE SA " + saId + " failed: " + result.message());
            };
        });
    }

    private Response reload() {
        return call(() -> {
            ReloadResult result = backend.reload();
            if (!result.applied()) {
                int status = result.error().startsWith("configuration error:") ? 400 : 409;
                return Response.error(status, result.error());
            }
            return Response.ok(result);
        });
    }

    private Response reloadCluster() {
        return call(() -> {
            List<ReloadResult> results = await(backend.reloadCluster(CALL_TIMEOUT), CALL_TIMEOUT);
            for (ReloadResult result : results) {
                if (!result.applied()) {
                    int status = result.error().startsWith("did not reply") ? 503 : 409;
                    return Response.error(status, "node " + result.node() + ": " + result.error(), results);
                }
            }
            return Response.ok(results);
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

    /** Waits for a backend stage a little longer than the ask inside it, so the ask's own timeout reports first. */
    private static <T> T await(CompletionStage<T> stage, Duration timeout) throws Exception {
        try {
            return stage.toCompletableFuture().get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TimeoutException timeoutException) {
                throw timeoutException;
            }
            throw e;
        }
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
