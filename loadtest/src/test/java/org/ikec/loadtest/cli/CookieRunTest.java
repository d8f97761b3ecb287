package org.ikec.loadtest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node whose cookie threshold is 0 requests a COOKIE (RFC 7296 §2.6) for every IKE_SA_INIT. */
class CookieRunTest {

    @TempDir
    Path dir;

    @Test
    void cookiesAreCountedAndRetried() throws Exception {
        Path psk = dir.resolve("psk");
        Files.writeString(psk, InProcessNode.PSK);
        Path out = dir.resolve("result.json");

        try (InProcessNode node = InProcessNode.start("", "ikec.ike.cookie-threshold = 0\n")) {
            int status = LoadTestMain.run(new String[] {"run", "--target", node.target(), "--psk-file", psk.toString(),
                    "--out", out.toString(), "--progress-s", "0", "--sas", "8", "--concurrency", "4",
                    "--sources", "127.1.11.1", "--source-ports", "41110", "--duration-s", "6"},
                    new PrintWriter(new StringWriter(), true), new PrintWriter(new StringWriter(), true));
            JsonNode result = new ObjectMapper().readTree(out.toFile());

            assertThat(status).isEqualTo(0);
            assertThat(result.path("totals").path("established").asLong()).isEqualTo(8);
            assertThat(result.path("totals").path("cookies").asLong()).isEqualTo(8);
            assertThat(node.saCount()).isEqualTo(0);
        }
    }
}
