package org.ikec.loadtest.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class GcPausesTest {

    @Test
    void collectionDuringRunIsRecorded() throws InterruptedException {
        GcPauses pauses = GcPauses.start(Duration.ZERO);

        System.gc();
        GcPauses.Summary summary = awaitPauses(pauses);

        assertThat(summary.count()).isGreaterThanOrEqualTo(1);
        assertThat(summary.maxMillis()).isLessThanOrEqualTo(summary.totalMillis());
    }

    @Test
    void collectionAfterStopIsNotRecorded() throws InterruptedException {
        GcPauses pauses = GcPauses.start(Duration.ZERO);
        System.gc();
        long recorded = awaitPauses(pauses).count();

        GcPauses.Summary stopped = pauses.stop();
        System.gc();
        Thread.sleep(500);

        assertThat(stopped.count()).isEqualTo(recorded);
        assertThat(pauses.stop().count()).isEqualTo(recorded);
    }

    @Test
    void collectionDuringWarmupIsLeftOut() throws InterruptedException {
        GcPauses pauses = GcPauses.start(Duration.ofHours(1));

        System.gc();
        Thread.sleep(500);

        assertThat(pauses.stop()).isEqualTo(new GcPauses.Summary(0, 0, 0));
    }

    @Test
    void concurrentCycleBeansAreNotPauses() {
        assertThat(GcPauses.isPauseCollector("G1 Young Generation")).isTrue();
        assertThat(GcPauses.isPauseCollector("Copy")).isTrue();
        assertThat(GcPauses.isPauseCollector("Shenandoah Pauses")).isTrue();
        assertThat(GcPauses.isPauseCollector("Shenandoah Cycles")).isFalse();
        assertThat(GcPauses.isPauseCollector("ZGC Cycles")).isFalse();
        assertThat(GcPauses.isPauseCollector("G1 Concurrent GC")).isFalse();
    }

    /** Waits up to 10 s for the collector's notification, which arrives on another thread. */
    private static GcPauses.Summary awaitPauses(GcPauses pauses) throws InterruptedException {
        for (int waited = 0; waited < 100 && pauses.recorded().count() == 0; waited++) {
            Thread.sleep(100);
        }
        return pauses.recorded();
    }
}
