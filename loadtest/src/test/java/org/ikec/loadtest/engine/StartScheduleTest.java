package org.ikec.loadtest.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StartScheduleTest {

    private static final long MS = 1_000_000;
    private static final long T0 = 5_000 * MS;

    @Test
    void openLoopStartsAtRate() {
        StartSchedule schedule = new StartSchedule.OpenLoop(10, T0);

        assertThat(schedule.take(T0, 0)).isEqualTo(T0);
        assertThat(schedule.take(T0 + 50 * MS, 1)).isEqualTo(StartSchedule.NONE);
        assertThat(schedule.nextDueNanos(T0 + 50 * MS, 1)).isEqualTo(T0 + 100 * MS);
        assertThat(schedule.take(T0 + 100 * MS, 1)).isEqualTo(T0 + 100 * MS);
    }

    @Test
    void openLoopLateTakesIntendedTimes() {
        StartSchedule schedule = new StartSchedule.OpenLoop(10, T0);

        // The loop wakes 350 ms late: every start keeps the time it was due, not the time it was taken.
        assertThat(schedule.take(T0 + 350 * MS, 0)).isEqualTo(T0);
        assertThat(schedule.take(T0 + 350 * MS, 1)).isEqualTo(T0 + 100 * MS);
        assertThat(schedule.take(T0 + 350 * MS, 2)).isEqualTo(T0 + 200 * MS);
        assertThat(schedule.take(T0 + 350 * MS, 3)).isEqualTo(T0 + 300 * MS);
        assertThat(schedule.take(T0 + 350 * MS, 4)).isEqualTo(StartSchedule.NONE);
    }

    @Test
    void openLoopIgnoresInFlight() {
        StartSchedule schedule = new StartSchedule.OpenLoop(1000, T0);

        assertThat(schedule.take(T0, 1_000_000)).isEqualTo(T0);
    }

    @Test
    void openLoopRejectsBadRate() {
        assertThatThrownBy(() -> new StartSchedule.OpenLoop(0, T0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the start rate must be a positive number, got 0.0");
        assertThatThrownBy(() -> new StartSchedule.OpenLoop(Double.NaN, T0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void closedLoopKeepsConcurrency() {
        StartSchedule schedule = new StartSchedule.ClosedLoop(2);

        assertThat(schedule.take(T0, 0)).isEqualTo(T0);
        assertThat(schedule.take(T0 + MS, 1)).isEqualTo(T0 + MS);
        assertThat(schedule.take(T0 + 2 * MS, 2)).isEqualTo(StartSchedule.NONE);
        assertThat(schedule.nextDueNanos(T0 + 2 * MS, 2)).isEqualTo(Long.MAX_VALUE);
        assertThat(schedule.nextDueNanos(T0 + 3 * MS, 1)).isEqualTo(T0 + 3 * MS);
    }

    @Test
    void closedLoopRejectsZero() {
        assertThatThrownBy(() -> new StartSchedule.ClosedLoop(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the concurrency must be at least 1, got 0");
    }
}
