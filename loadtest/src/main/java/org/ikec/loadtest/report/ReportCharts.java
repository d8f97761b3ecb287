package org.ikec.loadtest.report;

import java.util.ArrayList;
import java.util.List;

/** Builds the report's two charts from load test results, one series per result file. */
public final class ReportCharts {

    private ReportCharts() {
    }

    /**
     * Returns the IKE SAs established in each progress interval, over the run's time.
     *
     * <p>NOTE: the y values are the timeline's {@code established} counts as they are, so they are a
     * rate per second only for runs with {@code --progress-s 1}, as bench.sh starts them.
     */
    public static Chart rateOverTime(List<LoadTestResult> results) {
        List<ChartSeries> series = new ArrayList<>();
        for (LoadTestResult result : results) {
            List<ChartSeries.Point> points = new ArrayList<>();
            for (LoadTestResult.TimelinePoint point : result.timeline()) {
                points.add(new ChartSeries.Point(point.timeSeconds(), point.established()));
            }
            series.add(new ChartSeries(result.label(), points));
        }
        return new Chart("IKE SAs established per second", "time since start (s)", "established IKE SAs per second",
                Chart.XScale.LINEAR, series);
    }

    /** Returns the handshake latency by percentile, on the log "nines" axis. */
    public static Chart latencyPercentiles(List<LoadTestResult> results) {
        List<ChartSeries> series = new ArrayList<>();
        for (LoadTestResult result : results) {
            List<ChartSeries.Point> points = new ArrayList<>();
            for (LoadTestResult.PercentilePoint point : result.percentiles()) {
                points.add(new ChartSeries.Point(point.percentile(), point.valueMs()));
            }
            series.add(new ChartSeries(result.label(), points));
        }
        return new Chart("Handshake latency by percentile", "percentile", "latency (ms)",
                Chart.XScale.PERCENTILE, series);
    }
}
