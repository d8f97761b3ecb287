package org.ikec.loadtest.report;

import java.util.List;

/**
 * A line chart in data units, drawn by {@link SvgChart} and {@link PngChart} through one
 * {@link ChartLayout}.
 *
 * @param title  the heading above the plot
 * @param xLabel the x axis label, with its unit
 * @param yLabel the y axis label, with its unit
 * @param xScale how x values map to the axis
 * @param series the lines, each drawn in its own colour
 */
public record Chart(String title, String xLabel, String yLabel, XScale xScale, List<ChartSeries> series) {

    /** The mapping of x values to the horizontal axis. */
    public enum XScale {
        /** Equal distances for equal differences, from 0 to the largest x. */
        LINEAR,
        /**
         * Percentiles in percent, placed at log10(1 / (1 - p / 100)) as HdrHistogram's plots do,
         * so 0, 90, 99, 99.9 and 99.99 are equally spaced. Values of 99.99 and above sit at the right end.
         */
        PERCENTILE
    }

    public Chart {
        series = List.copyOf(series);
    }
}
