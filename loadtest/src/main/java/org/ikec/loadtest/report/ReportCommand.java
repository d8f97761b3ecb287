package org.ikec.loadtest.report;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code report --in a.json[,b.json] --html out.html --png out.png}: writes the HTML report of
 * one or several load test results and the rate over time chart as PNG.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write an HTML report and a PNG rate chart from load test result files.")
public final class ReportCommand implements Callable<Integer> {

    static final int PNG_WIDTH = 1000;
    static final int PNG_HEIGHT = 420;

    @Spec
    CommandSpec spec;

    @Option(names = "--in", required = true, split = ",", paramLabel = "[NAME=]FILE",
            description = "Result JSON files of 'loadtest run', comma-separated. Without NAME= a series"
                    + " is named after its file, without .json.")
    List<String> inputs = new ArrayList<>();

    @Option(names = "--html", description = "The HTML report to write.")
    Path html;

    @Option(names = "--png", description = "The PNG file of the rate over time chart to write.")
    Path png;

    @Override
    public Integer call() throws Exception {
        if (html == null && png == null) {
            throw new ParameterException(spec.commandLine(), "missing output: give --html FILE, --png FILE or both");
        }

        List<LoadTestResult> results = new ArrayList<>();
        for (String input : inputs) {
            results.add(LoadTestResult.read(input));
        }

        if (html != null) {
            HtmlReport.write(results, Instant.now(), html);
        }
        if (png != null) {
            PngChart.write(ReportCharts.rateOverTime(results), PNG_WIDTH, PNG_HEIGHT, png);
        }
        return 0;
    }
}
