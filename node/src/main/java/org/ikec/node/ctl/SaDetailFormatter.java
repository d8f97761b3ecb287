package org.ikec.node.ctl;

import java.time.Duration;
import java.time.Instant;

import org.ikec.cluster.SaDetail;
import org.ikec.cluster.SaSnapshot;

/**
 * Formats one IKE SA for {@code ikec ctl show}: the lines {@code ctl list} prints, the tunnel
 * index, and when the IKE SA and each CHILD SA rekey and expire.
 */
public final class SaDetailFormatter {

    private SaDetailFormatter() {
    }

    public static String format(SaDetail detail, Instant now) {
        SaSnapshot sa = detail.sa();
        StringBuilder out = new StringBuilder();
        SaTableFormatter.appendIkeSa(out, sa, now);
        if (sa.tunnelIndex() != null) {
            out.append("  tunnel   ").append(sa.tunnelIndex()).append('\n');
        }
        out.append("  rekey    ").append(when(detail.rekeyAt(), now)).append('\n');
        out.append("  expires  ").append(when(detail.expireAt(), now)).append('\n');

        for (int i = 0; i < sa.children().size(); i++) {
            SaTableFormatter.appendChildSa(out, sa.children().get(i), now);
            if (i < detail.childLifetimes().size()) {
                SaDetail.ChildSaLifetime lifetime = detail.childLifetimes().get(i);
                out.append("    rekey    ").append(when(lifetime.rekeyAt(), now)).append('\n');
                out.append("    expires  ").append(when(lifetime.expireAt(), now)).append('\n');
            }
        }
        return out.toString();
    }

    /** Formats a deadline as {@code in 42s}, {@code in 3m 5s}, {@code in 2h 1m}, {@code due now} or {@code never}. */
    static String when(Instant at, Instant now) {
        if (at == null) {
            return "never";
        }
        long seconds = Duration.between(now, at).toSeconds();
        if (seconds <= 0) {
            return "due now (" + at + ")";
        }
        String in = seconds < 60 ? seconds + "s"
                : seconds < 3600 ? seconds / 60 + "m " + seconds % 60 + "s"
                : seconds / 3600 + "h " + seconds % 3600 / 60 + "m";
        return "in " + in + " (" + at + ")";
    }
}
