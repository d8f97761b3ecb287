package org.ikec.loadtest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * Runs the generator in a child JVM under {@code ulimit -n 256} with more source pairs than that
 * limit allows: it fails before binding anything, with one line and exit status 2.
 */
class OpenFileLimitProcessTest {

    @Test
    void runAboveLimitFailsInOneLine() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = "ulimit -n 256 && exec \"$0\" -cp \"$1\" org.ikec.loadtest.cli.LoadTestMain run"
                + " --target 127.0.0.1:9 --sas 2000 --sources 127.1.0.1-127.1.0.32 --source-ports 40000-40063"
                + " --duration-s 1 --psk-env LOADTEST_PSK";
        ProcessBuilder builder = new ProcessBuilder(List.of("bash", "-c", command, java,
                System.getProperty("java.class.path")));
        builder.environment().put("LOADTEST_PSK", "open-file-limit-test-psk");
        Process process = builder.start();

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the generator exits").isTrue();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.exitValue()).as(err).isEqualTo(2);
        assertThat(out).isEmpty();
        assertThat(err.lines()).hasSize(1);
        assertThat(err).matches("run: the run binds 2000 UDP sockets \\(one per source address and port pair\\) but"
                + " the open-file limit \\(ulimit -n\\) is 256 with \\d+ files already open; use fewer --sources or"
                + " --source-ports, or raise the limit, for example with 'ulimit -n \\d+'\\R");
    }
}
