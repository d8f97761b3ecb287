package org.ikec.loadtest.report;

import java.util.List;
import java.util.Locale;

/**
 * Renders a {@link Chart} as an inline SVG element with no scripts and no external fonts. Every
 * point carries a {@code <title>} with its values in data units, which browsers show on hover.
 */
public final class SvgChart {

    private SvgChart() {
    }

    /** Returns the {@code <svg>} element of the chart at {@code width} by {@code height} pixels. */
    public static String render(Chart chart, int width, int height) {
        ChartLayout layout = new ChartLayout(chart, width, height);
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                        + " font-family=\"sans-serif\" font-size=\"12\" role=\"img\">%n",
                width, height, width, height));
        svg.append("<title>").append(Html.escape(chart.title())).append("</title>\n");
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\" font-size=\"15\" font-weight=\"bold\">%s</text>%n",
                layout.plotLeft(), Html.escape(chart.title())));

        appendAxes(svg, layout);
        appendLegend(svg, layout);
        for (int index = 0; index < chart.series().size(); index++) {
            appendSeries(svg, layout, chart.series().get(index), ChartLayout.colour(index));
        }

        svg.append("</svg>\n");
        return svg.toString();
    }

    private static void appendAxes(StringBuilder svg, ChartLayout layout) {
        for (ChartLayout.Tick tick : layout.yTicks()) {
            svg.append(String.format(Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                            + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" dominant-baseline=\"middle\">%s</text>%n",
                    layout.plotLeft(), tick.position(), layout.plotRight(), tick.position(),
                    layout.plotLeft() - 6, tick.position(), tick.label()));
        }
        for (ChartLayout.Tick tick : layout.xTicks()) {
            svg.append(String.format(Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>"
                            + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                    tick.position(), layout.plotTop(), tick.position(), layout.plotBottom(),
                    tick.position(), layout.plotBottom() + 16, tick.label()));
        }

        svg.append(String.format(Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#444\"/>%n",
                layout.plotLeft(), layout.plotTop(), layout.plotRight() - layout.plotLeft(),
                layout.plotBottom() - layout.plotTop()));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                (layout.plotLeft() + layout.plotRight()) / 2, layout.height() - 14, Html.escape(layout.chart().xLabel())));
        svg.append(String.format(Locale.ROOT,
                "<text x=\"16\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 16 %d)\">%s</text>%n",
                (layout.plotTop() + layout.plotBottom()) / 2, (layout.plotTop() + layout.plotBottom()) / 2,
                Html.escape(layout.chart().yLabel())));
    }

    private static void appendLegend(StringBuilder svg, ChartLayout layout) {
        int x = layout.plotLeft();
        for (int index = 0; index < layout.chart().series().size(); index++) {
            String name = layout.chart().series().get(index).name();
            svg.append(String.format(Locale.ROOT,
                    "<rect x=\"%d\" y=\"32\" width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%d\" y=\"42\">%s</text>%n",
                    x, ChartLayout.colour(index), x + 16, Html.escape(name)));
            x += 32 + 7 * name.length();
        }
    }

    private static void appendSeries(StringBuilder svg, ChartLayout layout, ChartSeries series, String colour) {
        List<ChartSeries.Point> pixels = layout.pixels(series);
        StringBuilder points = new StringBuilder();
        for (ChartSeries.Point pixel : pixels) {
            if (points.length() > 0) {
                points.append(' ');
            }
            points.append(String.format(Locale.ROOT, "%.1f,%.1f", pixel.x(), pixel.y()));
        }

        svg.append(String.format(Locale.ROOT,
                "<g class=\"series\" data-name=\"%s\"><polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n",
                Html.escape(series.name()), colour, points));
        for (int index = 0; index < pixels.size(); index++) {
            ChartSeries.Point point = series.points().get(index);
            svg.append(String.format(Locale.ROOT,
                    "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"><title>%s at %s: %s</title></circle>%n",
                    pixels.get(index).x(), pixels.get(index).y(), colour, Html.escape(series.name()),
                    ChartLayout.number(point.x()), ChartLayout.number(point.y())));
        }
        svg.append("</g>\n");
    }
}
