package org.ikec.node.ctl;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.ikec.cluster.SaDetail;
import org.ikec.cluster.SaSnapshot;
import org.ikec.node.mgmt.Json;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Calls a node's management API for {@code ikec ctl}; every failure becomes a one-line {@link CtlException}. */
public final class ManagementClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** An IPv4 address or a bracketed IPv6 address, then a port; host names are not resolved. */
    private static final Pattern HOST_PORT =
            Pattern.compile("(\\d{1,3}(\\.\\d{1,3}){3}|\\[[0-9a-fA-F:.]+\\]):\\d{1,5}");

    /** Matches the ids and names the node gives out; anything else cannot name an SA or a connection. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private final String hostPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final ObjectMapper json = Json.mapper();

    /** @param hostPort the management address, such as {@code 127.0.0.1:7500} or {@code [::1]:7500} */
    public ManagementClient(String hostPort) throws CtlException {
        if (!HOST_PORT.matcher(hostPort).matches()) {
            throw new CtlException("invalid --mgmt '" + hostPort + "': give HOST:PORT with an IP address,"
                    + " for example 127.0.0.1:7500 or [::1]:7500");
        }
        this.hostPort = hostPort;
    }

    private static String checkedName(String kind, String value) throws CtlException {
        if (!NAME.matcher(value).matches()) {
            throw new CtlException("invalid " + kind + " '" + value + "': use letters, digits, '.', '_' or '-'");
        }
        return value;
    }

    public String rawSas() throws CtlException {
        return call("GET", "/sas");
    }

    /** Lists this node's IKE SAs that match {@code filters} (peer, id, connection, node) as JSON text. */
    public String rawSas(Map<String, String> filters) throws CtlException {
        return call("GET", "/sas" + query(filters));
    }

    /** Lists every node's IKE SAs that match {@code filters} as JSON text. */
    public String rawClusterSas(Map<String, String> filters) throws CtlException {
        return call("GET", "/cluster/sas" + query(filters));
    }

    public List<SaSnapshot> readSasText(String body) throws CtlException {
        return readSas(body);
    }

    /** Reads the reply of {@link #show} as the record the node sent. */
    public SaDetail readDetail(JsonNode detail) throws CtlException {
        try {
            return json.treeToValue(detail, SaDetail.class);
        } catch (IOException e) {
            throw new CtlException("the node at " + hostPort + " sent an IKE SA that could not be read: "
                    + e.getMessage());
        }
    }

    /** Returns the IKE SA with {@code saId}, its CHILD SAs and their lifetimes, from anywhere in the cluster. */
    public JsonNode show(String saId) throws CtlException {
        return tree(call("GET", "/sas/" + checkedName("IKE SA id", saId)));
    }

    /** Deletes every IKE SA in the cluster that matches {@code filters}; returns how many. */
    public JsonNode terminateMatching(Map<String, String> filters) throws CtlException {
        return tree(call("DELETE", "/cluster/sas" + query(filters)));
    }

    /** Rekeys the IKE SA, or its CHILD SA with {@code childSpi} when that is not null, and waits for the result. */
    public JsonNode rekey(String saId, String childSpi) throws CtlException {
        String parameters = childSpi == null ? "?ike" : query(Map.of("child", childSpi));
        return tree(call("POST", "/sas/" + checkedName("IKE SA id", saId) + "/rekey" + parameters));
    }

    public JsonNode logLevels() throws CtlException {
        return tree(call("GET", "/log-level"));
    }

    /** Sets one subsystem's log level on the node and returns every subsystem's level. */
    public JsonNode setLogLevel(String subsystem, String level) throws CtlException {
        return tree(call("POST", "/log-level" + query(Map.of("subsystem", subsystem, "level", level))));
    }

    public JsonNode reload() throws CtlException {
        return tree(call("POST", "/reload"));
    }

    public JsonNode reloadCluster() throws CtlException {
        return tree(call("POST", "/cluster/reload"));
    }

    public JsonNode shards() throws CtlException {
        return tree(call("GET", "/cluster/shards"));
    }

    public JsonNode pools() throws CtlException {
        return tree(call("GET", "/cluster/pools"));
    }

    private static String query(Map<String, String> parameters) {
        StringBuilder query = new StringBuilder();
        for (Map.Entry<String, String> parameter : new TreeMap<>(parameters).entrySet()) {
            query.append(query.length() == 0 ? "?" : "&")
                    .append(URLEncoder.encode(parameter.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(parameter.getValue(), StandardCharsets.UTF_8));
        }
        return query.toString();
    }

    public List<SaSnapshot> listSas() throws CtlException {
        return readSas(rawSas());
    }

    private List<SaSnapshot> readSas(String body) throws CtlException {
        try {
            return json.readValue(body, new TypeReference<List<SaSnapshot>>() { });
        } catch (IOException e) {
            throw new CtlException("the node at " + hostPort + " sent an IKE SA list that could not be read: "
                    + e.getMessage());
        }
    }

    public String rawClusterSas() throws CtlException {
        return call("GET", "/cluster/sas");
    }

    public List<SaSnapshot> listClusterSas() throws CtlException {
        return readSas(rawClusterSas());
    }

    public JsonNode members() throws CtlException {
        return tree(call("GET", "/cluster/members"));
    }

    public JsonNode leave() throws CtlException {
        return tree(call("POST", "/cluster/leave"));
    }

    public JsonNode health() throws CtlException {
        return tree(call("GET", "/health"));
    }

    public JsonNode terminate(String saId) throws CtlException {
        return tree(call("DELETE", "/sas/" + checkedName("IKE SA id", saId)));
    }

    public JsonNode initiate(String connection) throws CtlException {
        return tree(call("POST", "/connections/" + checkedName("connection name", connection) + "/initiate"));
    }

    private String call(String method, String path) throws CtlException {
        URI uri;
        try {
            uri = URI.create("http://" + hostPort + path);
        } catch (IllegalArgumentException e) {
            throw new CtlException("invalid request '" + path + "' to " + hostPort + ": " + e.getMessage());
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .method(method, HttpRequest.BodyPublishers.noBody()).build();

        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new CtlException("cannot reach the node's management interface at " + hostPort
                    + " (connection refused); is 'ikec node' running, and is --mgmt right?");
        } catch (HttpTimeoutException e) {
            throw new CtlException("the node at " + hostPort + " did not answer within " + TIMEOUT.toSeconds() + "s");
        } catch (IOException e) {
            throw new CtlException("cannot reach the node's management interface at " + hostPort + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CtlException("interrupted while waiting for the node at " + hostPort);
        }

        if (response.statusCode() / 100 != 2) {
            throw new CtlException(errorText(response), response.statusCode() == 400);
        }
        return response.body();
    }

    private String errorText(HttpResponse<String> response) {
        try {
            JsonNode error = json.readTree(response.body()).get("error");
            if (error != null) {
                return error.asText();
            }
        } catch (IOException e) {
            // Not JSON: fall through to the status line.
        }
        return "the node answered HTTP " + response.statusCode();
    }

    private JsonNode tree(String body) throws CtlException {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new CtlException("the node at " + hostPort + " sent a reply that is not JSON");
        }
    }
}
