package org.ikec.node.ctl;

import com.fasterxml.jackson.databind.JsonNode;

/** Formats one node's reload result for {@code ikec ctl reload}. */
public final class ReloadFormatter {

    private ReloadFormatter() {
    }

    public static String format(JsonNode result) {
        return "node " + result.path("node").asText() + ": configuration reloaded; connections added "
                + names(result.path("added")) + ", changed " + names(result.path("changed")) + ", removed "
                + names(result.path("removed")) + "; " + result.path("secrets").asInt() + " secrets\n"
                + "  new and changed connections and secrets apply to new IKE SAs; existing IKE SAs keep their"
                + " settings until they end, and removed connections accept no new IKE SAs\n";
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
