package org.ikec.node.ctl;

import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** Formats the node's {@code GET /health} reply for a terminal. */
public final class HealthFormatter {

    private HealthFormatter() {
    }

    public static String format(JsonNode health) {
        StringBuilder out = new StringBuilder();
        out.append("status   ").append(health.path("status").asText()).append('\n');
        out.append("node     ").append(health.path("node").asText()).append('\n');
        out.append("ike      ").append(joined(health.path("ike"))).append('\n');
        out.append("nat-t    ").append(joined(health.path("natT"))).append('\n');

        int nameWidth = 1;
        for (Iterator<String> names = health.path("counters").fieldNames(); names.hasNext(); ) {
            nameWidth = Math.max(nameWidth, names.next().length());
        }

        Iterator<Map.Entry<String, JsonNode>> counters = health.path("counters").fields();
        if (counters.hasNext()) {
            out.append("counters\n");
        }
        while (counters.hasNext()) {
            Map.Entry<String, JsonNode> counter = counters.next();
            out.append(String.format("  %-" + nameWidth + "s %d%n", counter.getKey(), counter.getValue().asLong()));
        }
        return out.toString();
    }

    private static String joined(JsonNode list) {
        StringBuilder text = new StringBuilder();
        for (JsonNode item : list) {
            text.append(text.length() == 0 ? "" : " ").append(item.asText());
        }
        return text.toString();
    }
}
