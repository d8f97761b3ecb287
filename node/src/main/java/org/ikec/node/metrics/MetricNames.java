package org.ikec.node.metrics;

/**
 * Kamon names of the node's metrics. Kamon's Prometheus reporter adds {@code _total} to counters
 * and {@code _seconds} to time histograms, so {@code ikec_handshakes_started} is scraped as
 * {@code ikec_handshakes_started_total}.
 */
final class MetricNames {

    static final String IKE_SAS = "ikec_ike_sas";
    static final String CHILD_SAS = "ikec_child_sas";
    static final String HALF_OPEN_IKE_SAS = "ikec_half_open_ike_sas";
    static final String HANDSHAKES_STARTED = "ikec_handshakes_started";
    static final String HANDSHAKES_COMPLETED = "ikec_handshakes_completed";
    static final String HANDSHAKES_FAILED = "ikec_handshakes_failed";
    static final String CHILD_SA_FAILURES = "ikec_child_sa_failures";
    static final String EXCHANGE_LATENCY = "ikec_exchange_latency";
    static final String RETRANSMISSIONS = "ikec_retransmissions";
    static final String RETRANSMISSIONS_DROPPED = "ikec_retransmissions_dropped";
    static final String PACKETS_DROPPED = "ikec_packets_dropped";
    static final String SHARDS = "ikec_shards";
    static final String ENTITIES = "ikec_entities";
    static final String SNMP_REQUESTS = "ikec_snmp_requests";
    static final String SNMP_ERRORS = "ikec_snmp_errors";
    static final String HEAP_USED = "ikec_jvm_heap_used_bytes";
    static final String HEAP_MAX = "ikec_jvm_heap_max_bytes";
    static final String GC_COLLECTIONS = "ikec_jvm_gc_collections";
    static final String GC_TIME = "ikec_jvm_gc_time_milliseconds";
    // Gauges with a pool tag. Their values are the cluster's, so every node reports the same ones.
    static final String POOL_SIZE = "ikec_address_pool_size";
    static final String POOL_LEASED = "ikec_address_pool_leased";
    static final String POOL_FREE = "ikec_address_pool_free";
    /** The lease requests on this node that found the pool full, a counter with a {@code pool} tag. */
    static final String POOL_EXHAUSTIONS = "ikec_address_pool_exhaustions";
    /** Prefix of the RADIUS client's counters, one per {@code RadiusCounters#snapshot} name. */
    static final String RADIUS_PREFIX = "ikec_radius_";

    private MetricNames() {
    }
}
