package org.ikec.node.ctl;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Formats the node's {@code GET /cluster/members} reply for a terminal. The IKE SA column shows
 * {@code -} for a member without the concentrator role, which has no IKE SAs, and
 * {@code no reply} for a concentrator whose SA directory did not reply in time.
 */
public final class MembersFormatter {

    private static final String CONCENTRATOR = "concentrator";

    private MembersFormatter() {
    }

    public static String format(JsonNode members) {
        StringBuilder out = new StringBuilder(String.format("%-40s %-8s %-20s %8s%n", "member", "status", "roles",
                "IKE SAs"));
        for (JsonNode member : members) {
            List<String> roles = new ArrayList<>();
            member.path("roles").forEach(role -> roles.add(role.asText()));

            out.append(String.format("%-40s %-8s %-20s %8s%s%n", member.path("address").asText(),
                    member.path("status").asText(), roles.isEmpty() ? "-" : String.join(",", roles),
                    ikeSas(member, roles), member.path("self").asBoolean() ? "  (this node)" : ""));
        }
        return out.toString();
    }

    private static String ikeSas(JsonNode member, List<String> roles) {
        if (!roles.contains(CONCENTRATOR)) {
            return "-";
        }
        JsonNode count = member.path("ikeSas");
        return count.isInt() ? Integer.toString(count.asInt()) : "no reply";
    }
}
