package org.ikec.loadtest.report;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Paths of the hand-made result files under src/test/resources/report. */
final class Fixtures {

    private Fixtures() {
    }

    static Path path(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/report/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("fixture " + name + " has no file path", e);
        }
    }
}
