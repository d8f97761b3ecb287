package org.ikec.loadtest.engine;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * A console filter that passes the first {@value #PASSED_IN_FULL} events of each message pattern
 * and then one in {@value #SAMPLE_EVERY}, so a target that rejects every one of 300,000
 * handshakes does not bury the progress line. The result file still counts every failure.
 */
public final class RepeatedMessageFilter extends Filter<ILoggingEvent> {

    static final int PASSED_IN_FULL = 10;
    static final int SAMPLE_EVERY = 1_000;

    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

    @Override
    public FilterReply decide(ILoggingEvent event) {
        long seen = counts.computeIfAbsent(event.getMessage(), pattern -> new AtomicLong()).incrementAndGet();
        if (seen <= PASSED_IN_FULL || seen % SAMPLE_EVERY == 0) {
            return FilterReply.NEUTRAL;
        }
        return FilterReply.DENY;
    }
}
