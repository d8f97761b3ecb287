package org.ikec.node.config;

import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.ikec.protocol.config.AuthConfig;
import org.ikec.protocol.config.ChildConfig;
import org.ikec.protocol.config.ConnectionConfig;
import org.ikec.protocol.config.IkeIdentity;
import org.ikec.protocol.config.TrafficSelectorSpec;
import org.ikec.protocol.crypto.ProposalSpec;
import org.ikec.protocol.crypto.ProposalStrings;
import org.ikec.protocol.crypto.WeakProposals;

/**
 * Reads the {@code ikec.connections} section, whose vocabulary follows swanctl.conf: one section
 * per connection with {@code local}, {@code remote} and {@code children}. Proposal strings are
 * kept as written, because the protocol module validates them when it builds its proposals.
 * Certificates follow swanctl too: {@code local.certs} lists our certificate first (any further
 * certificates are intermediates sent with it), {@code remote.cacerts} the trusted CAs and
 * {@code remote.crls} their revocation lists, in PEM or DER files. A peer that authenticates with
 * EAP has {@code remote.auth = eap-mschapv2} (or {@code eap}) and {@code remote.eap_id}, its EAP
 * identity or {@code %any} to ask for it.
 *
 * <p>Weak algorithms (3des, sha1, prfsha1, modp1024) are rejected in proposals unless the connection
 * sets {@code allow_weak}: {@code yes} accepts them in its own proposals, and the name of a preset
 * such as {@code windows-default} also appends that client's IKE and ESP proposals.
 */
final class ConnectionParser {

    private static final Set<String> CONNECTION_KEYS = Set.of("local_addrs", "remote_addrs", "remote_port",
            "proposals", "allow_weak", "rekey_time", "over_time", "rand_time", "dpd_delay", "send_cert", "local",
            "remote", "children", "pools");
    private static final Set<String> LOCAL_AUTH_KEYS = Set.of("auth", "id", "certs");
    private static final Set<String> REMOTE_AUTH_KEYS = Set.of("auth", "id", "cacerts", "crls", "eap_id");
    private static final Set<String> METHODS = Set.of(AuthConfig.PSK, AuthConfig.PUBKEY, AuthConfig.RSA_PSS);
    /** Methods only a remote round may use: the peer authenticates with EAP inside IKE_AUTH. */
    private static final Set<String> EAP_METHODS = Set.of(AuthConfig.EAP_MSCHAPV2, AuthConfig.EAP,
            AuthConfig.EAP_TLS, AuthConfig.EAP_RADIUS);
    private static final Set<String> CHILD_KEYS = Set.of("local_ts", "remote_ts", "esp_proposals", "rekey_time",
            "life_time", "rand_time", "mode");
    private static final Set<String> MODES = Set.of("tunnel", "transport");
    /** Address text that InetAddress parses without a DNS query: IPv4 or IPv6 literals, CIDR, ranges. */
    private static final Pattern ADDRESS_LITERAL = Pattern.compile("[0-9a-fA-F.:]+(/[0-9]+|-[0-9a-fA-F.:]+)?");

    private ConnectionParser() {
    }

    /** Parses every connection; relative certificate and CRL paths are resolved against {@code baseDir}. */
    static List<ConnectionConfig> parse(ConfigReader ikec, Path baseDir) {
        if (!ikec.has("connections") || ikec.section("connections").keys().isEmpty()) {
            throw new ConfigError(ikec.pathOf("connections"),
                    "no connection is configured; add one, for example connections { rw { ... } }");
        }

        ConfigReader connections = ikec.section("connections");
        List<ConnectionConfig> parsed = new ArrayList<>();
        for (String name : connections.keys()) {
            parsed.add(connection(name, connections.section(name), baseDir));
        }
        return parsed;
    }

    private static ConnectionConfig connection(String name, ConfigReader section, Path baseDir) {
        section.requireKnownKeys(CONNECTION_KEYS);

        WeakOptIn weak = WeakOptIn.parse(section);
        List<String> proposals = nonEmpty(section, "proposals",
                "give at least one proposal, for example [\"aes256gcm16-prfsha256-x25519\"]");
        checkProposals(section, "proposals", proposals, true, weak);
        proposals = weak.withPresetProposals(proposals, true);
        int remotePort = section.integerOr("remote_port", 1, 65535, 500);
        AuthConfig.SendCert sendCert = sendCert(section);
        AuthConfig local = auth(section, "local", baseDir, sendCert);
        AuthConfig remote = auth(section, "remote", baseDir, sendCert);
        List<ChildConfig> children = children(section, weak);

        return new ConnectionConfig(name, proposals,
                section.stringListOr("local_addrs", List.of()), section.stringListOr("remote_addrs", List.of()),
                remotePort, local, remote, children,
                section.durationOr("rekey_time", Duration.ofHours(4)),
                section.durationOr("over_time", Duration.ofMinutes(10)),
                section.durationOr("rand_time", Duration.ofMinutes(10)),
                section.durationOr("dpd_delay", Duration.ofSeconds(30)),
                section.stringListOr("pools", List.of()));
    }

    /**
     * Parses every proposal now, so a typo stops the node at start and not at the first handshake,
     * and rejects weak algorithms unless {@code weak} allows them.
     */
    private static void checkProposals(ConfigReader section, String key, List<String> proposals, boolean ike,
                                       WeakOptIn weak) {
        for (String proposal : proposals) {
            List<ProposalSpec> parsed;
            try {
                parsed = ike ? ProposalStrings.parseIke(proposal) : ProposalStrings.parseEsp(proposal);
            } catch (IllegalArgumentException e) {
                throw new ConfigError(section.pathOf(key), "invalid proposal '" + proposal + "': " + e.getMessage());
            }

            List<String> weakAlgorithms = WeakProposals.weakAlgorithms(parsed);
            if (!weakAlgorithms.isEmpty() && !weak.allowed()) {
                boolean one = weakAlgorithms.size() == 1;
                throw new ConfigError(section.pathOf(key), "proposal '" + proposal + "' uses the weak "
                        + (one ? "algorithm " : "algorithms ") + String.join(", ", weakAlgorithms)
                        + (one ? ", which is" : ", which are") + " off by default; set " + WeakOptIn.KEY
                        + " = yes on the connection to accept weak algorithms, or " + WeakOptIn.KEY
                        + " = <preset> to add a native client's proposals (presets: " + WeakProposals.presetNames()
                        + ")");
            }
        }
    }

    private static AuthConfig.SendCert sendCert(ConfigReader section) {
        String value = section.stringOr("send_cert", "ifasked");
        return switch (value) {
            case "ifasked" -> AuthConfig.SendCert.IF_ASKED;
            case "always" -> AuthConfig.SendCert.ALWAYS;
            case "never" -> AuthConfig.SendCert.NEVER;
            default -> throw new ConfigError(section.pathOf("send_cert"), "unknown value '" + value
                    + "'; use ifasked, always or never");
        };
    }

    private static AuthConfig auth(ConfigReader connection, String side, Path baseDir, AuthConfig.SendCert sendCert) {
        ConfigReader section = connection.section(side);
        boolean local = side.equals("local");
        section.requireKnownKeys(local ? LOCAL_AUTH_KEYS : REMOTE_AUTH_KEYS);

        String method = section.stringOr("auth", AuthConfig.PSK);
        if (EAP_METHODS.contains(method) && local) {
            throw new ConfigError(section.pathOf("auth"), "auth = " + method + " authenticates the peer and belongs"
                    + " in remote; authenticate the gateway with pubkey, rsa/pss or psk");
        }
        if (!METHODS.contains(method) && !EAP_METHODS.contains(method)) {
            throw new ConfigError(section.pathOf("auth"), "unknown authentication method '" + method
                    + "'; use psk, pubkey or rsa/pss" + (local ? "" : ", or eap-mschapv2, eap-tls, eap or eap-radius for the peer"));
        }
        if (section.has("eap_id") && !EAP_METHODS.contains(method)) {
            throw new ConfigError(section.pathOf("eap_id"), "eap_id needs auth = eap-mschapv2, eap-tls, eap or eap-radius, not "
                    + method);
        }
        String eapId = section.stringOr("eap_id", AuthConfig.ANY_EAP_ID);
        if (eapId.isEmpty()) {
            throw new ConfigError(section.pathOf("eap_id"), "the EAP identity is empty; set a user name or %any");
        }

        IkeIdentity id = identity(section, local, method);
        List<X509Certificate> certs = certificates(section, "certs", baseDir);
        List<X509Certificate> caCerts = certificates(section, "cacerts", baseDir);
        List<X509CRL> crls = new ArrayList<>();
        for (String file : section.stringListOr("crls", List.of())) {
            for (X509CRL crl : PemFiles.crls(baseDir.resolve(file), section.pathOf("crls"))) {
                requireSignedByIssuer(crl, caCerts, file, section.pathOf("crls"));
                crls.add(crl);
            }
        }

        boolean signatures = method.equals(AuthConfig.PUBKEY) || method.equals(AuthConfig.RSA_PSS);
        if (signatures && local && certs.isEmpty()) {
            throw new ConfigError(section.pathOf("certs"), "missing; auth = " + method + " needs our certificate,"
                    + " for example certs = [\"gw.pem\"]");
        }
        if (method.equals(AuthConfig.EAP_TLS) && caCerts.isEmpty()) {
            throw new ConfigError(section.pathOf("cacerts"), "missing; auth = eap-tls needs the CA that issues"
                    + " client certificates, for example cacerts = [\"ca.pem\"]");
        }
        if (signatures && !local && caCerts.isEmpty()) {
            throw new ConfigError(section.pathOf("cacerts"), "missing; auth = " + method + " needs the CA that issues"
                    + " peer certificates, for example cacerts = [\"ca.pem\"]");
        }
        return new AuthConfig(method, id, certs, caCerts, crls, sendCert, eapId);
    }

    /**
     * Rejects a CRL that names a configured CA as issuer but is not signed by it, because the chain
     * check would silently ignore it. A CRL of another issuer, such as an intermediate CA that
     * peers send, is kept.
     */
    private static void requireSignedByIssuer(X509CRL crl, List<X509Certificate> caCerts, String file, String path) {
        for (X509Certificate ca : caCerts) {
            if (!ca.getSubjectX500Principal().equals(crl.getIssuerX500Principal())) {
                continue;
            }
            try {
                crl.verify(ca.getPublicKey());
                return;
            } catch (java.security.GeneralSecurityException e) {
                throw new ConfigError(path, "the CRL in '" + file + "' names CA '" + crl.getIssuerX500Principal()
                        + "' as issuer but its signature does not verify with that CA's key: " + e.getMessage());
            }
        }
    }

    /** Parses {@code id}; with certificates it may be left out, meaning the certificate's subject or any peer. */
    private static IkeIdentity identity(ConfigReader section, boolean local, String method) {
        String example = local ? "id = \"gw.example.org\"" : "id = \"%any\" to accept every peer";
        String id = method.equals(AuthConfig.PSK)
                ? section.string("id", "missing; set the identity, for example " + example)
                : section.stringOr("id", "%any");
        try {
            return IkeIdentity.parse(id);
        } catch (IllegalArgumentException e) {
            throw new ConfigError(section.pathOf("id"), e.getMessage());
        }
    }

    private static List<X509Certificate> certificates(ConfigReader section, String key, Path baseDir) {
        List<X509Certificate> certificates = new ArrayList<>();
        for (String file : section.stringListOr(key, List.of())) {
            certificates.addAll(PemFiles.certificates(baseDir.resolve(file), section.pathOf(key)));
        }
        return certificates;
    }

    private static List<ChildConfig> children(ConfigReader connection, WeakOptIn weak) {
        if (!connection.has("children")) {
            return List.of();
        }

        ConfigReader children = connection.section("children");
        List<ChildConfig> parsed = new ArrayList<>();
        for (String name : children.keys()) {
            parsed.add(child(name, children.section(name), weak));
        }
        return parsed;
    }

    private static ChildConfig child(String name, ConfigReader section, WeakOptIn weak) {
        section.requireKnownKeys(CHILD_KEYS);

        List<String> espProposals = nonEmpty(section, "esp_proposals",
                "give at least one proposal, for example [\"aes256gcm16\"]");
        checkProposals(section, "esp_proposals", espProposals, false, weak);
        espProposals = weak.withPresetProposals(espProposals, false);
        List<TrafficSelectorSpec> localTs = trafficSelectors(section, "local_ts");
        List<TrafficSelectorSpec> remoteTs = trafficSelectors(section, "remote_ts");
        String mode = section.stringOr("mode", "tunnel");
        if (!MODES.contains(mode)) {
            throw new ConfigError(section.pathOf("mode"), "unknown mode '" + mode + "'; use tunnel or transport");
        }

        return new ChildConfig(name, espProposals, localTs, remoteTs,
                section.durationOr("rekey_time", Duration.ofHours(1)),
                section.durationOr("life_time", Duration.ofMinutes(66)),
                section.durationOr("rand_time", Duration.ofMinutes(6)), mode);
    }

    private static List<TrafficSelectorSpec> trafficSelectors(ConfigReader section, String key) {
        List<String> specs = section.stringListOr(key, List.of("dynamic"));
        if (specs.isEmpty()) {
            throw new ConfigError(section.pathOf(key), "the list is empty; give at least one traffic selector,"
                    + " for example [\"10.0.0.0/16\"] or [\"dynamic\"]");
        }

        List<TrafficSelectorSpec> parsed = new ArrayList<>();
        for (String spec : specs) {
            String range = spec.contains("[") ? spec.substring(0, spec.indexOf('[')) : spec;
            if (range.trim().contains(" ") || range.contains(",")) {
                throw new ConfigError(section.pathOf(key), "invalid traffic selector '" + spec
                        + "': give one selector per list element, for example [\"10.0.0.0/16\", \"10.1.0.0/16\"]");
            }
            if (!range.equals("dynamic") && !ADDRESS_LITERAL.matcher(range).matches()) {
                throw new ConfigError(section.pathOf(key), "invalid traffic selector '" + spec
                        + "': host names are not accepted; write a CIDR block, a range a-b or dynamic");
            }
            try {
                parsed.add(TrafficSelectorSpec.parse(spec));
            } catch (IllegalArgumentException e) {
                throw new ConfigError(section.pathOf(key), e.getMessage()
                        + "; write a CIDR block, a range a-b or dynamic, optionally with [protocol/port]");
            }
        }
        return parsed;
    }

    private static List<String> nonEmpty(ConfigReader section, String key, String hint) {
        List<String> values = section.stringList(key, "missing; " + hint);
        if (values.isEmpty()) {
            throw new ConfigError(section.pathOf(key), "the list is empty; " + hint);
        }
        return values;
    }
}
