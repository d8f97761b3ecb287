package org.ikec.loadtest.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.Test;

class RepeatedMessageFilterTest {

    private static LoggingEvent event(String pattern) {
        LoggerContext context = new LoggerContext();
        return new LoggingEvent("test", context.getLogger("org.ikec.ike"), Level.WARN, pattern, null, new Object[] {"x"});
    }

    @Test
    void repeatsAreSampled() {
        RepeatedMessageFilter filter = new RepeatedMessageFilter();
        int passed = 0;
        for (int i = 1; i <= 3_000; i++) {
            if (filter.decide(event("{} failed")) == FilterReply.NEUTRAL) {
                passed++;
            }
        }

        // The first 10, then the 1,000th, 2,000th and 3,000th.
        assertThat(passed).isEqualTo(13);
    }

    @Test
    void patternsCountSeparately() {
        RepeatedMessageFilter filter = new RepeatedMessageFilter();
        for (int i = 0; i < 10; i++) {
            filter.decide(event("{} failed"));
        }

        assertThat(filter.decide(event("{} failed"))).isEqualTo(FilterReply.DENY);
        assertThat(filter.decide(event("{} closed"))).isEqualTo(FilterReply.NEUTRAL);
    }
}
