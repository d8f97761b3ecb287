package org.ikec.snmp;

import java.time.Instant;
import java.util.List;

import org.ikec.cluster.ChildSaSnapshot;
import org.ikec.cluster.IkeAuthMethod;
import org.ikec.cluster.SaSnapshot;
import org.ikec.protocol.ike.IkeTraffic;

/** SA snapshots as a node's directory reports them, for tests that fill the tables directly. */
final class TestSas {

    static final Instant ESTABLISHED_AT = Instant.parse("2026-01-01T00:00:00Z");
    static final long IKE_LIFETIME_SECONDS = 28_800;
    static final long CHILD_LIFETIME_SECONDS = 3_960;
    static final long CHILD_REKEY_SECONDS = 3_600;
    /** Octet counts beyond 2^32 and a packet count beyond 2^32, which wraps in a Counter32 column. */
    static final IkeTraffic TRAFFIC = new IkeTraffic(5_000_000_000L, 4_294_967_301L, 6_000_000_000L, 12);

    private TestSas() {
    }

    /** Returns an established responder SA from {@code remote} (ip:port) with one CHILD SA. */
    static SaSnapshot sa(String id, String serviceSet, String remote, int tunnelIndex) {
        ChildSaSnapshot child = new ChildSaSnapshot("net", "INSTALLED", "c0000001", "c1000002",
                "aes128gcm16-noesn", List.of("10.1.0.0/16"), List.of("10.2.0.7/32"), ESTABLISHED_AT,
                CHILD_LIFETIME_SECONDS, CHILD_REKEY_SECONDS);
        return new SaSnapshot(id, "node-a", serviceSet, tunnelIndex, "ESTABLISHED", false,
                "1111222233334444", "5555666677778888", "198.51.100.250:4500", remote,
                "vpn.example.org", "client@example.org", "aes256gcm16-prfsha256-ecp256", ESTABLISHED_AT,
                IKE_LIFETIME_SECONDS, IkeAuthMethod.PRE_SHARED_KEY, TRAFFIC, List.of(child));
    }
}
