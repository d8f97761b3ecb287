package org.ikec.loadtest.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.ikec.loadtest.cli.LoadTestMain.UsageException;
import org.ikec.loadtest.engine.AddressRange;
import org.ikec.loadtest.engine.LoadPlan;
import org.ikec.loadtest.engine.LoadRun;
import org.ikec.loadtest.engine.OpenFileLimit;
import org.ikec.loadtest.engine.PortRange;
import org.ikec.loadtest.engine.ResultJson;
import org.ikec.loadtest.engine.RunResult;
import org.ikec.loadtest.engine.Scenario;
import org.ikec.loadtest.engine.VirtualIpRequest;
import org.ikec.loadtest.engine.VirtualIpSummary;
import org.ikec.loadtest.snmp.SnmpWalkSettings;
import org.ikec.protocol.config.IkeIdentity;
import org.ikec.protocol.crypto.ProposalStrings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ikec loadtest run}: one load run against a target, with the result written as JSON. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Runs emulated IKEv2 clients against the target, prints progress to stderr and writes the result as JSON.")
final class RunCommand implements Callable<Integer> {

    /** Name of the system property that is {@code true} when stderr is a terminal. */
    static final String STDERR_TERMINAL = "ikec.loadtest.stderr-terminal";

    @Spec
    CommandLine.Model.CommandSpec spec;

    /** The process environment, for the PSK variable and the search path of snmpbulkwalk; tests replace it. */
    Map<String, String> environment = System.getenv();

    @Option(names = "--target", required = true, paramLabel = "HOST:PORT", split = ",", splitSynopsisLabel = ",",
            description = "the target's IKE address and port; clients are spread over several")
    List<String> targets;

    @Option(names = "--target-nat-port", paramLabel = "PORT", defaultValue = "4500",
            description = "the target's NAT-T port (default ${DEFAULT-VALUE})")
    int targetNatPort;

    @Option(names = "--scenario", paramLabel = "NAME", defaultValue = "storm",
            description = "storm, steady, churn or simultaneous (default ${DEFAULT-VALUE})")
    String scenario;

    @Option(names = "--sas", paramLabel = "N", defaultValue = "100",
            description = "IKE SAs in total (storm), held (steady, churn), or peers (simultaneous); default ${DEFAULT-VALUE}")
    int sas;

    @Option(names = "--rate", paramLabel = "R", description = "handshake starts per second (open loop)")
    Double rate;

    @Option(names = "--concurrency", paramLabel = "C",
            description = "handshakes in flight (closed loop); the default when --rate is not given is 64")
    Integer concurrency;

    @Option(names = "--duration-s", paramLabel = "T", defaultValue = "60",
            description = "seconds after which the run stops starting, deletes its IKE SAs and exits (default ${DEFAULT-VALUE})")
    double durationS;

    @Option(names = "--latency-warmup-s", paramLabel = "T", defaultValue = "0",
            description = "seconds from the start whose handshakes count in every figure but the setup latency,"
                    + " so the generator's own warm-up is not measured (default ${DEFAULT-VALUE})")
    double latencyWarmupS;

    @Option(names = "--jit-warmup-s", paramLabel = "T", defaultValue = "0",
            description = "seconds of handshakes in memory before the run, so that the generator's JIT compiler"
                    + " does not share its CPU with the run; 8 suits a rate measurement (default ${DEFAULT-VALUE})")
    double jitWarmupS;

    @Option(names = "--dh-reuse", paramLabel = "N", defaultValue = "1",
            description = "clients that share one Diffie-Hellman key pair, each for up to a minute (RFC 7296 §2.12)."
                    + " The target still computes every agreement, so this only makes the generator cheaper."
                    + " 1 gives every client its own (default ${DEFAULT-VALUE})")
    int dhReuse;

    @Option(names = "--delete-window", paramLabel = "N", defaultValue = "256",
            description = "final deletes in flight at once, so that a run's teardown does not overflow the target's"
                    + " receive buffer (default ${DEFAULT-VALUE})")
    int deleteWindow;

    @Option(names = "--delete-timeout-s", paramLabel = "T", defaultValue = "5",
            description = "seconds the final deletes may take after the run (default ${DEFAULT-VALUE})")
    double deleteTimeoutS;

    @Option(names = "--no-delete-at-end",
            description = "leave the IKE SAs up on the target at the end. No peer responds for them once the generator"
                    + " exits, so the target deletes each when its liveness check gets no response (with the node's"
                    + " defaults, dpd_delay 30s then about 165s of retransmissions), or at the latest when the"
                    + " IKE SA expires (node-config's file sets dpd_delay = 0s, so there they last rekey_time plus"
                    + " over_time, 4h10m by default)")
    boolean noDeleteAtEnd;

    @Option(names = "--proposal", paramLabel = "PROPOSAL", defaultValue = "aes256gcm16-prfsha256-x25519",
            description = "IKE proposal in swanctl syntax (default ${DEFAULT-VALUE})")
    String proposal;

    @Option(names = "--esp-proposal", paramLabel = "PROPOSAL", defaultValue = "aes256gcm16",
            description = "ESP proposal of the CHILD SA in swanctl syntax (default ${DEFAULT-VALUE})")
    String espProposal;

    @Mixin
    PskSource psk;

    @Option(names = "--id-pattern", paramLabel = "PATTERN", defaultValue = "client%d@loadtest.example",
            description = "our identity; %%d is replaced by the client number from 1 (default ${DEFAULT-VALUE})")
    String idPattern;

    @Option(names = "--remote-id", paramLabel = "ID", defaultValue = "%any",
            description = "the identity the target must present (default ${DEFAULT-VALUE})")
    String remoteId;

    @Option(names = "--sources", paramLabel = "RANGE", defaultValue = "127.1.0.1-127.1.0.254",
            description = "source addresses, one or FIRST-LAST; clients are spread over them (default ${DEFAULT-VALUE})")
    String sources;

    @Option(names = "--source-ports", paramLabel = "RANGE", defaultValue = "500",
            description = "source ports, one or FIRST-LAST (default ${DEFAULT-VALUE})")
    String sourcePorts;

    @Option(names = "--source-nat-port", paramLabel = "PORT", defaultValue = "4500",
            description = "our first NAT-T port with --nat-t; source port FIRST+k floats to this port + k (default ${DEFAULT-VALUE})")
    int sourceNatPort;

    @Option(names = "--hold-s", paramLabel = "N", defaultValue = "10",
            description = "churn: seconds each IKE SA is held before it is deleted and replaced (default ${DEFAULT-VALUE})")
    double holdS;

    @Option(names = "--rekey-child-s", paramLabel = "N", defaultValue = "0",
            description = "CHILD SA rekey time in seconds, 0 for none (default ${DEFAULT-VALUE})")
    double rekeyChildS;

    @Option(names = "--rekey-ike-s", paramLabel = "N", defaultValue = "0",
            description = "IKE SA rekey time in seconds, 0 for none (default ${DEFAULT-VALUE})")
    double rekeyIkeS;

    @Option(names = "--liveness-s", paramLabel = "N", defaultValue = "0",
            description = "idle seconds before a liveness check, 0 for none (default ${DEFAULT-VALUE})")
    double livenessS;

    @Option(names = "--nat-t", description = "float to NAT-T after IKE_SA_INIT, forced by a NAT_DETECTION_SOURCE_IP that does not match")
    boolean natT;

    @Option(names = "--retransmit", description = "retransmit unanswered requests with back-off, as a real client does")
    boolean retransmit;

    @Option(names = "--retransmit-timeout-s", paramLabel = "T", defaultValue = "4",
            description = "first retransmission timeout, and the whole wait without --retransmit (default ${DEFAULT-VALUE})")
    double retransmitTimeoutS;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "event-loop threads (default ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--out", paramLabel = "FILE", description = "result file (JSON)")
    Path out;

    @Option(names = "--progress-s", paramLabel = "N", defaultValue = "1",
            description = "seconds between progress lines on stderr, 0 for none (default ${DEFAULT-VALUE})")
    double progressS;

    @Option(names = "--mgmt", paramLabel = "HOST:PORT",
            description = "simultaneous: the target's management API, asked to initiate --connections")
    String management;

    @Option(names = "--connections", paramLabel = "NAME", split = ",", splitSynopsisLabel = ",",
            description = "simultaneous: the target's connections to initiate, one per peer")
    List<String> connections;

    @Option(names = "--snmp-walk", paramLabel = "HOST:PORT",
            description = "walk jnxIkeTunnelTable at this SNMPv2c agent with snmpbulkwalk, back to back, while the"
                    + " run lasts; the run fails if any walk fails")
    String snmpWalk;

    @Option(names = "--snmp-community", paramLabel = "COMMUNITY", defaultValue = "public",
            description = "SNMPv2c community for --snmp-walk (default ${DEFAULT-VALUE})")
    String snmpCommunity;

    @Option(names = "--snmp-timeout-s", paramLabel = "T", defaultValue = "10",
            description = "seconds one walk may take before it is stopped and counted as failed (default ${DEFAULT-VALUE})")
    double snmpTimeoutS;

    @Option(names = "--virtual-ip", paramLabel = "FAMILY", defaultValue = "none",
            description = "request a virtual IP address with CP(CFG_REQUEST): v4, v6, both or none (default"
                    + " ${DEFAULT-VALUE}); an IKE SA that comes without one counts as failed and is deleted")
    String virtualIp;

    @Override
    public Integer call() throws InterruptedException {
        LoadPlan plan = plan(environment);
        OpenFileLimit.check(plan).ifPresent(tooMany -> {
            throw new UsageException(tooMany);
        });

        LoadRun run = new LoadRun(plan, spec.commandLine().getErr(), stderrIsTerminal());
        try {
            return runAndReport(run);
        } catch (InterruptedException e) {
            // A signal stopped the JIT warm-up, which logged it, and the JVM is exiting.
            Thread.currentThread().interrupt();
            return LoadTestMain.EXIT_FAILED;
        } finally {
            run.resultReported();
        }
    }

    private int runAndReport(LoadRun run) throws InterruptedException {
        RunResult result;
        try {
            result = run.run();
        } catch (IOException e) {
            spec.commandLine().getErr().println("run: " + e.getMessage());
            return LoadTestMain.EXIT_FAILED;
        }
        if (out != null) {
            try {
                ResultJson.write(result, out);
            } catch (IOException e) {
                spec.commandLine().getErr().println("run: cannot write --out " + out + ": " + e.getMessage());
                return LoadTestMain.EXIT_FAILED;
            }
        }
        spec.commandLine().getOut().println(summary(result));
        spec.commandLine().getOut().flush();
        if (run.stoppedBySignal()) {
            spec.commandLine().getErr().println("run: stopped by a signal after " + Math.round(result.durationS())
                    + " s" + (out == null ? "" : "; result written to " + out));
            return LoadTestMain.EXIT_FAILED;
        }
        if (result.snmp() != null && result.snmp().walksFailed() > 0) {
            spec.commandLine().getErr().println("run: " + result.snmp().walksFailed() + " of " + result.snmp().walks()
                    + " SNMP walks failed, the first with " + result.snmp().firstFailure());
            return LoadTestMain.EXIT_FAILED;
        }
        if (result.totals().attempted() > 0 && result.totals().established() == 0) {
            spec.commandLine().getErr().println("run: no IKE SA was established; see the failures by reason above"
                    + " (behind a NAT-ing balancer add --nat-t)");
            return LoadTestMain.EXIT_FAILED;
        }
        return 0;
    }

    /**
     * Tells whether the progress line may rewrite itself. The launcher sets {@value #STDERR_TERMINAL}
     * because Java cannot test stderr itself; without it, a console on stdin and stdout counts.
     */
    private static boolean stderrIsTerminal() {
        String flag = System.getProperty(STDERR_TERMINAL);
        return flag == null ? System.console() != null : Boolean.parseBoolean(flag);
    }

    private static String summary(RunResult result) {
        String summary = "attempted " + result.totals().attempted() + ", established " + result.totals().established()
                + ", failed " + result.totals().failed() + " " + result.failures() + ", deleted "
                + result.totals().deleted() + ", held at end " + result.totals().heldAtEnd();
        if (result.snmp() != null) {
            summary += ", SNMP walks " + result.snmp().walks() + " (" + result.snmp().walksFailed() + " failed)";
        }
        if (result.virtualIp() != null) {
            summary += virtualIpSummary(result.virtualIp());
        }
        return summary;
    }

    private static String virtualIpSummary(VirtualIpSummary ips) {
        String summary = ", virtual IPs granted " + ips.granted() + " to " + ips.clientsGranted() + " clients, "
                + ips.distinctAddresses() + " distinct, duplicates " + ips.duplicates();
        if (!ips.duplicateExamples().isEmpty()) {
            summary += " " + ips.duplicateExamples();
        }
        return summary + ", address failures " + ips.addressFailures() + ", reconnects to the same address "
                + ips.reconnectsSame() + ", to another " + ips.reconnectsOther();
    }

    /** Checks every option and builds the run's plan; throws {@link UsageException} naming the bad option. */
    LoadPlan plan(Map<String, String> environment) {
        Scenario parsedScenario = parse("--scenario", () -> Scenario.parse(scenario));
        List<InetSocketAddress> parsedTargets = new ArrayList<>();
        for (String target : targets) {
            parsedTargets.add(parse("--target", () -> hostPort(target)));
        }
        AddressRange parsedSources = parse("--sources", () -> AddressRange.parse(sources));
        PortRange parsedPorts = parse("--source-ports", () -> PortRange.parse(sourcePorts));
        checkPort("--target-nat-port", targetNatPort);
        if (natT) {
            checkPort("--source-nat-port", sourceNatPort);
            parse("--source-nat-port", () -> new PortRange(sourceNatPort, sourceNatPort + parsedPorts.size() - 1));
        }
        if (rate != null && concurrency != null) {
            throw new UsageException("give --rate or --concurrency, not both");
        }
        if (rate != null && !(rate > 0 && Double.isFinite(rate))) {
            throw new UsageException("invalid --rate " + rate + "; expected a positive number of SAs per second");
        }
        if (concurrency != null && concurrency < 1) {
            throw new UsageException("invalid --concurrency " + concurrency + "; expected at least 1");
        }
        if (sas < 1) {
            throw new UsageException("invalid --sas " + sas + "; expected at least 1");
        }
        if (threads < 1) {
            throw new UsageException("invalid --threads " + threads + "; expected at least 1");
        }
        if (deleteWindow < 1) {
            throw new UsageException("invalid --delete-window " + deleteWindow + "; expected at least 1");
        }
        if (dhReuse < 1) {
            throw new UsageException("invalid --dh-reuse " + dhReuse + "; expected at least 1");
        }
        parse("--proposal", () -> ProposalStrings.parseIke(proposal));
        parse("--esp-proposal", () -> ProposalStrings.parseEsp(espProposal));
        parse("--remote-id", () -> IkeIdentity.parse(remoteId));
        parse("--id-pattern", () -> IkeIdentity.parse(idPattern.replace("%d", "1")));
        SnmpWalkSettings parsedSnmpWalk = snmpWalk == null ? null : new SnmpWalkSettings(
                parse("--snmp-walk", () -> hostPort(snmpWalk)), snmpCommunity,
                seconds("--snmp-timeout-s", snmpTimeoutS, false), environment.getOrDefault("PATH", ""));
        VirtualIpRequest parsedVirtualIp = parse("--virtual-ip", () -> VirtualIpRequest.parse(virtualIp));
        InetSocketAddress parsedManagement = management == null ? null : parse("--mgmt", () -> hostPort(management));
        List<String> parsedConnections = connections == null ? List.of() : connections;
        if (parsedScenario == Scenario.SIMULTANEOUS && parsedSources.size() * parsedPorts.size() < sas) {
            throw new UsageException("the simultaneous scenario needs a source address and port pair per peer: --sas "
                    + sas + " peers, but --sources and --source-ports give " + parsedSources.size() * parsedPorts.size());
        }
        if (parsedScenario == Scenario.SIMULTANEOUS && !parsedConnections.isEmpty() && parsedManagement == null) {
            throw new UsageException("--connections needs --mgmt HOST:PORT, the target's management API");
        }

        return new LoadPlan(parsedScenario, parsedTargets, targetNatPort, sas, rate == null ? 0 : rate,
                concurrency == null ? 64 : concurrency, seconds("--duration-s", durationS, false),
                seconds("--delete-timeout-s", deleteTimeoutS, true), !noDeleteAtEnd, proposal, espProposal,
                psk.read(environment), idPattern, remoteId, parsedSources, parsedPorts, sourceNatPort,
                seconds("--hold-s", holdS, true), seconds("--rekey-child-s", rekeyChildS, true),
                seconds("--rekey-ike-s", rekeyIkeS, true), seconds("--liveness-s", livenessS, true), natT, retransmit,
                seconds("--retransmit-timeout-s", retransmitTimeoutS, false), threads,
                seconds("--progress-s", progressS, true), parsedManagement, parsedConnections, optionsAsGiven(),
                parsedSnmpWalk, parsedVirtualIp, seconds("--latency-warmup-s", latencyWarmupS, true),
                seconds("--jit-warmup-s", jitWarmupS, true), dhReuse, deleteWindow);
    }

    private static <T> T parse(String option, java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new UsageException("invalid " + option + ": " + e.getMessage());
        }
    }

    private static void checkPort(String option, int port) {
        if (port < 1 || port > 65_535) {
            throw new UsageException("invalid " + option + " " + port + "; expected a port from 1 to 65535");
        }
    }

    private static Duration seconds(String option, double value, boolean zeroAllowed) {
        if (!Double.isFinite(value) || value < 0 || value == 0 && !zeroAllowed) {
            throw new UsageException("invalid " + option + " " + value + "; expected " + (zeroAllowed ? "0 or more" : "more than 0")
                    + " seconds");
        }
        return Duration.ofNanos(Math.round(value * 1e9));
    }

    /** Parses {@code HOST:PORT} or {@code [IPv6]:PORT}, where HOST is a literal address. */
    static InetSocketAddress hostPort(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("'" + text + "' is not HOST:PORT");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        PortRange port = PortRange.parse(text.substring(colon + 1));
        AddressRange address = AddressRange.parse(host);
        if (port.size() != 1 || address.size() != 1) {
            throw new IllegalArgumentException("'" + text + "' names more than one address or port");
        }
        return new InetSocketAddress(address.first(), port.first());
    }

    /**
     * Lists every option with its value as given or defaulted, without the help options. The SNMP
     * community is left out too, because it grants read access to the agent. The PSK is never an option.
     */
    private Map<String, Object> optionsAsGiven() {
        Map<String, Object> options = new LinkedHashMap<>();
        for (OptionSpec option : spec.options()) {
            if (option.usageHelp() || option.versionHelp() || option.longestName().equals("--snmp-community")) {
                continue;
            }
            Object value = option.getValue();
            if (value != null) {
                options.put(option.longestName().replaceFirst("^--", ""), value instanceof Path path ? path.toString() : value);
            }
        }
        return options;
    }
}
