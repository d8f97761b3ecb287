package org.ikec.loadtest.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/**
 * Runs the report command on the node and strongswan fixtures. At 1000 by 420 pixels the rate
 * chart's plot spans x 80 to 976 and y 56 to 364, with axes ending at 4 s and 400 SA/s.
 */
class ReportCommandTest {

    private static final int WHITE = 0xffffff;

    @TempDir
    Path dir;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    @Test
    void writesHtmlAndPng() throws IOException {
        Path html = dir.resolve("report.html");
        Path png = dir.resolve("rate.png");

        int exitCode = run("--in", "node=" + Fixtures.path("node.json") + "," + Fixtures.path("strongswan.json"),
                "--html", html.toString(), "--png", png.toString());

        assertThat(exitCode).isZero();
        assertThat(Files.readString(html)).contains("data-name=\"node\"", "data-name=\"strongswan\"");
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).isNotNull();
        assertThat(image.getWidth()).isEqualTo(ReportCommand.PNG_WIDTH);
        assertThat(image.getHeight()).isEqualTo(ReportCommand.PNG_HEIGHT);
    }

    @Test
    void pngDrawsSeriesInTheirColours() throws IOException {
        Path png = dir.resolve("rate.png");

        run("--in", "node=" + Fixtures.path("node.json") + ",strongswan=" + Fixtures.path("strongswan.json"),
                "--png", png.toString());

        BufferedImage image = ImageIO.read(png.toFile());
        // Anti-aliasing blends the edges of each 2-pixel line, so the checks look for exact colours near a point.
        // strongswan's peak, 400 SA/s at 2 s, is at x 80 + 896 / 2 = 528 on the plot's top edge, y 56.
        assertThat(hasColourNear(image, 528, 58, 0xd62728)).isTrue();
        // node at 1 s and 120 SA/s: x 80 + 896 / 4 = 304, y 364 - 308 * 0.3 = 271.6.
        assertThat(hasColourNear(image, 304, 272, 0x1f77b4)).isTrue();
        assertThat(hasColourNear(image, 304, 272, 0xd62728)).isFalse();
        assertThat(rgb(image, 0, 0)).isEqualTo(WHITE);
        assertThat(countNotWhite(image)).isGreaterThan(5_000);
    }

    @Test
    void missingOutputRejected() {
        StringWriter errors = new StringWriter();
        CommandLine command = new CommandLine(new ReportCommand()).setErr(new PrintWriter(errors));

        int exitCode = command.execute("--in", Fixtures.path("node.json").toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(errors.toString()).contains("missing output: give --html FILE, --png FILE or both");
    }

    private static int run(String... args) {
        return new CommandLine(new ReportCommand()).execute(args);
    }

    private static int rgb(BufferedImage image, int x, int y) {
        return image.getRGB(x, y) & 0xffffff;
    }

    private static boolean hasColourNear(BufferedImage image, int centreX, int centreY, int colour) {
        for (int y = centreY - 3; y <= centreY + 3; y++) {
            for (int x = centreX - 3; x <= centreX + 3; x++) {
                if (rgb(image, x, y) == colour) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int countNotWhite(BufferedImage image) {
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if (rgb(image, x, y) != WHITE) {
                    count++;
                }
            }
        }
        return count;
    }
}
