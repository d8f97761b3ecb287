package org.ikec.node.radius;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of a {@link RadiusClient}. The client thread writes them and any thread may read them.
 */
public final class RadiusCounters {

    private final LongAdder requests = new LongAdder();
    private final LongAdder retransmissions = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private final LongAdder failovers = new LongAdder();
    private final LongAdder failedRequests = new LongAdder();
    private final LongAdder accepts = new LongAdder();
    private final LongAdder rejects = new LongAdder();
    private final LongAdder challenges = new LongAdder();
    private final LongAdder badAuthenticators = new LongAdder();
    private final LongAdder malformed = new LongAdder();
    private final LongAdder unexpected = new LongAdder();

    void recordRequest() {
        requests.increment();
    }

    void recordRetransmission() {
        retransmissions.increment();
    }

    void recordTimeout() {
        timeouts.increment();
    }

    void recordFailover() {
        failovers.increment();
    }

    void recordFailedRequest() {
        failedRequests.increment();
    }

    void recordAccept() {
        accepts.increment();
    }

    void recordReject() {
        rejects.increment();
    }

    void recordChallenge() {
        challenges.increment();
    }

    void recordBadAuthenticator() {
        badAuthenticators.increment();
    }

    void recordMalformed() {
        malformed.increment();
    }

    void recordUnexpected() {
        unexpected.increment();
    }

    /** Returns the number of Access-Requests passed to {@link RadiusClient#send}. */
    public long requests() {
        return requests.sum();
    }

    /** Returns the number of transmissions repeated after a timeout, to the same server. */
    public long retransmissions() {
        return retransmissions.sum();
    }

    /** Returns the number of transmissions that got no response within the server's timeout. */
    public long timeouts() {
        return timeouts.sum();
    }

    /** Returns the number of times a request moved on to the next server. */
    public long failovers() {
        return failovers.sum();
    }

    /** Returns the number of requests that no server responded to. */
    public long failedRequests() {
        return failedRequests.sum();
    }

    public long accepts() {
        return accepts.sum();
    }

    public long rejects() {
        return rejects.sum();
    }

    public long challenges() {
        return challenges.sum();
    }

    /** Returns the number of responses dropped for a wrong or missing authenticator. */
    public long badAuthenticators() {
        return badAuthenticators.sum();
    }

    /** Returns the number of datagrams dropped because they were not well-formed RADIUS. */
    public long malformed() {
        return malformed.sum();
    }

    /** Returns the number of responses dropped because no request was waiting for their Identifier. */
    public long unexpected() {
        return unexpected.sum();
    }

    /** Returns every counter by a stable lower-case name, for the management interface. */
    public Map<String, Long> snapshot() {
        Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("requests", requests());
        counters.put("retransmissions", retransmissions());
        counters.put("timeouts", timeouts());
        counters.put("failovers", failovers());
        counters.put("failed_requests", failedRequests());
        counters.put("accepts", accepts());
        counters.put("rejects", rejects());
        counters.put("challenges", challenges());
        counters.put("bad_authenticators", badAuthenticators());
        counters.put("malformed", malformed());
        counters.put("unexpected", unexpected());
        return counters;
    }
}
