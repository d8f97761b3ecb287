package org.ikec.loadtest.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class RunCountersTest {

    private static final long START = TimeUnit.SECONDS.toNanos(1_000);

    @Test
    void latencyCountsEveryHandshakeByDefault() {
        RunCounters counters = new RunCounters();

        establish(counters, START, 5);
        establish(counters, START + TimeUnit.SECONDS.toNanos(20), 2);
        Histogram latency = counters.takeLatencyInterval();

        assertThat(latency.getTotalCount()).isEqualTo(2);
        assertThat(latency.getMaxValue()).isBetween(4_990_000L, 5_010_000L);
    }

    @Test
    void warmupHandshakesLeftOutOfLatencyOnly() {
        RunCounters counters = new RunCounters();
        counters.measureLatencyFrom(START + TimeUnit.SECONDS.toNanos(10));

        establish(counters, START, 5);
        establish(counters, START + TimeUnit.SECONDS.toNanos(9), 3);
        establish(counters, START + TimeUnit.SECONDS.toNanos(10), 2);
        Histogram latency = counters.takeLatencyInterval();

        assertThat(latency.getTotalCount()).isEqualTo(1);
        assertThat(latency.getMaxValue()).isBetween(1_990_000L, 2_010_000L);
        assertThat(counters.established.sum()).isEqualTo(3);
        assertThat(counters.attempted.sum()).isEqualTo(3);
    }

    private static void establish(RunCounters counters, long intendedStartNanos, long seconds) {
        counters.started(intendedStartNanos);
        counters.established(intendedStartNanos, intendedStartNanos + TimeUnit.SECONDS.toNanos(seconds));
    }
}
