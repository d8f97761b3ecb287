package org.ikec.loadtest.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.ikec.loadtest.cli.LoadTestMain.UsageException;
import picocli.CommandLine.Option;

/** The options that name where the pre-shared key is read from; the key itself never appears on the command line. */
final class PskSource {

    @Option(names = "--psk-file", paramLabel = "FILE",
            description = "file whose content (without a trailing newline) is the pre-shared key")
    Path file;

    @Option(names = "--psk-env", paramLabel = "VAR", description = "environment variable that contains the pre-shared key")
    String variable;

    /** Reads the key from the file or the environment variable; exactly one of them must be given. */
    byte[] read(Map<String, String> environment) {
        if ((file == null) == (variable == null)) {
            throw new UsageException("give exactly one of --psk-file FILE and --psk-env VAR");
        }
        String psk;
        if (file != null) {
            try {
                psk = Files.readString(file, StandardCharsets.UTF_8).replaceAll("\\r?\\n$", "");
            } catch (IOException e) {
                throw new UsageException("cannot read --psk-file " + file + ": " + e.getMessage());
            }
        } else {
            psk = environment.get(variable);
            if (psk == null) {
                throw new UsageException("the environment variable " + variable + " named by --psk-env is not set");
            }
        }
        if (psk.isEmpty()) {
            throw new UsageException("the pre-shared key is empty");
        }
        return psk.getBytes(StandardCharsets.UTF_8);
    }
}
