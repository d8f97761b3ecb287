package org.ikec.node.ctl;

import com.fasterxml.jackson.databind.JsonNode;

/** Formats one node's reload result for {@code ikec ctl reload}. */
public final class ReloadFormatter {

    private ReloadFormatter() {
    }

    public static String format(JsonNode result) {
        StringBuilder text = new StringBuilder();
        text.append("node ").append(result.path("node").asText()).append(": configuration reloaded; connections added ")
                .append(names(result.path("added"))).append(", changed ").append(names(result.path("changed")))
                .append(", removed ").append(names(result.path("removed"))).append("; ")
                .append(result.path("secrets").asInt()).append(" secrets\n");

        boolean poolsChanged = !result.path("poolsAdded").isEmpty() || !result.path("poolsChanged").isEmpty()
                || !result.path("poolsRemoved").isEmpty();
        if (poolsChanged) {
            text.append("  pools added ").append(names(result.path("poolsAdded"))).append(", changed ")
                    .append(names(result.path("poolsChanged"))).append(", removed ")
                    .append(names(result.path("poolsRemoved"))).append('\n');
        }
        for (JsonNode rejected : result.path("poolsRejected")) {
            text.append("  ").append(rejected.asText()).append('\n');
        }
        if (result.path("radiusChanged").asBoolean()) {
            text.append("  RADIUS servers changed; new EAP conversations use them, and conversations in progress"
                    + " finish on the previous ones\n");
        }

        text.append("  new and changed connections and secrets apply to new IKE SAs; existing IKE SAs keep their"
                + " settings until they end, and removed connections accept no new IKE SAs\n");
        return text.toString();
    }

    private static String names(JsonNode list) {
        if (list.isEmpty()) {
            return "none";
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode name : list) {
            text.append(text.length() == 0 ? "" : " ").append(name.asText());
        }
        return text.toString();
    }
}
