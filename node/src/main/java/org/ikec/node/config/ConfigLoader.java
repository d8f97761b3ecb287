package org.ikec.node.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ikec.protocol.config.AuthConfig;
import org.ikec.protocol.config.ConnectionConfig;
import org.ikec.protocol.config.IkeSettings;
import org.ikec.protocol.crypto.DhReuse;
import org.ikec.protocol.vip.AddressPoolConfig;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValueFactory;

/**
 * Loads a node's HOCON configuration (the {@code ikec} section, swanctl vocabulary inside
 * {@code connections} and {@code secrets}) into a {@link NodeConfig}. Any mistake becomes a
 * {@link ConfigError} that names the path and the fix; nothing is half-loaded.
 */
public final class ConfigLoader {

    /** Classpath resource with the demo configuration used when no file is given. */
    public static final String DEFAULT_RESOURCE = "ikec-default.conf";
    private static final String REFERENCE_RESOURCE = "ikec-reference.conf";

    private static final Set<String> ROOT_KEYS = Set.of("ikec", "pekko");
    private static final Set<String> IKEC_KEYS = Set.of("listen", "management", "cluster", "cluster-secret", "ike",
            "connections", "secrets", "pools", "snmp", "metrics", "logging", "roles", "eap-radius");
    private static final Set<String> LISTEN_KEYS = Set.of("addresses", "port", "nat-port", "receive-buffer");
    private static final Set<String> MANAGEMENT_KEYS = Set.of("address", "port");
    private static final Set<String> CLUSTER_KEYS = Set.of("address", "port", "seed-nodes", "transport");
    private static final Set<String> IKE_KEYS = Set.of("cookie-threshold", "retransmit-timeout", "retransmit-base",
            "retransmit-tries", "half-open-timeout", "dh-reuse");
    private static final Set<String> DH_REUSE_KEYS = Set.of("uses", "max-age");
    private static final Duration DH_REUSE_LONGEST = Duration.ofHours(1);
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");
    private static final Pattern HOST_PORT = Pattern.compile("\\[?([^\\[\\]]+?)]?:([0-9]{1,5})");
    private static final int MIN_CLUSTER_SECRET_BYTES = 16;

    /**
     * Values given on the command line, which win over the file; {@code null} or empty means unset.
     *
     * @param management {@code HOST:PORT}, with IPv6 hosts in brackets
     * @param roles the node's roles in place of {@code ikec.roles}
     */
    public record Overrides(List<String> listenAddresses, Integer port, Integer natPort, String management,
                            List<String> roles) {

        public static final Overrides NONE = new Overrides(List.of(), null, null, null);

        public Overrides {
            listenAddresses = listenAddresses == null ? List.of() : List.copyOf(listenAddresses);
            roles = roles == null ? List.of() : List.copyOf(roles);
        }

        public Overrides(List<String> listenAddresses, Integer port, Integer natPort, String management) {
            this(listenAddresses, port, natPort, management, List.of());
        }
    }

    private ConfigLoader() {
    }

    public static NodeConfig loadFile(Path file, Overrides overrides) {
        if (!Files.isReadable(file)) {
            throw new ConfigError(file.toString(), "the configuration file does not exist or is not readable");
        }
        try {
            Config parsed = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
            Path baseDir = file.toAbsolutePath().getParent();
            return load(parsed, false, overrides, baseDir);
        } catch (ConfigException e) {
            throw new ConfigError(file.toString(), e.getMessage());
        }
    }

    public static NodeConfig loadDefault(Overrides overrides) {
        Config parsed = ConfigFactory.parseResources(ConfigLoader.class.getClassLoader(), DEFAULT_RESOURCE,
                ConfigParseOptions.defaults().setAllowMissing(false));
        return load(parsed, true, overrides, Path.of(""));
    }

    /** Loads configuration text, as a file would contain it; relative file names are resolved against the working directory. */
    public static NodeConfig loadText(String hocon, Overrides overrides) {
        try {
            return load(ConfigFactory.parseString(hocon), false, overrides, Path.of(""));
        } catch (ConfigException e) {
            throw new ConfigError("configuration", e.getMessage());
        }
    }

    /** Reads {@code ikec.ike.dh-reuse}: at most {@code uses} IKE SAs per private key, within {@code max-age}. */
    private static DhReuse dhReuse(ConfigReader section) {
        section.requireKnownKeys(DH_REUSE_KEYS);
        int uses = section.integer("uses", 1, 1_000_000);
        Duration maxAge = section.duration("max-age");
        if (maxAge.isNegative() || maxAge.compareTo(DH_REUSE_LONGEST) > 0) {
            throw new ConfigError(section.pathOf("max-age"), "expected a duration from 0s to 1h, got " + maxAge
                    + "; a private key that serves IKE SAs longer weakens their forward secrecy for longer");
        }
        return new DhReuse(uses, maxAge);
    }

    private static NodeConfig load(Config parsed, boolean embeddedDefault, Overrides overrides, Path baseDir) {
        new ConfigReader(parsed, "").requireKnownKeys(ROOT_KEYS);
        Config reference = ConfigFactory.parseResources(ConfigLoader.class.getClassLoader(), REFERENCE_RESOURCE,
                ConfigParseOptions.defaults().setAllowMissing(false));
        Config merged = applyOverrides(parsed, overrides).withFallback(reference).resolve();

        ConfigReader ikec = new ConfigReader(merged.getConfig("ikec"), "ikec");
        ikec.requireKnownKeys(IKEC_KEYS);
        ConfigReader listen = ikec.section("listen");
        listen.requireKnownKeys(LISTEN_KEYS);
        ConfigReader management = ikec.section("management");
        management.requireKnownKeys(MANAGEMENT_KEYS);
        ConfigReader cluster = ikec.section("cluster");
        cluster.requireKnownKeys(CLUSTER_KEYS);
        ConfigReader ike = ikec.section("ike");
        ike.requireKnownKeys(IKE_KEYS);

        List<InetAddress> listenAddresses = addresses(listen, "addresses");
        int ikePort = listen.integer("port", 0, 65535);
        int natPort = listen.integer("nat-port", 0, 65535);
        if (ikePort != 0 && ikePort == natPort) {
            throw new ConfigError(listen.pathOf("nat-port"), "equals port " + ikePort
                    + "; IKE and NAT-T need two different ports, usually 500 and 4500");
        }
        long receiveBuffer = listen.bytes("receive-buffer");
        if (receiveBuffer < 65536 || receiveBuffer > Integer.MAX_VALUE) {
            throw new ConfigError(listen.pathOf("receive-buffer"), "expected a size between 64KiB and 2GiB, got "
                    + receiveBuffer + " bytes");
        }
        InetSocketAddress managementAddress = new InetSocketAddress(
                address(management, "address", management.string("address", "missing")),
                management.integer("port", 0, 65535));

        Set<NodeRole> roles = roles(ikec);
        boolean concentrator = roles.contains(NodeRole.CONCENTRATOR);
        ConfigSecretStore secrets = SecretsParser.parse(ikec, baseDir);
        // A gateway-only node runs no IKE, so it needs neither connections nor secrets.
        List<ConnectionConfig> connections = concentrator || ikec.has("connections")
                ? ConnectionParser.parse(ikec, baseDir) : List.of();
        List<AddressPoolConfig> pools = PoolParser.parse(ikec);
        PoolParser.requireKnownPools(ikec, connections, pools);
        IkeSettings settings = new IkeSettings(connections, secrets,
                ike.integer("cookie-threshold", 0, Integer.MAX_VALUE), ike.duration("retransmit-timeout"),
                ike.decimal("retransmit-base", 1.0), ike.integer("retransmit-tries", 0, 100),
                ike.duration("half-open-timeout"), pools, dhReuse(ike.section("dh-reuse")));
        boolean anyPsk = connections.stream().anyMatch(c -> AuthConfig.PSK.equals(c.local().method())
                || AuthConfig.PSK.equals(c.remote().method()));
        if (concentrator && anyPsk && secrets.entries().isEmpty()) {
            throw new ConfigError(ikec.pathOf("secrets"), "no secret is configured, but connections authenticate"
                    + " with psk; add one, for example secrets { demo { id = \"%any\", secret = \"...\" } }");
        }
        Optional<EapRadiusSettings> eapRadius = EapRadiusParser.parse(ikec);
        boolean anyEap = connections.stream().anyMatch(c -> c.remote().usesEap()
                && !AuthConfig.EAP_RADIUS.equals(c.remote().method()) && !AuthConfig.EAP_TLS.equals(c.remote().method()));
        if (concentrator && anyEap && secrets.eapUsers().isEmpty()) {
            throw new ConfigError(ikec.pathOf("secrets"), "no EAP user is configured, but connections authenticate"
                    + " peers with EAP; add one, for example secrets { eap-alice { id = alice, secret = \"...\" } }");
        }
        requirePrivateKeys(ikec, connections, secrets);
        if (concentrator) {
            EapTlsRequirements.check(ikec, connections);
        }

        boolean secretConfigured = ikec.has("cluster-secret");
        byte[] clusterSecret = secretConfigured ? clusterSecret(ikec) : randomSecret();
        Config pekko = PekkoConfig.build(address(cluster, "address", cluster.string("address", "missing")),
                cluster.integer("port", 0, 65535), cluster.stringList("seed-nodes", "missing"), transport(cluster),
                roles, parsed.hasPath("pekko") ? parsed.getConfig("pekko") : ConfigFactory.empty());

        return new NodeConfig(listenAddresses, ikePort, natPort, (int) receiveBuffer, managementAddress,
                clusterSecret, secretConfigured, settings, embeddedDefault, pekko, SnmpParser.parse(ikec, roles.contains(NodeRole.GATEWAY)),
                ObservabilityParser.metrics(ikec), ObservabilityParser.logging(ikec), roles, eapRadius);
    }

    /** Checks at start that every certificate we authenticate with has its private key in the secrets. */
    private static void requirePrivateKeys(ConfigReader ikec, List<ConnectionConfig> connections,
                                           ConfigSecretStore secrets) {
        for (ConnectionConfig connection : connections) {
            if (!connection.local().usesSignatures()) {
                continue;
            }
            X509Certificate certificate = connection.local().certs().get(0);
            if (secrets.privateKey(certificate.getPublicKey()).isEmpty()) {
                throw new ConfigError(ikec.pathOf("connections") + "." + connection.name() + ".local.certs",
                        "no private key in secrets matches certificate '" + certificate.getSubjectX500Principal()
                                + "'; add its key file, for example secrets { gw { file = \"gw.key\" } }");
            }
        }
    }

    private static Config applyOverrides(Config parsed, Overrides overrides) {
        Config config = parsed;
        if (!overrides.listenAddresses().isEmpty()) {
            config = config.withValue("ikec.listen.addresses", ConfigValueFactory.fromIterable(overrides.listenAddresses()));
        }
        if (overrides.port() != null) {
            config = config.withValue("ikec.listen.port", ConfigValueFactory.fromAnyRef(overrides.port()));
        }
        if (overrides.natPort() != null) {
            config = config.withValue("ikec.listen.nat-port", ConfigValueFactory.fromAnyRef(overrides.natPort()));
        }
        if (!overrides.roles().isEmpty()) {
            config = config.withValue("ikec.roles", ConfigValueFactory.fromIterable(overrides.roles()));
        }
        if (overrides.management() != null) {
            Matcher hostPort = HOST_PORT.matcher(overrides.management());
            if (!hostPort.matches()) {
                throw new ConfigError("--mgmt", "invalid address '" + overrides.management()
                        + "'; write HOST:PORT, for example 127.0.0.1:7500 or [::1]:7500");
            }
            config = config.withValue("ikec.management.address", ConfigValueFactory.fromAnyRef(hostPort.group(1)))
                    .withValue("ikec.management.port", ConfigValueFactory.fromAnyRef(Integer.parseInt(hostPort.group(2))));
        }
        return config;
    }

    private static List<InetAddress> addresses(ConfigReader section, String key) {
        List<String> texts = section.stringList(key, "missing");
        if (texts.isEmpty()) {
            throw new ConfigError(section.pathOf(key), "the list is empty; give at least one address, for example [\"127.0.0.1\"]");
        }

        List<InetAddress> addresses = new ArrayList<>();
        for (String text : texts) {
            addresses.add(address(section, key, text));
        }
        return addresses;
    }

    /** Parses an IP literal; host names are rejected so that loading never sends a DNS query. */
    static InetAddress address(ConfigReader section, String key, String text) {
        if (!IP_LITERAL.matcher(text).matches()) {
            throw new ConfigError(section.pathOf(key), "'" + text + "' is not an IP address; host names are not"
                    + " accepted, write an address such as 127.0.0.1 or ::1");
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new ConfigError(section.pathOf(key), "'" + text + "' is not a valid IP address");
        }
    }

    private static Set<NodeRole> roles(ConfigReader ikec) {
        List<String> names = ikec.stringList("roles", "missing");
        if (names.isEmpty()) {
            throw new ConfigError(ikec.pathOf("roles"), "the list is empty; give concentrator, gateway or both");
        }

        Set<NodeRole> roles = EnumSet.noneOf(NodeRole.class);
        for (String name : names) {
            roles.add(NodeRole.fromConfigName(name).orElseThrow(() -> new ConfigError(ikec.pathOf("roles"),
                    "unknown role '" + name + "'; write concentrator or gateway")));
        }
        return roles;
    }

    private static PekkoConfig.Transport transport(ConfigReader cluster) {
        String name = cluster.string("transport", "missing");
        return PekkoConfig.Transport.fromConfigName(name).orElseThrow(() -> new ConfigError(cluster.pathOf("transport"),
                "unknown transport '" + name + "'; write tcp or aeron-udp"));
    }

    private static byte[] clusterSecret(ConfigReader ikec) {
        byte[] secret = SecretsParser.decode(ikec.string("cluster-secret", "missing"), ikec.pathOf("cluster-secret"));
        if (secret.length < MIN_CLUSTER_SECRET_BYTES) {
            throw new ConfigError(ikec.pathOf("cluster-secret"), "too short (" + secret.length + " bytes); give at least "
                    + MIN_CLUSTER_SECRET_BYTES + " bytes of text, or 0x and 32 hex digits");
        }
        return secret;
    }

    private static byte[] randomSecret() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return secret;
    }
}
