package org.ikec.loadtest.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Writes a Markdown summary of a JMH JSON result file: every score with its allocation per
 * operation, the responder's handshake cost, its crypto floor and the ratio of the two.
 *
 * <p>The crypto floor is the sum of the measured primitives one responder handshake with
 * aes256gcm16-prfsha256-x25519, PSK and one ESP aes256gcm16 CHILD SA has to run:
 * <ul>
 *   <li>one Curve25519 key pair and agreement;
 *   <li>16 HMAC-SHA-256 PRF calls (RFC 7296 §2.13-§2.17). Five of them have short inputs: SKEYSEED,
 *       prf(SK_pi, IDi'), prf(SK_pr, IDr') and two prf(PSK, "Key Pad for IKEv2"). Nine are prf+
 *       blocks, six for the 168 bytes of SK_* and three for the 72 bytes of ESP KEYMAT. Two run
 *       over the AUTH octets, which are about 300 bytes;
 *   <li>one AES-GCM-256 open of the IKE_AUTH request and one seal of the response.
 * </ul>
 * Nonce and key generation by the DRBG, the SHA-1 hashes of NAT detection and all parsing are
 * left out, because the floor counts only the cryptography that no implementation can skip.
 */
public final class JmhSummary {

    private static final String PACKAGE = "org.ikec.loadtest.bench.";
    private static final int SHORT_PRF_CALLS = 5;
    private static final int BLOCK_PRF_CALLS = 9;
    private static final int AUTH_PRF_CALLS = 2;

    private final Map<String, JsonNode> results = new LinkedHashMap<>();

    private JmhSummary(JsonNode root) {
        for (JsonNode result : root) {
            results.put(key(result), result);
        }
    }

    /** Arguments: the JMH JSON file, the Markdown file to write, and a line describing the run. */
    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: JmhSummary RESULTS_JSON SUMMARY_MD RUN_DESCRIPTION");
            System.exit(2);
        }
        JsonNode root = new ObjectMapper().readTree(Path.of(args[0]).toFile());
        if (!root.isArray() || root.isEmpty()) {
            throw new IllegalArgumentException(args[0] + " contains no JMH results");
        }

        String markdown = new JmhSummary(root).render(root.get(0), args[2]);
        Files.writeString(Path.of(args[1]), markdown);
    }

    /** Returns a result's name: class and method without the package, then its parameters. */
    private static String key(JsonNode result) {
        String name = result.get("benchmark").asText().replace(PACKAGE, "");
        JsonNode params = result.get("params");
        if (params == null || params.isEmpty()) {
            return name;
        }
        List<String> values = new ArrayList<>();
        params.fields().forEachRemaining(entry -> values.add(entry.getKey() + "=" + entry.getValue().asText()));
        return name + " [" + String.join(", ", values) + "]";
    }

    /** Returns a result's score in microseconds per operation. */
    private double micros(String key) {
        JsonNode metric = require(key).get("primaryMetric");
        return toMicros(metric.get("score").asDouble(), metric.get("scoreUnit").asText());
    }

    private static double toMicros(double value, String unit) {
        return switch (unit) {
            case "ns/op" -> value / 1000;
            case "us/op" -> value;
            case "ms/op" -> value * 1000;
            default -> throw new IllegalArgumentException("unexpected JMH unit " + unit);
        };
    }

    /** Returns the bytes allocated per operation, or NaN when the run had no GC profiler. */
    private double allocatedBytes(String key) {
        JsonNode secondary = require(key).get("secondaryMetrics");
        JsonNode norm = secondary == null ? null : secondary.get("gc.alloc.rate.norm");
        return norm == null ? Double.NaN : norm.get("score").asDouble();
    }

    private JsonNode require(String key) {
        JsonNode result = results.get(key);
        if (result == null) {
            throw new IllegalArgumentException("the JMH results contain no " + key + "; run every benchmark");
        }
        return result;
    }

    private String render(JsonNode first, String runDescription) {
        StringBuilder out = new StringBuilder();
        out.append("# JMH micro-benchmarks of the protocol's hot paths\n\n");
        out.append("Written by `loadtest/jmh.sh` from `jmh-latest.json`. ").append(runDescription).append("\n\n");
        out.append("Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
                .append(first.get("vmName").asText()).append(' ').append(first.get("jdkVersion").asText())
                .append(", ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version"))
                .append(". JMH ").append(first.get("jmhVersion").asText()).append(", ")
                .append(first.get("forks").asInt()).append(" fork(s), ")
                .append(first.get("warmupIterations").asInt()).append(" warmup and ")
                .append(first.get("measurementIterations").asInt()).append(" measurement iterations of ")
                .append(first.get("measurementTime").asText()).append(", one thread. ")
                .append("Other processes shared the machine during the run, so each number is a rough value, "
                        + "and the error columns show how much it moved.\n\n");

        renderTable(out);
        renderHandshake(out);
        return out.toString();
    }

    private void renderTable(StringBuilder out) {
        out.append("## All results\n\n");
        out.append("| Benchmark | Score | Error (99.9%) | Unit | Allocated (B/op) |\n");
        out.append("|---|---:|---:|---|---:|\n");
        for (Map.Entry<String, JsonNode> entry : results.entrySet()) {
            JsonNode metric = entry.getValue().get("primaryMetric");
            out.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %s | %.0f |%n", entry.getKey(),
                    metric.get("score").asDouble(), metric.get("scoreError").asDouble(),
                    metric.get("scoreUnit").asText(), allocatedBytes(entry.getKey())));
        }
        out.append('\n');
    }

    private void renderHandshake(StringBuilder out) {
        double keyExchange = micros("KeyExchangeBenchmark.keyPairAndAgreement [group=31]");
        double shortPrf = micros("KeyDerivationBenchmark.prf [prfInputLength=32]");
        double blockPrf = micros("KeyDerivationBenchmark.prf [prfInputLength=113]");
        double authPrf = micros("KeyDerivationBenchmark.prf [prfInputLength=300]");
        double open = micros("SkPayloadBenchmark.open [cipher=aes256gcm16]");
        double seal = micros("SkPayloadBenchmark.seal [cipher=aes256gcm16]");
        double prfs = SHORT_PRF_CALLS * shortPrf + BLOCK_PRF_CALLS * blockPrf + AUTH_PRF_CALLS * authPrf;
        double floor = keyExchange + prfs + open + seal;

        double saInit = micros("ResponderHandshakeBenchmark.saInit");
        double auth = micros("ResponderHandshakeBenchmark.auth");
        double responder = saInit + auth;
        double bothSides = micros("ResponderHandshakeBenchmark.bothSides");
        double responderBytes = allocatedBytes("ResponderHandshakeBenchmark.saInit")
                - allocatedBytes("ResponderHandshakeBenchmark.saInitSetupOnly")
                + allocatedBytes("ResponderHandshakeBenchmark.auth")
                - allocatedBytes("ResponderHandshakeBenchmark.authSetupOnly");

        out.append("## Responder handshake and its crypto floor\n\n");
        out.append("One PSK handshake, aes256gcm16-prfsha256-x25519, IKE_SA_INIT and IKE_AUTH with one ESP "
                + "aes256gcm16 CHILD SA, in memory. The initiator's messages are prepared outside the timed "
                + "method, so `saInit` and `auth` time the responder alone.\n\n");
        out.append("| Step | µs |\n|---|---:|\n");
        row(out, "Curve25519 key pair and agreement", keyExchange);
        row(out, SHORT_PRF_CALLS + " PRF calls over 32 bytes (SKEYSEED, prf(SK_p, ID'), key pads)",
                SHORT_PRF_CALLS * shortPrf);
        row(out, BLOCK_PRF_CALLS + " prf+ blocks over 113 bytes (6 for SK_*, 3 for ESP KEYMAT)",
                BLOCK_PRF_CALLS * blockPrf);
        row(out, AUTH_PRF_CALLS + " PRF calls over 300 bytes of AUTH octets", AUTH_PRF_CALLS * authPrf);
        row(out, "AES-GCM-256 open of the IKE_AUTH request", open);
        row(out, "AES-GCM-256 seal of the IKE_AUTH response", seal);
        row(out, "**Crypto floor (sum)**", floor);
        row(out, "Responder IKE_SA_INIT (`saInit`)", saInit);
        row(out, "Responder IKE_AUTH (`auth`)", auth);
        row(out, "**Responder handshake (`saInit + auth`)**", responder);
        row(out, "Both peers, four messages (`bothSides`)", bothSides);
        row(out, "Initiator's share, estimated as `bothSides - saInit - auth`", bothSides - responder);
        out.append(String.format(Locale.ROOT,
                "%n**Ratio of the responder handshake to the crypto floor: %.2f.** "
                        + "The responder allocates about %.0f bytes per handshake "
                        + "(`saInit - saInitSetupOnly + auth - authSetupOnly`, from `gc.alloc.rate.norm`).%n%n",
                responder / floor, responderBytes));
        out.append("The floor leaves out random numbers (Nr, the Curve25519 private key, SPIs), the SHA-1 "
                + "hashes of NAT detection, parsing, proposal selection and logging. Logging ran with no "
                + "SLF4J provider on the class path, so log calls cost almost nothing here. The AEAD steps are "
                + "timed at the request's size (207 bytes of inner payloads); the response is smaller, so "
                + "the floor is slightly too high.\n");
    }

    private static void row(StringBuilder out, String step, double micros) {
        out.append(String.format(Locale.ROOT, "| %s | %.2f |%n", step, micros));
    }
}
