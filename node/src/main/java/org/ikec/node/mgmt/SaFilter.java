package org.ikec.node.mgmt;

import java.net.InetAddress;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.ikec.cluster.SaSnapshot;

/**
 * Selects IKE SAs by the query parameters of {@code GET /sas}, {@code GET /cluster/sas} and
 * {@code DELETE /cluster/sas}: {@code peer} (the remote IP address), {@code id} (the remote
 * identity, a glob where {@code *} matches any text and {@code ?} one character), {@code connection}
 * (the name) and {@code node} (the cluster address as {@code host:port}, or only the host). Every
 * given parameter must match.
 */
public record SaFilter(InetAddress peer, Pattern remoteId, String connection, String node) {

    private static final Set<String> NAMES = Set.of("peer", "id", "connection", "node");
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");
    private static final Pattern CONNECTION = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final Pattern NODE = Pattern.compile("[A-Za-z0-9._:\\[\\]@-]{1,200}");
    private static final int MAX_GLOB_LENGTH = 255;
    private static final String MEMBER_SCHEME = "pekko://";

    /** Raised for a query parameter that is unknown, repeated or invalid. The message names it and the fix. */
    public static final class InvalidFilterException extends IllegalArgumentException {

        InvalidFilterException(String message) {
            super(message);
        }
    }

    /** Parses a raw URI query, {@code null} or empty for no filter. */
    public static SaFilter parse(String rawQuery) {
        Map<String, String> parameters = parameters(rawQuery);
        for (String name : parameters.keySet()) {
            if (!NAMES.contains(name)) {
                throw new InvalidFilterException("unknown filter '" + name + "'; use peer, id, connection or node");
            }
        }

        return new SaFilter(peer(parameters.get("peer")), glob(parameters.get("id")),
                checked("connection", parameters.get("connection"), CONNECTION, "use letters, digits, '.', '_' or '-'"),
                checked("node", withoutScheme(parameters.get("node")), NODE,
                        "give HOST:PORT or HOST as 'ikec ctl shards' lists it"));
    }

    /** Drops the {@code pekko://} that {@code ikec ctl members} prints before a member's address. */
    private static String withoutScheme(String node) {
        return node != null && node.startsWith(MEMBER_SCHEME) ? node.substring(MEMBER_SCHEME.length()) : node;
    }

    /** Splits a raw query into decoded parameters. A repeated name is rejected. */
    static Map<String, String> parameters(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            if (parameters.put(name, value) != null) {
                throw new InvalidFilterException("parameter '" + name + "' is given twice; give it once");
            }
        }
        return parameters;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidFilterException("invalid percent-encoding in '" + text + "'");
        }
    }

    /** Parses an IP literal; host names are rejected so that no DNS query is sent. */
    private static InetAddress peer(String text) {
        if (text == null) {
            return null;
        }
        if (!IP_LITERAL.matcher(text).matches()) {
            throw new InvalidFilterException("invalid peer '" + text + "': give an IP address such as 192.0.2.10");
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new InvalidFilterException("invalid peer '" + text + "': give an IP address such as 192.0.2.10");
        }
    }

    private static Pattern glob(String text) {
        if (text == null) {
            return null;
        }
        if (text.isEmpty() || text.length() > MAX_GLOB_LENGTH || text.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidFilterException("invalid id '" + text + "': give an identity or a glob such as"
                    + " '*@example.com', at most " + MAX_GLOB_LENGTH + " characters");
        }

        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '*' || c == '?') {
                regex.append(Pattern.quote(literal.toString())).append(c == '*' ? ".*" : ".");
                literal.setLength(0);
            } else {
                literal.append(c);
            }
        }
        regex.append(Pattern.quote(literal.toString()));
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    private static String checked(String name, String value, Pattern allowed, String fix) {
        if (value != null && !allowed.matcher(value).matches()) {
            throw new InvalidFilterException("invalid " + name + " '" + value + "': " + fix);
        }
        return value;
    }

    /** Returns whether no parameter was given. */
    public boolean isEmpty() {
        return peer == null && remoteId == null && connection == null && node == null;
    }

    public boolean matches(SaSnapshot sa) {
        if (peer != null && !peer.getHostAddress().equals(host(sa.remoteAddress()))) {
            return false;
        }
        if (remoteId != null && !remoteId.matcher(sa.remoteId()).matches()) {
            return false;
        }
        if (connection != null && !connection.equals(sa.connection())) {
            return false;
        }
        return node == null || nodeMatches(sa.node());
    }

    private boolean nodeMatches(String saNode) {
        String hostPort = saNode.substring(saNode.indexOf('@') + 1);
        return node.equals(saNode) || node.equals(hostPort) || node.equals(host(hostPort));
    }

    /** Returns the address part of {@code host:port}, normalized, or the text itself when it has no port. */
    private static String host(String endpoint) {
        int colon = endpoint.lastIndexOf(':');
        String host = colon < 0 ? endpoint : endpoint.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (!IP_LITERAL.matcher(host).matches()) {
            return host;
        }
        try {
            return InetAddress.getByName(host).getHostAddress();
        } catch (UnknownHostException e) {
            return host;
        }
    }
}
