package org.ikec.loadtest.engine;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.ikec.loadtest.snmp.SnmpWalkSettings;

/**
 * Everything a load run needs, checked and parsed.
 *
 * @param targets the target's IKE addresses; client {@code i} uses target {@code i mod n}
 * @param targetNatPort the target's NAT-T port
 * @param sas the number of IKE SAs (storm, steady, churn) or of peers (simultaneous)
 * @param ratePerSecond handshake starts per second for an open loop, or 0 for a closed loop
 * @param concurrency handshakes in flight for a closed loop (ignored for an open loop)
 * @param duration hard bound of the run before the final deletes
 * @param deleteTimeout how long the final deletes may take after {@code duration}
 * @param psk the pre-shared key; never printed
 * @param idPattern our identity, with {@code %d} replaced by the client number (from 1)
 * @param sourceNatPort our first NAT-T port; source port {@code p} floats to {@code sourceNatPort + (p - first)}
 * @param hold how long a churn client keeps its IKE SA before deleting it
 * @param rekeyChild CHILD SA rekey time, zero for none
 * @param rekeyIke IKE SA rekey time, zero for none
 * @param liveness idle time before a liveness check, zero for none
 * @param natT whether clients float to NAT-T, forced by a NAT_DETECTION_SOURCE_IP that does not match
 * @param retransmit whether requests are retransmitted with back-off, as a real client does
 * @param retransmitTimeout first retransmission timeout, and the whole wait for a response without retransmissions
 * @param management the target's management API, for the simultaneous scenario
 * @param connections the target's connection names to initiate, one per peer, for the simultaneous scenario
 * @param options every option as given on the command line, with the PSK left out, for the result file
 * @param snmpWalk the SNMP agent to walk during the run, or {@code null} for no walks
 * @param virtualIp the virtual IP addresses each client requests in IKE_AUTH; {@code null} means none
 * @param latencyWarmup how long after the start handshakes count in every figure but the setup
 *     latency, so that the generator's own JIT warm-up is not measured as the target's latency;
 *     {@code null} means zero
 * @param jitWarmup how long the generator runs handshakes in memory before the run starts, so that
 *     its JIT compiler is done before the first packet (see {@link JitWarmUp}); {@code null} means zero
 * @param dhReuse how many clients one Diffie-Hellman key pair serves within a minute, where 1 gives
 *     every client its own. The target computes every agreement either way, so a larger value only makes
 *     the generator cheaper.
 * @param deleteWindow how many of the final deletes may be in flight at once over all threads, so that
 *     the run's own teardown does not overflow the target's receive buffer
 */
public record LoadPlan(Scenario scenario, List<InetSocketAddress> targets, int targetNatPort, int sas,
                       double ratePerSecond, int concurrency, Duration duration, Duration deleteTimeout,
                       boolean deleteAtEnd, String proposal, String espProposal, byte[] psk, String idPattern,
                       String remoteId, AddressRange sources, PortRange sourcePorts, int sourceNatPort,
                       Duration hold, Duration rekeyChild, Duration rekeyIke, Duration liveness, boolean natT,
                       boolean retransmit, Duration retransmitTimeout, int threads, Duration progressInterval,
                       InetSocketAddress management, List<String> connections, Map<String, Object> options,
                       SnmpWalkSettings snmpWalk, VirtualIpRequest virtualIp, Duration latencyWarmup,
                       Duration jitWarmup, int dhReuse, int deleteWindow) {

    /** More IKE SAs than a warm-up storm sets up in its time, so the time ends it. */
    private static final int LOOPBACK_WARMUP_SAS = 200_000;
    private static final int DEFAULT_WARMUP_CONCURRENCY = 64;

    public LoadPlan {
        latencyWarmup = latencyWarmup == null ? Duration.ZERO : latencyWarmup;
        jitWarmup = jitWarmup == null ? Duration.ZERO : jitWarmup;
        targets = List.copyOf(targets);
        connections = List.copyOf(connections);
        options = Map.copyOf(options);
        virtualIp = virtualIp == null ? VirtualIpRequest.NONE : virtualIp;
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("at least one target is required");
        }
        if (sas < 1) {
            throw new IllegalArgumentException("the number of SAs must be at least 1, got " + sas);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("the number of threads must be at least 1, got " + threads);
        }
        if (dhReuse < 1) {
            throw new IllegalArgumentException("Diffie-Hellman reuse must be at least 1, got " + dhReuse);
        }
        if (deleteWindow < 1) {
            throw new IllegalArgumentException("the delete window must be at least 1, got " + deleteWindow);
        }
    }

    /**
     * Returns the plan of a warm-up storm against {@code target} (a {@link LoopbackResponder} whose
     * NAT-T port is {@code targetNatPort}) for {@code duration}: the same proposals, identities,
     * options and threads, from this plan's first source address, a closed loop, no deletes, and no
     * progress line, SNMP walks or virtual IP requests.
     */
    LoadPlan forLoopbackWarmUp(InetSocketAddress target, int targetNatPort, Duration duration) {
        AddressRange firstSource = AddressRange.parse(sources.addresses().get(0).getHostAddress());
        return new LoadPlan(Scenario.STORM, List.of(target), targetNatPort, LOOPBACK_WARMUP_SAS, 0,
                openLoop() ? DEFAULT_WARMUP_CONCURRENCY : concurrency, duration, Duration.ofSeconds(1), false,
                proposal, espProposal, psk, idPattern, remoteId, firstSource, sourcePorts, sourceNatPort,
                Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, natT, true, retransmitTimeout, threads,
                Duration.ZERO, null, List.of(), Map.of(), null, VirtualIpRequest.NONE, Duration.ZERO, Duration.ZERO,
                dhReuse, deleteWindow);
    }

    public boolean openLoop() {
        return ratePerSecond > 0;
    }

    /** Returns the identity of client {@code number}, counted from 1. */
    public String identity(int number) {
        return idPattern.contains("%d") ? idPattern.replace("%d", Integer.toString(number)) : idPattern;
    }

    @Override
    public String toString() {
        return "LoadPlan[" + scenario.label() + ", " + sas + " SAs to " + targets + "]";
    }
}
