package org.ikec.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.ikec.protocol.ike.IkeTraffic;
import org.junit.jupiter.api.Test;

class SnapshotCodecTest {

    private static final ChildSaSnapshot CHILD = new ChildSaSnapshot("net", "INSTALLED", "c1a2b3d4", "0000ffee",
            "aes256gcm16", List.of("10.0.0.0/8", "192.168.0.0/16"), List.of("127.1.9.3/32"),
            Instant.ofEpochSecond(1_796_000_000L, 123_456_789), 3600, 3000);

    private static final SaSnapshot FULL = new SaSnapshot("00f1e2d3c4b5a697", "127.0.0.2:25520", "bench", 70_001,
            "ESTABLISHED", true, "00f1e2d3c4b5a697", "8899aabbccddeeff", "127.0.9.2:500", "127.1.9.3:20001",
            "gw.loadtest.example", "client7@loadtest.example", "aes256gcm16-prfsha256-x25519",
            Instant.ofEpochMilli(1_796_000_000_123L), 14_400, IkeAuthMethod.ECDSA_384_SIGNATURE,
            new IkeTraffic(1_234_567_890_123L, 17, 0, 5), List.of(CHILD, CHILD), List.of("10.9.0.1", "fd00::1"));

    @Test
    void fullSnapshotRoundTrips() {
        SnapshotCodec codec = new SnapshotCodec();

        assertThat(codec.decode(FULL.id(), codec.encode(FULL))).isEqualTo(FULL);
    }

    @Test
    void nullsAndEmptyTextsRoundTrip() {
        SnapshotCodec codec = new SnapshotCodec();
        SaSnapshot sparse = new SaSnapshot("", "node", null, null, "CONNECTING", false, "", "", "", "", "null",
                "null", "", null, 0, null, null, List.of(), List.of());

        assertThat(codec.decode(sparse.id(), codec.encode(sparse))).isEqualTo(sparse);
    }

    @Test
    void negativeTunnelIndexRoundTrips() {
        SnapshotCodec codec = new SnapshotCodec();
        SaSnapshot snapshot = new SaSnapshot("01", "node", "c", -1, "ESTABLISHED", false, "01", "02", "a", "b",
                "l", "r", "p", Instant.EPOCH, -5, IkeAuthMethod.EAP, IkeTraffic.NONE, List.of(), List.of());

        assertThat(codec.decode(snapshot.id(), codec.encode(snapshot))).isEqualTo(snapshot);
    }

    @Test
    void upperCaseAndOddHexStayTexts() {
        SnapshotCodec codec = new SnapshotCodec();
        SaSnapshot snapshot = new SaSnapshot("ABCD", "node", "c", 1, "ESTABLISHED", false, "abc", "0A", "a", "b",
                "l", "deadbeef", "p", null, 0, null, IkeTraffic.NONE, List.of(), List.of());

        assertThat(codec.decode(snapshot.id(), codec.encode(snapshot))).isEqualTo(snapshot);
    }

    @Test
    void extremeInstantsRoundTrip() {
        SnapshotCodec codec = new SnapshotCodec();
        for (Instant instant : List.of(Instant.MIN, Instant.MAX, Instant.EPOCH, Instant.ofEpochSecond(-1, 999_000_000))) {
            SaSnapshot snapshot = new SaSnapshot("01", "node", "c", 1, "ESTABLISHED", false, "01", "02", "a", "b",
                    "l", "r", "p", instant, 0, null, IkeTraffic.NONE, List.of(), List.of());

            assertThat(codec.decode("01", codec.encode(snapshot))).as("%s", instant).isEqualTo(snapshot);
        }
    }

    @Test
    void sharedTextIsEncodedAsIndex() {
        SnapshotCodec codec = new SnapshotCodec();
        String longConnection = "c".repeat(500);
        SaSnapshot snapshot = new SaSnapshot("01", "node", longConnection, 1, "ESTABLISHED", false, "01", "02", "a",
                "b", "l", "r", "p", null, 0, null, IkeTraffic.NONE, List.of(), List.of());

        byte[] encoded = codec.encode(snapshot);

        assertThat(encoded.length).isLessThan(100);
        assertThat(codec.decode("01", encoded).connection()).isEqualTo(longConnection);
    }

    @Test
    void snapshotsOfOneCodecDecodeAfterManyEncodings() {
        SnapshotCodec codec = new SnapshotCodec();
        byte[] early = codec.encode(FULL);
        for (int i = 0; i < 1000; i++) {
            codec.encode(new SaSnapshot(Integer.toHexString(i), "node-" + i, "c", i, "ESTABLISHED", false, "01",
                    "02", "a", "b", "l", "r", "p", null, 0, null, IkeTraffic.NONE, List.of(), List.of()));
        }

        assertThat(codec.decode(FULL.id(), early)).isEqualTo(FULL);
    }
}
