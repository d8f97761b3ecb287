package org.ikec.node.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.ikec.protocol.config.AuthConfig;
import org.ikec.node.radius.RadiusClientConfig;
import org.ikec.node.radius.RadiusServerConfig;

/**
 * Reads the {@code ikec.eap-radius} section and finds the connections with
 * {@code remote { auth = eap-radius }}, whose peers authenticate with EAP through a RADIUS server:
 *
 * <pre>
 * eap-radius {
 *   servers = [ { address = 192.0.2.10, port = 1812, secret = "...", timeout = 2s, tries = 3 } ]
 *   dead-time = 30s
 *   nas-identifier = ikec
 * }
 * </pre>
 */
final class EapRadiusParser {

    /** The {@code remote.auth} value of swanctl's eap-radius plugin. */
    static final String EAP_RADIUS = AuthConfig.EAP_RADIUS;

    private static final Set<String> SECTION_KEYS = Set.of("servers", "dead-time", "nas-identifier");
    private static final Set<String> SERVER_KEYS = Set.of("address", "port", "secret", "timeout", "tries");
    private static final int DEFAULT_PORT = 1812;
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    private static final int DEFAULT_TRIES = 3;
    private static final Duration DEFAULT_DEAD_TIME = Duration.ofSeconds(30);
    private static final String DEFAULT_NAS_IDENTIFIER = "ikec";

    private EapRadiusParser() {
    }

    /**
     * Returns the RADIUS settings, or empty when no connection uses eap-radius and the section is
     * absent.
     *
     * @throws ConfigError when a connection uses eap-radius but no server is configured, or a
     *     server entry is invalid
     */
    static Optional<EapRadiusSettings> parse(ConfigReader ikec) {
        Set<String> connections = radiusConnections(ikec);
        if (!ikec.has(EAP_RADIUS)) {
            if (!connections.isEmpty()) {
                throw new ConfigError(ikec.pathOf(EAP_RADIUS), "missing; connections " + connections + " use auth = "
                        + EAP_RADIUS + ", which needs a RADIUS server, for example eap-radius { servers = [ {"
                        + " address = 192.0.2.10, secret = \"...\" } ] }");
            }
            return Optional.empty();
        }

        ConfigReader section = ikec.section(EAP_RADIUS);
        section.requireKnownKeys(SECTION_KEYS);
        List<RadiusServerConfig> servers = new ArrayList<>();
        for (ConfigReader server : section.sectionList("servers")) {
            servers.add(server(server));
        }
        if (servers.isEmpty()) {
            throw new ConfigError(section.pathOf("servers"), "no RADIUS server is configured; add at least one");
        }
        Duration deadTime = section.durationOr("dead-time", DEFAULT_DEAD_TIME);
        String nasIdentifier = section.stringOr("nas-identifier", DEFAULT_NAS_IDENTIFIER);
        if (nasIdentifier.isEmpty()) {
            throw new ConfigError(section.pathOf("nas-identifier"), "is empty; set a name, for example ikec");
        }

        try {
            return Optional.of(new EapRadiusSettings(new RadiusClientConfig(servers, deadTime), nasIdentifier,
                    connections));
        } catch (IllegalArgumentException e) {
            throw new ConfigError(section.path(), e.getMessage());
        }
    }

    private static RadiusServerConfig server(ConfigReader server) {
        server.requireKnownKeys(SERVER_KEYS);
        String address = server.string("address", "missing; the RADIUS server's IP address");
        InetAddress resolved;
        try {
            // Only literals: a name would need a DNS query at every start.
            if (!address.matches("[0-9a-fA-F.:]+")) {
                throw new UnknownHostException(address);
            }
            resolved = InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new ConfigError(server.pathOf("address"), "'" + address + "' is not an IP address; write one,"
                    + " for example 192.0.2.10");
        }
        int port = server.integerOr("port", 1, 65535, DEFAULT_PORT);
        String secret = server.string("secret", "missing; the secret shared with the RADIUS server");

        try {
            return new RadiusServerConfig(new InetSocketAddress(resolved, port),
                    secret.getBytes(StandardCharsets.UTF_8), server.durationOr("timeout", DEFAULT_TIMEOUT),
                    server.integerOr("tries", 1, 100, DEFAULT_TRIES));
        } catch (IllegalArgumentException e) {
            throw new ConfigError(server.path(), e.getMessage());
        }
    }

    private static Set<String> radiusConnections(ConfigReader ikec) {
        Set<String> names = new LinkedHashSet<>();
        if (!ikec.has("connections")) {
            return names;
        }
        ConfigReader connections = ikec.section("connections");
        for (String name : connections.keys()) {
            ConfigReader connection = connections.section(name);
            if (connection.has("remote") && EAP_RADIUS.equals(connection.section("remote").stringOr("auth", ""))) {
                names.add(name);
            }
        }
        return names;
    }
}
