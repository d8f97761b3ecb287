package org.ikec.loadtest.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

/**
 * Renders a {@link Chart} to a PNG image with Java 2D, laid out as {@link SvgChart} lays it out.
 * It needs no display when the JVM runs with {@code -Djava.awt.headless=true}, which
 * {@link #write} sets when no other value is given.
 */
public final class PngChart {

    private static final Color GRID = new Color(0xdd, 0xdd, 0xdd);
    private static final Color FRAME = new Color(0x44, 0x44, 0x44);

    private PngChart() {
    }

    /** Draws the chart at {@code width} by {@code height} pixels on a white background. */
    public static BufferedImage render(Chart chart, int width, int height) {
        ChartLayout layout = new ChartLayout(chart, width, height);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        try {
            graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            graphics.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            graphics.setColor(Color.WHITE);
            graphics.fillRect(0, 0, width, height);

            drawAxes(graphics, layout);
            drawLegend(graphics, layout);
            for (int index = 0; index < chart.series().size(); index++) {
                drawSeries(graphics, layout, chart.series().get(index), Color.decode(ChartLayout.colour(index)));
            }
        } finally {
            graphics.dispose();
        }
        return image;
    }

    /** Renders the chart and writes it as a PNG file. */
    public static void write(Chart chart, int width, int height, Path file) throws IOException {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        if (!ImageIO.write(render(chart, width, height), "png", file.toFile())) {
            throw new IOException("no PNG writer available in this JVM's ImageIO");
        }
    }

    private static void drawAxes(Graphics2D graphics, ChartLayout layout) {
        graphics.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics metrics = graphics.getFontMetrics();
        for (ChartLayout.Tick tick : layout.yTicks()) {
            int y = (int) Math.round(tick.position());
            graphics.setColor(GRID);
            graphics.drawLine(layout.plotLeft(), y, layout.plotRight(), y);
            graphics.setColor(Color.BLACK);
            graphics.drawString(tick.label(), layout.plotLeft() - 6 - metrics.stringWidth(tick.label()), y + metrics.getAscent() / 2 - 1);
        }
        for (ChartLayout.Tick tick : layout.xTicks()) {
            int x = (int) Math.round(tick.position());
            graphics.setColor(GRID);
            graphics.drawLine(x, layout.plotTop(), x, layout.plotBottom());
            graphics.setColor(Color.BLACK);
            graphics.drawString(tick.label(), x - metrics.stringWidth(tick.label()) / 2, layout.plotBottom() + 16);
        }

        graphics.setColor(FRAME);
        graphics.drawRect(layout.plotLeft(), layout.plotTop(), layout.plotRight() - layout.plotLeft(),
                layout.plotBottom() - layout.plotTop());

        graphics.setColor(Color.BLACK);
        String xLabel = layout.chart().xLabel();
        graphics.drawString(xLabel, (layout.plotLeft() + layout.plotRight() - metrics.stringWidth(xLabel)) / 2,
                layout.height() - 14);
        String yLabel = layout.chart().yLabel();
        AffineTransform saved = graphics.getTransform();
        graphics.rotate(-Math.PI / 2);
        graphics.drawString(yLabel, -(layout.plotTop() + layout.plotBottom() + metrics.stringWidth(yLabel)) / 2, 20);
        graphics.setTransform(saved);

        graphics.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        graphics.drawString(layout.chart().title(), layout.plotLeft(), 20);
    }

    private static void drawLegend(Graphics2D graphics, ChartLayout layout) {
        graphics.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int x = layout.plotLeft();
        for (int index = 0; index < layout.chart().series().size(); index++) {
            String name = layout.chart().series().get(index).name();
            graphics.setColor(Color.decode(ChartLayout.colour(index)));
            graphics.fillRect(x, 32, 12, 12);
            graphics.setColor(Color.BLACK);
            graphics.drawString(name, x + 16, 42);
            x += 32 + graphics.getFontMetrics().stringWidth(name);
        }
    }

    private static void drawSeries(Graphics2D graphics, ChartLayout layout, ChartSeries series, Color colour) {
        List<ChartSeries.Point> pixels = layout.pixels(series);
        if (pixels.isEmpty()) {
            return;
        }

        Path2D.Double line = new Path2D.Double();
        line.moveTo(pixels.get(0).x(), pixels.get(0).y());
        for (ChartSeries.Point pixel : pixels.subList(1, pixels.size())) {
            line.lineTo(pixel.x(), pixel.y());
        }
        graphics.setColor(colour);
        graphics.setStroke(new BasicStroke(2f));
        graphics.draw(line);
    }
}
