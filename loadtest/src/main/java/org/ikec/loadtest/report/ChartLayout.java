package org.ikec.loadtest.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The pixel positions of a {@link Chart}: the plot area, the axis ticks and every series point.
 * The y axis, and the x axis of a linear chart, start at 0 and end at a round number at or above
 * the largest value.
 */
public final class ChartLayout {

    static final int MARGIN_LEFT = 80;
    static final int MARGIN_RIGHT = 24;
    static final int MARGIN_TOP = 56;
    static final int MARGIN_BOTTOM = 56;

    /** The right end of the percentile axis, 99.99 %, as log10(1 / (1 - 0.9999)). */
    static final double PERCENTILE_AXIS_DECADES = 4;

    /** Series colours in order. A chart with more series than colours reuses them from the start. */
    static final List<String> COLOURS = List.of("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b");

    private static final int TARGET_TICKS = 5;

    /** A tick on an axis: its pixel position along the axis and its label. */
    public record Tick(double position, String label) {
    }

    private final Chart chart;
    private final int width;
    private final int height;
    private final double xMax;
    private final double yMax;
    private final double yStep;

    public ChartLayout(Chart chart, int width, int height) {
        this.chart = chart;
        this.width = width;
        this.height = height;

        double largestY = 0;
        double largestX = 0;
        for (ChartSeries series : chart.series()) {
            for (ChartSeries.Point point : series.points()) {
                largestY = Math.max(largestY, point.y());
                largestX = Math.max(largestX, point.x());
            }
        }
        this.yStep = niceStep(largestY / TARGET_TICKS);
        this.yMax = Math.max(yStep, Math.ceil(largestY / yStep) * yStep);
        if (chart.xScale() == Chart.XScale.PERCENTILE) {
            this.xMax = PERCENTILE_AXIS_DECADES;
        } else {
            double xStep = niceStep(largestX / TARGET_TICKS);
            this.xMax = Math.max(xStep, Math.ceil(largestX / xStep) * xStep);
        }
    }

    public Chart chart() {
        return chart;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int plotLeft() {
        return MARGIN_LEFT;
    }

    public int plotRight() {
        return width - MARGIN_RIGHT;
    }

    public int plotTop() {
        return MARGIN_TOP;
    }

    public int plotBottom() {
        return height - MARGIN_BOTTOM;
    }

    /** Returns the colour of series number {@code index} as a CSS hex colour. */
    public static String colour(int index) {
        return COLOURS.get(index % COLOURS.size());
    }

    /** Returns the horizontal pixel position of an x value in data units. */
    public double x(double value) {
        double axisValue = chart.xScale() == Chart.XScale.PERCENTILE ? percentileDecades(value) : value;
        return plotLeft() + (plotRight() - plotLeft()) * Math.min(axisValue, xMax) / xMax;
    }

    /** Returns the vertical pixel position of a y value in data units. */
    public double y(double value) {
        return plotBottom() - (plotBottom() - plotTop()) * value / yMax;
    }

    /** Returns the pixel positions of a series's points, in its order. */
    public List<ChartSeries.Point> pixels(ChartSeries series) {
        List<ChartSeries.Point> pixels = new ArrayList<>();
        for (ChartSeries.Point point : series.points()) {
            pixels.add(new ChartSeries.Point(x(point.x()), y(point.y())));
        }
        return pixels;
    }

    public List<Tick> xTicks() {
        List<Tick> ticks = new ArrayList<>();
        if (chart.xScale() == Chart.XScale.PERCENTILE) {
            for (String percentile : List.of("0", "90", "99", "99.9", "99.99")) {
                ticks.add(new Tick(x(Double.parseDouble(percentile)), percentile + "%"));
            }
            return ticks;
        }

        double step = niceStep(xMax / TARGET_TICKS);
        for (int index = 0; index * step <= xMax * (1 + 1e-9); index++) {
            ticks.add(new Tick(x(index * step), number(index * step)));
        }
        return ticks;
    }

    public List<Tick> yTicks() {
        List<Tick> ticks = new ArrayList<>();
        for (int index = 0; index * yStep <= yMax * (1 + 1e-9); index++) {
            ticks.add(new Tick(y(index * yStep), number(index * yStep)));
        }
        return ticks;
    }

    /** Returns log10(1 / (1 - p / 100)), the decades of "nines" of a percentile in percent. */
    static double percentileDecades(double percentile) {
        if (percentile >= 100) {
            return PERCENTILE_AXIS_DECADES;
        }
        return Math.log10(100 / (100 - Math.max(percentile, 0)));
    }

    /** Returns 1, 2 or 5 times a power of ten, the smallest such step at or above {@code rough}. */
    static double niceStep(double rough) {
        if (!(rough > 0)) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(rough)));
        for (double factor : new double[] {1, 2, 5}) {
            if (factor * power >= rough * (1 - 1e-9)) {
                return factor * power;
            }
        }
        return 10 * power;
    }

    /** Formats a tick value: whole numbers without decimals, others with up to three. */
    static String number(double value) {
        if (value == Math.rint(value)) {
            return String.format(Locale.ROOT, "%d", (long) value);
        }
        return String.format(Locale.ROOT, "%.3f", value).replaceFirst("0+$", "");
    }
}
