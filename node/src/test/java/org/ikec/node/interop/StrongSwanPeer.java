package org.ikec.node.interop;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strongSwan charon daemon (5.9.x, driven through swanctl and its vici socket) running in one
 * namespace of a {@link NetworkLab}, as initiator or responder.
 *
 * <p>charon always writes {@code /run/charon.pid} and does not start when that file names
 * a running process, so each peer runs in a private mount namespace ({@code unshare --mount}) in
 * which its own {@code run} directory is bind-mounted over {@code /run}. The vici socket and
 * the charon log live in the peer's directory, which is kept after the test.
 */
final class StrongSwanPeer implements AutoCloseable {

    static final Path CHARON = Path.of("/usr/lib/ipsec/charon");

    static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    static final Duration EXCHANGE_TIMEOUT = Duration.ofSeconds(20);

    private static final int LOG_TAIL_LINES = 60;

    private final NetworkLab lab;
    private final String namespace;
    private final String name;

    /** Directory of strongswan.conf, swanctl.conf, the charon log and the bind-mounted {@code run}. */
    private final Path dir;

    /** Extra lines for the {@code charon} section of strongswan.conf, such as {@code reuse_ikesa = no}. */
    private final List<String> charonOptions = new ArrayList<>();

    private LabProcess charon;

    private StrongSwanPeer(NetworkLab lab, String namespace, String name) {
        this.lab = lab;
        this.namespace = namespace;
        this.name = name;
        this.dir = lab.workDir().resolve(name);
    }

    /** Prepares a peer called {@code name} in {@code namespace}; {@link #start()} launches it. */
    static StrongSwanPeer create(NetworkLab lab, String namespace, String name) {
        return new StrongSwanPeer(lab, namespace, name);
    }

    /** Adds a {@code key = value} line to the {@code charon} section. Call it before {@link #start()}. */
    StrongSwanPeer charonOption(String key, String value) {
        if (charon != null) {
            throw new IllegalStateException(name + " is already started");
        }
        charonOptions.add(key + " = " + value);
        return this;
    }

    Path logFile() {
        return dir.resolve("charon.log");
    }

    private Path viciSocket() {
        return dir.resolve("run").resolve("charon.vici");
    }

    /** Starts charon on the standard ports 500 and 4500 and waits for its vici socket. */
    void start() {
        if (charon != null) {
            throw new IllegalStateException(name + " is already started");
        }
        prepareDirectories();
        writeStrongSwanConf();

        String script = "mount --bind '" + dir.resolve("run") + "' /run"
                + " && exec env STRONGSWAN_CONF='" + dir.resolve("strongswan.conf") + "' " + CHARON;
        charon = lab.start(namespace, name + "-charon",
                List.of("unshare", "--mount", "--propagation", "private", "sh", "-c", script));

        Waits.until(name + " vici socket " + viciSocket(), START_TIMEOUT, () -> {
            if (!charon.isAlive()) {
                throw new AssertionError(name + " charon exited with code " + charon.process().exitValue()
                        + "\n" + readOrNote(charon.outputFile()) + "\n" + logTail());
            }
            return Files.exists(viciSocket()) ? Optional.of(true) : Optional.empty();
        }, this::logTail);
    }

    private void prepareDirectories() {
        if (dir.toString().contains("'")) {
            throw new IllegalArgumentException("peer directory must not contain a quote: " + dir);
        }
        try {
            Files.createDirectories(dir.resolve("run"));
            // swanctl reads credentials from these folders next to swanctl.conf and warns when they are missing.
            for (String folder : List.of("x509", "x509ca", "x509ocsp", "x509aa", "x509ac", "x509crl",
                    "pubkey", "private", "rsa", "ecdsa", "bliss", "pkcs8", "pkcs12")) {
                Files.createDirectories(dir.resolve(folder));
            }
            // swanctl parses certificate and key files itself before it hands them to charon.
            Files.writeString(dir.resolve("swanctl-client.conf"),
                    "swanctl {\n  load = nonce random pem pkcs1 pkcs8 x509 pubkey openssl\n}\n");
        } catch (IOException e) {
            throw new UncheckedIOException("failed to create the peer directories under " + dir, e);
        }
    }

    private void writeStrongSwanConf() {
        String text = readTemplate()
                .replace("@PORT@", "500")
                .replace("@PORT_NAT_T@", "4500")
                .replace("@VICI_SOCKET@", viciSocket().toString())
                .replace("@LOG_FILE@", logFile().toString());
        StringBuilder options = new StringBuilder();
        for (String option : charonOptions) {
            // The template's own line for the key goes, since strongSwan takes the last definition.
            String key = option.substring(0, option.indexOf('=')).trim();
            text = text.replaceAll("(?m)^\\s*" + Pattern.quote(key) + "\\s*=.*\n", "");
            options.append("    ").append(option).append('\n');
        }
        text = text.replaceFirst("(?m)^charon \\{\n", Matcher.quoteReplacement("charon {\n" + options));
        write(dir.resolve("strongswan.conf"), text);
    }

    private static String readTemplate() {
        try (InputStream in = StrongSwanPeer.class.getResourceAsStream("/interop/strongswan.conf.template")) {
            if (in == null) {
                throw new IllegalStateException("test resource /interop/strongswan.conf.template is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the strongswan.conf template", e);
        }
    }

    /** Writes the connection and its secret to swanctl.conf and loads them into charon. */
    void loadConfig(SwanctlConfig config) {
        loadConfigs(List.of(config));
    }

    /**
     * Writes several connections and their secrets to one swanctl.conf and loads them into charon.
     * strongSwan merges the repeated {@code connections} and {@code secrets} sections.
     */
    void loadConfigs(List<SwanctlConfig> configs) {
        Path file = dir.resolve("swanctl.conf");
        write(file, configs.stream().map(SwanctlConfig::render).collect(java.util.stream.Collectors.joining()));

        swanctl("--load-all", "--noprompt", "--file", file.toString()).orThrow();
    }

    /**
     * Starts the CHILD SA {@code child} (and its IKE SA when needed) and returns once charon
     * reports it established. Throws with swanctl's output and the charon log tail otherwise.
     */
    void initiate(String child) {
        CommandResult result = swanctl("--initiate", "--child", child,
                "--timeout", Long.toString(EXCHANGE_TIMEOUT.toSeconds()));
        if (!result.succeeded()) {
            throw new AssertionError(name + " could not initiate " + child + " (exit code " + result.exitCode()
                    + ")\n" + result.output() + "\n" + logTail());
        }
    }

    /** Lists every IKE SA with its CHILD SAs. */
    /**
     * Lists charon's IKE SAs. Without {@code --noblock} the listing waits for an IKE SA that charon
     * is busy with; with it, such an SA would be missing from the list for that moment.
     */
    List<IkeSaStatus> listSas() {
        return IkeSaStatus.parseListSas(swanctl("--list-sas", "--raw").orThrow().output());
    }

    /** Returns the IKE SA of connection {@code connection}, or empty when there is none. */
    Optional<IkeSaStatus> ikeSa(String connection) {
        List<IkeSaStatus> matching = listSas().stream().filter(sa -> sa.name().equals(connection)).toList();
        if (matching.size() > 1) {
            throw new IllegalStateException(name + " has " + matching.size() + " IKE SAs for " + connection
                    + ": " + matching);
        }
        return matching.stream().findFirst();
    }

    /**
     * Rekeys the installed CHILD SA named {@code child} with CREATE_CHILD_SA and returns the new
     * CHILD SA once it is the only installed one of that name and its SPIs differ from the old ones.
     */
    ChildSaStatus rekeyChild(String child) {
        ChildSaStatus old = installedChild(child).orElseThrow(
                () -> new AssertionError(name + " has no installed CHILD SA " + child + "\n" + listSas()));

        swanctl("--rekey", "--child", child).orThrow();

        return Waits.until(name + " to replace CHILD SA " + child + " with SPIs " + old.spiIn() + "/" + old.spiOut(),
                EXCHANGE_TIMEOUT,
                () -> installedChild(child).filter(current -> !current.spiIn().equals(old.spiIn())
                        && !current.spiOut().equals(old.spiOut())),
                this::stateAndLogTail);
    }

    /**
     * Returns the only installed CHILD SA named {@code child}. The CHILD SA a rekey replaced is
     * ignored: charon keeps it as {@code REKEYED} for {@code delete_rekeyed_delay}, 5 s by default.
     */
    private Optional<ChildSaStatus> installedChild(String child) {
        List<ChildSaStatus> matching = new ArrayList<>();
        for (IkeSaStatus sa : listSas()) {
            sa.children().stream()
                    .filter(c -> c.name().equals(child) && c.state().equals("INSTALLED"))
                    .forEach(matching::add);
        }
        return matching.size() == 1 ? Optional.of(matching.get(0)) : Optional.empty();
    }

    /**
     * Rekeys the IKE SA of {@code connection} and returns the new IKE SA once it is established,
     * has new SPIs and is the only IKE SA of that connection.
     */
    IkeSaStatus rekeyIke(String connection) {
        IkeSaStatus old = ikeSa(connection).orElseThrow(
                () -> new AssertionError(name + " has no IKE SA " + connection));

        swanctl("--rekey", "--ike", connection).orThrow();

        return Waits.until(name + " to replace IKE SA " + connection + " " + old.spiI() + "_i " + old.spiR() + "_r",
                EXCHANGE_TIMEOUT,
                () -> onlyIkeSa(connection).filter(current -> current.state().equals("ESTABLISHED")
                        && !current.spiI().equals(old.spiI()) && !current.spiR().equals(old.spiR())),
                this::stateAndLogTail);
    }

    private Optional<IkeSaStatus> onlyIkeSa(String connection) {
        List<IkeSaStatus> matching = listSas().stream().filter(sa -> sa.name().equals(connection)).toList();
        return matching.size() == 1 ? Optional.of(matching.get(0)) : Optional.empty();
    }

    /** Deletes the IKE SA of {@code connection} with an INFORMATIONAL exchange and waits until it is gone. */
    void terminateIke(String connection) {
        swanctl("--terminate", "--ike", connection,
                "--timeout", Long.toString(EXCHANGE_TIMEOUT.toSeconds())).orThrow();

        Waits.until(name + " to remove IKE SA " + connection, EXCHANGE_TIMEOUT,
                () -> ikeSa(connection).isEmpty() ? Optional.of(true) : Optional.empty(),
                this::stateAndLogTail);
    }

    /**
     * Waits until charon has sent a liveness check (an empty INFORMATIONAL request, logged as
     * "sending DPD request") and parsed the INFORMATIONAL response, both after this call began.
     * Needs {@code dpd_delay} on the connection and no traffic from the peer meanwhile.
     */
    void awaitLivenessCheck(Duration timeout) {
        int start = log().length();

        Waits.until(name + " to send a liveness check and receive its response", timeout, () -> {
            String recent = log().substring(start);
            int request = recent.indexOf("sending DPD request");
            boolean answered = request >= 0
                    && recent.indexOf("parsed INFORMATIONAL response", request) >= 0;
            return answered ? Optional.of(true) : Optional.empty();
        }, this::stateAndLogTail);
    }

    /** Returns what {@code swanctl --list-algs} prints: the algorithms charon's loaded plugins provide. */
    String listAlgorithms() {
        return swanctl("--list-algs").orThrow().output();
    }

    /** Returns the whole charon log written so far. */
    String log() {
        return readOrNote(logFile());
    }

    /** Returns the last lines of the charon log, headed by the log's path. */
    String logTail() {
        List<String> lines = log().lines().toList();
        List<String> tail = lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
        return "--- last " + tail.size() + " lines of " + logFile() + " ---\n" + String.join("\n", tail);
    }

    private String stateAndLogTail() {
        String state;
        try {
            state = listSas().toString();
        } catch (RuntimeException e) {
            state = "(SAs could not be listed: " + e.getMessage() + ")";
        }
        return name + " SAs: " + state + "\n" + logTail();
    }

    private CommandResult swanctl(String... arguments) {
        List<String> command = new ArrayList<>(List.of("env",
                "STRONGSWAN_CONF=" + dir.resolve("swanctl-client.conf"), "swanctl"));
        command.add(arguments[0]);
        command.addAll(List.of("--uri", "unix://" + viciSocket()));
        command.addAll(List.of(arguments).subList(1, arguments.length));
        return Commands.run(command, EXCHANGE_TIMEOUT.plusSeconds(10));
    }

    /** Stops charon by its PID; the charon log stays in place. */
    @Override
    public void close() {
        if (charon != null) {
            lab.stop(charon);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static String readOrNote(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "(" + file + " does not exist)";
        } catch (IOException e) {
            return "(" + file + " could not be read: " + e.getMessage() + ")";
        }
    }
}
