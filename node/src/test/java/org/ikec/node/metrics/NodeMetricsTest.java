package org.ikec.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;
import org.snmp4j.PDU;

/**
 * Runs real handshakes over UDP against a node in this JVM and checks the counters and gauges
 * its {@code /metrics} endpoint serves.
 */
class NodeMetricsTest {

    private static final int GOOD_HANDSHAKES = 3;

    @Test
    void scrapeCountsHandshakesAndFailures() throws Exception {
        try (TestNode node = TestNode.start("format = text")) {
            for (int i = 0; i < GOOD_HANDSHAKES; i++) {
                assertThat(connect(node, TestNode.PROPOSAL, TestNode.PSK)).as("good handshake %d", i).isPresent();
            }
            assertThat(connect(node, TestNode.PROPOSAL, "wrong-psk")).as("wrong PSK").isEmpty();
            assertThat(connect(node, "aes128-sha256-ecp256", TestNode.PSK)).as("unsupported proposal").isEmpty();
            // ECP-256 first: the node expects X25519, sends INVALID_KE_PAYLOAD, and the retry succeeds.
            assertThat(connect(node, "aes256gcm16-prfsha256-ecp256-x25519", TestNode.PSK)).as("wrong group").isPresent();

            Scrape scrape = awaitScrape(node, GOOD_HANDSHAKES + 1);

            assertThat(scrape.value("ikec_handshakes_started_total", "role", "responder")).isEqualTo(7.0);
            assertThat(scrape.value("ikec_handshakes_completed_total", "role", "responder")).isEqualTo(4.0);
            assertThat(scrape.value("ikec_handshakes_failed_total", "role", "responder", "reason", "auth_failed"))
                    .isEqualTo(1.0);
            assertThat(scrape.value("ikec_handshakes_failed_total", "role", "responder", "reason", "no_proposal"))
                    .isEqualTo(1.0);
            assertThat(scrape.value("ikec_handshakes_failed_total", "role", "responder", "reason", "invalid_ke"))
                    .isEqualTo(1.0);
            assertThat(scrape.value("ikec_handshakes_failed_total", "role", "responder", "reason", "timeout"))
                    .isEqualTo(0.0);
            assertThat(scrape.value("ikec_handshakes_started_total", "role", "initiator")).isEqualTo(0.0);
            assertThat(scrape.value("ikec_ike_sas")).isEqualTo(4.0);
            assertThat(scrape.value("ikec_child_sas")).isEqualTo(4.0);
            assertThat(scrape.value("ikec_half_open_ike_sas")).isEqualTo(0.0);
            assertThat(scrape.value("ikec_exchange_latency_seconds_count", "exchange", "IKE_SA_INIT", "requester", "theirs"))
                    .isEqualTo(7.0);
            assertThat(scrape.value("ikec_exchange_latency_seconds_count", "exchange", "IKE_AUTH", "requester", "theirs"))
                    .isEqualTo(5.0);
            assertThat(scrape.value("ikec_retransmissions_total", "exchange", "INFORMATIONAL")).isEqualTo(0.0);
            assertThat(scrape.value("ikec_retransmissions_dropped_total", "exchange", "IKE_AUTH")).isEqualTo(0.0);
            assertThat(scrape.value("ikec_packets_dropped_total", "reason", "unknown_spi")).isEqualTo(0.0);
            assertThat(scrape.value("ikec_shards")).isGreaterThanOrEqualTo(1.0);
            assertThat(scrape.value("ikec_entities")).isGreaterThanOrEqualTo(4.0);
            assertThat(scrape.value("ikec_jvm_heap_used_bytes")).isPositive();
        }
    }

    @Test
    void scrapeCountsSnmpRequests() throws Exception {
        int snmpPort;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            snmpPort = probe.getLocalPort();
        }
        String snmp = "snmp { enabled = true, address = \"127.0.0.1\", port = " + snmpPort + " }";

        try (TestNode node = TestNode.start("format = text", snmp);
             SnmpClient client = new SnmpClient(snmpPort)) {
            client.send(PDU.GET);
            client.send(PDU.GET);
            client.send(PDU.GETNEXT);
            client.send(PDU.GETBULK);
            client.send(PDU.SET);

            Scrape scrape = awaitValue(node, "ikec_snmp_requests_total", "pdu", "set", 1.0);

            assertThat(scrape.value("ikec_snmp_requests_total", "pdu", "get")).isEqualTo(2.0);
            assertThat(scrape.value("ikec_snmp_requests_total", "pdu", "getnext")).isEqualTo(1.0);
            assertThat(scrape.value("ikec_snmp_requests_total", "pdu", "getbulk")).isEqualTo(1.0);
            assertThat(scrape.value("ikec_snmp_requests_total", "pdu", "set")).isEqualTo(1.0);
            assertThat(scrape.value("ikec_snmp_errors_total", "error", "not_writable")).isEqualTo(1.0);
            assertThat(scrape.value("ikec_snmp_errors_total", "error", "bad_community")).isEqualTo(0.0);
        }
    }

    /** Scrapes until one series has {@code expected}, at most 10 s. */
    private static Scrape awaitValue(TestNode node, String name, String label, String labelValue, double expected)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            String text = node.scrape();
            Scrape scrape = Scrape.parse(text);
            if (scrape.value(name, label, labelValue) == expected) {
                return scrape;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + " did not reach " + expected + " within 10 s; last scrape:\n" + text);
            }
            Thread.sleep(100);
        }
    }

    private static Optional<?> connect(TestNode node, String proposal, String psk) throws Exception {
        long spiI = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        try (UdpIkeClient client = new UdpIkeClient(node.ike, proposal, psk, spiI)) {
            return client.connect();
        }
    }

    /** Scrapes until the IKE SA gauge shows {@code ikeSas}, at most 10 s: values appear after a Kamon tick. */
    private static Scrape awaitScrape(TestNode node, int ikeSas) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String text = node.scrape();
        while (Scrape.parse(text).value("ikec_ike_sas") != ikeSas || Scrape.parse(text).value("ikec_entities") < ikeSas) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("ikec_ike_sas did not reach " + ikeSas + " within 10 s; last scrape:\n" + text);
            }
            Thread.sleep(100);
            text = node.scrape();
        }
        // One more tick, so counters incremented before the gauge's sample are in as well.
        Thread.sleep(500);
        return Scrape.parse(node.scrape());
    }
}
