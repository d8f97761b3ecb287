package org.ikec.node.radius;

import java.time.Duration;
import java.util.List;

/**
 * The servers a {@link RadiusClient} uses, in order of preference, and how long a server that
 * stopped responding is skipped before the client tries it again.
 *
 * @param servers  servers in order of preference, at least one
 * @param deadTime time a server stays marked dead after a request to it timed out
 */
public record RadiusClientConfig(List<RadiusServerConfig> servers, Duration deadTime) {

    public RadiusClientConfig {
        servers = List.copyOf(servers);
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("a RADIUS client needs at least one server");
        }
        if (deadTime.isNegative()) {
            throw new IllegalArgumentException("RADIUS dead time must not be negative, not " + deadTime);
        }
    }
}
