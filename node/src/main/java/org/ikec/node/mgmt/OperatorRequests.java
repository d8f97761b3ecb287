package org.ikec.node.mgmt;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import org.ikec.cluster.IkeCluster;
import org.ikec.cluster.RekeyResult;
import org.ikec.cluster.ReloadResult;
import org.ikec.cluster.SaDetail;
import org.ikec.cluster.SaSnapshot;
import org.slf4j.Logger;

/**
 * The management requests that act on IKE SAs anywhere in the cluster, or on the configuration:
 * filtered lists, show, terminate by filter, rekey and reload. Each returns the response to send.
 * A failure of the backend is raised for {@link ManagementServer} to map to its HTTP status.
 */
final class OperatorRequests {

    static final Duration CALL_TIMEOUT = ManagementServer.CALL_TIMEOUT;
    /** The maximum time a rekey may take, below the 10 s that {@code ikec ctl} waits for a reply. */
    static final Duration REKEY_TIMEOUT = Duration.ofSeconds(8);
    private static final Pattern CHILD_SPI = Pattern.compile("[0-9a-fA-F]{8}");

    private final ManagementBackend backend;
    private final Logger log;

    OperatorRequests(ManagementBackend backend, Logger log) {
        this.backend = backend;
        this.log = log;
    }

    /** Waits for a backend stage a little longer than the ask inside it, so the ask's own timeout reports first. */
    static <T> T await(CompletionStage<T> stage, Duration timeout) throws Exception {
        try {
            return stage.toCompletableFuture().get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TimeoutException timeoutException) {
                throw timeoutException;
            }
            throw e;
        }
    }

    private static List<SaSnapshot> filtered(SaFilter filter, CompletionStage<List<SaSnapshot>> sas) throws Exception {
        return await(sas, CALL_TIMEOUT).stream().filter(filter::matches).toList();
    }

    /** Lists this node's IKE SAs that the query's filter selects. */
    Response listSas(String query) throws Exception {
        SaFilter filter = SaFilter.parse(query);
        return Response.ok(filtered(filter, backend.listSas(CALL_TIMEOUT)));
    }

    /** Lists the IKE SAs of every node that the query's filter selects. */
    Response listClusterSas(String query) throws Exception {
        SaFilter filter = SaFilter.parse(query);
        return Response.ok(filtered(filter, backend.listClusterSas(CALL_TIMEOUT)));
    }

    private static Response invalidSaId(String saId) {
        return Response.error(400, "invalid IKE SA id '" + saId + "': give the 16 hex digits that"
                + " 'ikec ctl list' shows");
    }

    Response show(String saId) throws Exception {
        if (!IkeCluster.isSaId(saId)) {
            return invalidSaId(saId);
        }

        Optional<SaDetail> detail = await(backend.describe(saId, CALL_TIMEOUT), CALL_TIMEOUT);
        return detail.isPresent() ? Response.ok(detail.get()) : Response.error(404, "no IKE SA with id '" + saId + "'");
    }

    /** Deletes every IKE SA in the cluster that the filter selects. An empty filter is rejected. */
    Response terminateMatching(String query) throws Exception {
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
    }

    /** Rekeys the IKE SA ({@code ike} or no parameter) or its CHILD SA ({@code child=SPI}) and waits for the result. */
    Response rekey(String saId, String query) throws Exception {
        if (!IkeCluster.isSaId(saId)) {
            return invalidSaId(saId);
        }
        Map<String, String> parameters = SaFilter.parameters(query);
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
        RekeyResult result;
        try {
            result = await(backend.rekey(saId, childSpi, REKEY_TIMEOUT), REKEY_TIMEOUT);
        } catch (TimeoutException e) {
            return Response.error(503, "the rekey of IKE SA " + saId + " did not complete within "
                    + REKEY_TIMEOUT.toSeconds() + "s; it may still complete, check with 'ikec ctl show " + saId + "'");
        }

        return switch (result.status()) {
            case REKEYED -> {
                String rekeyed = child == null ? "the IKE SA" : "CHILD SA " + child;
                log.info("management: rekeyed {} of IKE SA {}", rekeyed, saId);
                yield Response.ok(result);
            }
            case NOT_FOUND -> Response.error(404, result.message());
            case FAILED -> {
                log.warn("management: rekey of IKE SA {} failed: {}", saId, result.message());
                yield Response.error(409, "rekey of IKE SA " + saId + " failed: " + result.message());
            }
        };
    }

    /**
     * Returns this node's log levels, after setting one when the query has {@code subsystem} and
     * {@code level}. An unknown subsystem or level is rejected with 400.
     */
    Response logLevel(String method, String query) {
        Map<String, String> parameters = SaFilter.parameters(query);
        if (method.equals("POST")) {
            String subsystem = parameters.remove("subsystem");
            String level = parameters.remove("level");
            if (subsystem == null || level == null || !parameters.isEmpty()) {
                return Response.error(400, "give subsystem=NAME and level=LEVEL, for example"
                        + " subsystem=ike&level=debug");
            }
            try {
                backend.setLogLevel(subsystem, level);
            } catch (IllegalArgumentException e) {
                return Response.error(400, e.getMessage());
            }
        } else if (!parameters.isEmpty()) {
            return Response.error(400, "GET /log-level takes no parameters; use POST to set a level");
        }
        return Response.ok(backend.logLevels());
    }

    /** Rereads this node's configuration: 400 for an invalid file, 409 when it changes a setting bound at start. */
    Response reload() {
        ReloadResult result = backend.reload();
        if (!result.applied()) {
            int status = result.error().startsWith("configuration error:") ? 400 : 409;
            return Response.error(status, result.error());
        }
        return Response.ok(result);
    }

    /** Makes every member reread its own file: 503 when one did not reply, 409 when one rejected its file. */
    Response reloadCluster() throws Exception {
        List<ReloadResult> results = await(backend.reloadCluster(CALL_TIMEOUT), CALL_TIMEOUT);
        for (ReloadResult result : results) {
            if (!result.applied()) {
                int status = result.error().startsWith("did not reply") ? 503 : 409;
                return Response.error(status, "node " + result.node() + ": " + result.error(), results);
            }
        }
        return Response.ok(results);
    }
}
