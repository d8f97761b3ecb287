package org.ikec.node.interop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.opentest4j.TestAbortedException;

/** Checks that charon has the plugins a test loads, beyond those every lab test needs. */
final class CharonPlugins {

    private CharonPlugins() {
    }

    /** Fails under CI=true, and aborts the test otherwise, when one of {@code plugins} is missing. */
    static void require(String... plugins) {
        Path directory = StrongSwanPeer.CHARON.getParent().resolve("plugins");
        List<String> missing = List.of(plugins).stream()
                .filter(plugin -> !Files.exists(directory.resolve("libstrongswan-" + plugin + ".so"))).toList();
        if (missing.isEmpty()) {
            return;
        }

        String message = "charon's plugins " + missing + " are missing in " + directory
                + "; run deploy/install-test-deps.sh as root";
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(message);
        }
        throw new TestAbortedException(message);
    }
}
