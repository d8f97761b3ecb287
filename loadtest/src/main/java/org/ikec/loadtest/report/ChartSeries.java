package org.ikec.loadtest.report;

import java.util.List;

/**
 * One line of a chart: its name in the legend and its points in data units, in drawing order.
 */
public record ChartSeries(String name, List<Point> points) {

    /** A point in data units. */
    public record Point(double x, double y) {
    }

    public ChartSeries {
        points = List.copyOf(points);
    }
}
