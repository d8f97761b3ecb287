package org.ikec.node.ctl;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.ikec.cluster.ChildSaSnapshot;
import org.ikec.cluster.SaSnapshot;

/**
 * Formats IKE SAs and their CHILD SAs for a terminal, laid out like {@code swanctl --list-sas}:
 * one header line per IKE SA, indented detail lines, CHILD SAs indented below. Our own SPI is
 * marked with {@code *}, and the peer's virtual IP addresses follow its address in brackets.
 */
public final class SaTableFormatter {

    private SaTableFormatter() {
    }

    public static String format(List<SaSnapshot> sas, Instant now) {
        if (sas.isEmpty()) {
            return "no IKE SAs\n";
        }

        StringBuilder out = new StringBuilder();
        for (SaSnapshot sa : sas) {
            appendIkeSa(out, sa, now);
            for (ChildSaSnapshot child : sa.children()) {
                appendChildSa(out, child, now);
            }
        }
        return out.toString();
    }

    static void appendIkeSa(StringBuilder out, SaSnapshot sa, Instant now) {
        String ourMarkI = sa.initiator() ? "*" : "";
        String ourMarkR = sa.initiator() ? "" : "*";
        out.append(sa.connection()).append(": ").append(sa.id()).append(", ").append(sa.state())
                .append(", ").append(sa.initiator() ? "initiator" : "responder")
                .append(", node ").append(sa.node()).append('\n');
        out.append("  spis     ").append(sa.spiI()).append("_i").append(ourMarkI).append(' ')
                .append(sa.spiR()).append("_r").append(ourMarkR).append('\n');
        out.append("  local    '").append(sa.localId()).append("' @ ").append(sa.localAddress()).append('\n');
        out.append("  remote   '").append(sa.remoteId()).append("' @ ").append(sa.remoteAddress());
        if (!sa.virtualIps().isEmpty()) {
            out.append(" [").append(String.join(" ", sa.virtualIps())).append(']');
        }
        out.append('\n');
        if (sa.proposal() != null) {
            out.append("  proposal ").append(sa.proposal()).append('\n');
        }
        if (sa.establishedAt() != null) {
            out.append("  established ").append(ago(sa.establishedAt(), now)).append('\n');
        }
    }

    static void appendChildSa(StringBuilder out, ChildSaSnapshot child, Instant now) {
        out.append("  ").append(child.name()).append(": ").append(child.state()).append(", ").append(child.proposal())
                .append('\n');
        out.append("    spis     in ").append(child.spiIn()).append(", out ").append(child.spiOut()).append('\n');
        if (child.installedAt() != null) {
            out.append("    installed ").append(ago(child.installedAt(), now)).append('\n');
        }
        out.append("    local    ").append(String.join(" ", child.localTs())).append('\n');
        out.append("    remote   ").append(String.join(" ", child.remoteTs())).append('\n');
    }

    /** Formats the time since {@code then} as {@code 42s ago}, {@code 3m 5s ago} or {@code 2h 1m ago}. */
    static String ago(Instant then, Instant now) {
        Duration age = Duration.between(then, now);
        if (age.isNegative()) {
            age = Duration.ZERO;
        }
        long seconds = age.toSeconds();
        if (seconds < 60) {
            return seconds + "s ago";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m " + seconds % 60 + "s ago";
        }
        return seconds / 3600 + "h " + seconds % 3600 / 60 + "m ago";
    }
}
