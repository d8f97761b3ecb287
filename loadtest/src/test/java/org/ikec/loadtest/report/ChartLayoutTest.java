package org.ikec.loadtest.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChartLayoutTest {

    @ParameterizedTest
    @CsvSource({"0, 1", "0.07, 0.1", "1, 1", "1.5, 2", "3, 5", "80, 100", "19, 20", "250, 500", "501, 1000"})
    void niceStepRoundsUp(double rough, double expected) {
        assertThat(ChartLayout.niceStep(rough)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "90, 1", "99, 2", "99.9, 3", "99.99, 4", "100, 4"})
    void percentileDecadesOfNines(double percentile, double expected) {
        assertThat(ChartLayout.percentileDecades(percentile)).isCloseTo(expected, within(1e-9));
    }

    @Test
    void linearTicksCoverLargestValue() {
        Chart chart = new Chart("t", "x", "y", Chart.XScale.LINEAR, List.of(new ChartSeries("a",
                List.of(new ChartSeries.Point(0, 0), new ChartSeries.Point(10, 95)))));

        ChartLayout layout = new ChartLayout(chart, 900, 380);

        assertThat(layout.yTicks()).extracting(ChartLayout.Tick::label).containsExactly("0", "20", "40", "60", "80", "100");
        assertThat(layout.xTicks()).extracting(ChartLayout.Tick::label).containsExactly("0", "2", "4", "6", "8", "10");
        assertThat(layout.y(100)).isEqualTo(56.0);
        assertThat(layout.y(0)).isEqualTo(324.0);
        assertThat(layout.x(10)).isEqualTo(876.0);
    }

    @Test
    void linearXAxisEndsOnTick() {
        Chart chart = new Chart("t", "x", "y", Chart.XScale.LINEAR, List.of(new ChartSeries("a",
                List.of(new ChartSeries.Point(1, 5), new ChartSeries.Point(34, 7)))));

        ChartLayout layout = new ChartLayout(chart, 900, 380);

        assertThat(layout.xTicks()).extracting(ChartLayout.Tick::label).containsExactly("0", "10", "20", "30", "40");
        assertThat(layout.x(40)).isEqualTo(876.0);
    }

    @Test
    void percentileTicksEquallySpaced() {
        Chart chart = new Chart("t", "x", "y", Chart.XScale.PERCENTILE, List.of());

        ChartLayout layout = new ChartLayout(chart, 900, 380);

        List<ChartLayout.Tick> ticks = layout.xTicks();
        assertThat(ticks).extracting(ChartLayout.Tick::label).containsExactly("0%", "90%", "99%", "99.9%", "99.99%");
        double[] expected = {80, 279, 478, 677, 876};
        for (int index = 0; index < expected.length; index++) {
            assertThat(ticks.get(index).position()).as(ticks.get(index).label()).isCloseTo(expected[index], within(1e-6));
        }
    }

    @Test
    void emptyChartHasUnitYAxis() {
        Chart chart = new Chart("t", "x", "y", Chart.XScale.LINEAR, List.of());

        ChartLayout layout = new ChartLayout(chart, 900, 380);

        assertThat(layout.yTicks()).extracting(ChartLayout.Tick::label).containsExactly("0", "1");
    }
}
