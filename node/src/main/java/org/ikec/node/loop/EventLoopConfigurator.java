package org.ikec.node.loop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ThreadFactory;

import org.apache.pekko.dispatch.DispatcherPrerequisites;
import org.apache.pekko.dispatch.ExecutorServiceConfigurator;
import org.apache.pekko.dispatch.ExecutorServiceFactory;

import com.typesafe.config.Config;

/**
 * Makes a Pekko dispatcher run on an {@link EventLoopGroup}: set the dispatcher's {@code executor}
 * to this class's name. Its {@code event-loop-executor} section sizes the group as Pekko sizes a
 * fork-join pool: the core count times {@code parallelism-factor}, rounded up, within
 * {@code parallelism-min} and {@code parallelism-max}.
 */
public final class EventLoopConfigurator extends ExecutorServiceConfigurator {

    /** The section of the dispatcher's configuration that this executor reads. */
    public static final String SECTION = "event-loop-executor";

    private final int loops;

    public EventLoopConfigurator(Config config, DispatcherPrerequisites prerequisites) {
        super(config, prerequisites);
        Config section = config.getConfig(SECTION);
        loops = loopCount(Runtime.getRuntime().availableProcessors(), section.getInt("parallelism-min"),
                section.getDouble("parallelism-factor"), section.getInt("parallelism-max"));
    }

    /** Returns the core count times {@code factor}, rounded up, within {@code min} and {@code max}. */
    static int loopCount(int cores, int min, double factor, int max) {
        int scaled = (int) Math.ceil(cores * factor);
        return Math.min(Math.max(scaled, min), max);
    }

    @Override
    public ExecutorServiceFactory createExecutorServiceFactory(String id, ThreadFactory threadFactory) {
        return () -> {
            try {
                return new EventLoopGroup(loops, threadFactory);
            } catch (IOException e) {
                throw new UncheckedIOException("opening a selector for dispatcher " + id + " failed", e);
            }
        };
    }
}
