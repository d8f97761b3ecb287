package org.ikec.node.config;

import java.util.List;

import org.ikec.protocol.config.AuthConfig;
import org.ikec.protocol.config.ConnectionConfig;
import org.ikec.protocol.eap.tls.TlsKeyExporter;

/**
 * Checks what a connection with {@code remote.auth = eap-tls} needs beyond its own section: the
 * gateway authenticates with its certificate, which is also the TLS server's, and this JVM can
 * export the TLS keying material the MSK comes from.
 */
final class EapTlsRequirements {

    private EapTlsRequirements() {
    }

    static void check(ConfigReader ikec, List<ConnectionConfig> connections) {
        for (ConnectionConfig connection : connections) {
            if (!AuthConfig.EAP_TLS.equals(connection.remote().method())) {
                continue;
            }
            String path = ikec.pathOf("connections") + "." + connection.name();
            if (!connection.local().usesSignatures()) {
                throw new ConfigError(path + ".local.auth", "remote auth = eap-tls needs the gateway to"
                        + " authenticate with its certificate; set auth = pubkey and certs = [\"gw.pem\"]");
            }
            TlsKeyExporter.unavailable().ifPresent(reason -> {
                throw new ConfigError(path + ".remote.auth", reason);
            });
        }
    }
}
