package org.ikec.node.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.ikec.node.metrics.TestNode;
import org.ikec.node.metrics.UdpIkeClient;
import org.ikec.protocol.ike.ChildSa;
import org.ikec.protocol.ike.IkeSa;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;

/**
 * Runs handshakes, a CHILD SA rekey, a failed authentication and a delete against a node in this
 * JVM with every logger at TRACE, and searches everything logged for the PSK and every key.
 */
class LogSecrecyTest {

    /** Far enough ahead that the client's CHILD SA (rekey after 1 h less up to 1 min) is due, and not expired. */
    private static final long REKEY_DUE_MILLIS = 61 * 60_000L;

    @Test
    void textLogsHoldNoSecretAtTrace() throws Exception {
        try (CapturedLog log = new CapturedLog()) {
            Secrets secrets = runEverything(log, "format = text");

            assertThat(log.lines()).as("lines logged").hasSizeGreaterThan(50);
            assertThat(secrets.linesLeaking(log.lines())).isEmpty();
        }
    }

    @Test
    void jsonLogsHoldNoSecretAtTrace() throws Exception {
        try (CapturedLog log = new CapturedLog()) {
            Secrets secrets = runEverything(log, "format = json");

            List<String> lines = log.lines().stream().filter(line -> line.startsWith("{")).toList();
            assertThat(lines).as("JSON lines logged").hasSizeGreaterThan(50);
            ObjectMapper json = new ObjectMapper();
            for (String line : lines) {
                assertThat(json.readTree(line).has("formattedMessage")).as("JSON line %s", line).isTrue();
            }
            assertThat(secrets.linesLeaking(log.lines())).isEmpty();
        }
    }

    @Test
    void keyLoggingShowsTheKeys() throws Exception {
        try (CapturedLog log = new CapturedLog()) {
            IkeSa sa;
            Secrets secrets = new Secrets();
            try (TestNode node = TestNode.start("format = text, log-keys = true");
                 UdpIkeClient client = client(node, TestNode.PSK)) {
                sa = client.connect().orElseThrow();
                secrets.addKeysOf(sa);
            }

            ChildSa child = sa.children().get(0);
            String childKey = HexFormat.of().formatHex(child.encryptionKeyIn());
            byte[] keymat = sa.exportState().keys().keymat();
            // SK_d comes first, then SK_ai and SK_ar (empty for AES-GCM), then SK_ei.
            String skEi = HexFormat.of().formatHex(keymat, 32, 32 + 36);
            String lines = String.join("\n", log.lines());
            assertThat(lines).contains("KEY LOGGING IS ON");
            assertThat(lines).contains(skEi);
            assertThat(lines).contains(childKey);
            assertThat(secrets.linesLeaking(log.lines())).as("lines the secrecy check flags").hasSize(2);
        }
    }

    private static Secrets runEverything(CapturedLog log, String logging) throws Exception {
        Secrets secrets = new Secrets();
        secrets.addText(TestNode.PSK);
        try (TestNode node = TestNode.start(logging)) {
            setEveryLoggerToTrace();

            for (int i = 0; i < 2; i++) {
                try (UdpIkeClient client = client(node, TestNode.PSK)) {
                    IkeSa sa = client.connect().orElseThrow();
                    secrets.addKeysOf(sa);
                    int spiBeforeRekey = sa.children().get(0).inboundSpi();

                    client.runTimersAt(System.currentTimeMillis() + REKEY_DUE_MILLIS);
                    assertThat(sa.children()).as("CHILD SAs after the rekey").hasSize(1);
                    assertThat(sa.children().get(0).inboundSpi()).as("inbound SPI after the rekey")
                            .isNotEqualTo(spiBeforeRekey);
                    secrets.addKeysOf(sa);

                    client.delete();
                }
            }
            try (UdpIkeClient client = client(node, "wrong-psk")) {
                assertThat(client.connect()).as("IKE SA with a wrong PSK").isEmpty();
            }
        }
        return secrets;
    }

    private static void setEveryLoggerToTrace() {
        for (String subsystem : LogLevels.SUBSYSTEMS) {
            LogLevels.set(subsystem, "TRACE");
        }
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.TRACE);
        ((Logger) LoggerFactory.getLogger("org.apache.pekko")).setLevel(Level.TRACE);
        ((Logger) LoggerFactory.getLogger("kamon")).setLevel(Level.TRACE);
    }

    private static UdpIkeClient client(TestNode node, String psk) throws Exception {
        return new UdpIkeClient(node.ike, TestNode.PROPOSAL, psk, ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
    }
}
