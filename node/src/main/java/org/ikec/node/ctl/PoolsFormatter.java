package org.ikec.node.ctl;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Formats the node's {@code GET /cluster/pools} reply for a terminal: one row per pool in
 * configuration order. The exhausted column counts lease requests on the node that replied, not cluster-wide.
 */
public final class PoolsFormatter {

    private static final String ROW = "%-20s %8s %8s %8s %10s%n";

    private PoolsFormatter() {
    }

    public static String format(JsonNode pools) {
        StringBuilder out = new StringBuilder(String.format(ROW, "pool", "size", "leased", "free", "exhausted"));
        if (pools.isEmpty()) {
            return out.append("(no pools configured)\n").toString();
        }

        for (JsonNode pool : pools) {
            out.append(String.format(ROW, pool.path("pool").asText(), pool.path("size").asInt(),
                    pool.path("leased").asInt(), pool.path("free").asInt(), pool.path("exhaustions").asLong()));
        }
        return out.toString();
    }
}
