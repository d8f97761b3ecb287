package org.ikec.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class LogIntervalTest {

    @Test
    void firstCallPermittedOthersCounted() {
        LogInterval interval = new LogInterval(Duration.ofHours(1));

        long first = interval.permitCountingSuppressed();
        long second = interval.permitCountingSuppressed();
        long third = interval.permitCountingSuppressed();

        assertThat(first).isZero();
        assertThat(second).isEqualTo(-1);
        assertThat(third).isEqualTo(-1);
    }

    @Test
    void nextPermitReportsSuppressedCalls() throws InterruptedException {
        LogInterval interval = new LogInterval(Duration.ofMillis(50));
        interval.permitCountingSuppressed();
        interval.permitCountingSuppressed();
        interval.permitCountingSuppressed();

        Thread.sleep(80);
        long next = interval.permitCountingSuppressed();

        assertThat(next).isEqualTo(2);
        assertThat(interval.permitCountingSuppressed()).isEqualTo(-1);
    }
}
