package org.ikec.node.loop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ThreadFactory;

import org.apache.pekko.dispatch.DispatcherPrerequisites;
import org.apache.pekko.dispatch.ExecutorServiceConfigurator;
import org.apache.pekko.dispatch.ExecutorServiceFactory;
import org.apache.pekko.dispatch.ForkJoinExecutorConfigurator;

import com.typesafe.config.Config;

/**
 * Makes a Pekko dispatcher that would get one thread run on one {@link EventLoop} instead, and
 * leaves a dispatcher with more threads on Pekko's fork-join pool. Set the dispatcher's
 * {@code executor} to this class's name. Its {@code fork-join-executor} section sizes the
 * dispatcher as usual: the core count times {@code parallelism-factor}, rounded up, within
 * {@code parallelism-min} and {@code parallelism-max}.
 *
 * <p>NOTE: event loops are measured on one core only, where one thread does all the work. Two
 * loops on one core, with each actor on the loop its hash picks, cost a three-node cluster on one
 * core a quarter of its rate, because most messages then wake the other loop. Loops on several
 * cores need work stealing and a socket per loop (SO_REUSEPORT) before they can replace the pool.
 */
public final class EventLoopConfigurator extends ExecutorServiceConfigurator {

    /** The section of the dispatcher's configuration that sizes it, shared with the fork-join pool. */
    public static final String SECTION = "fork-join-executor";

    private final int threads;
    private final ForkJoinExecutorConfigurator forkJoin;

    public EventLoopConfigurator(Config config, DispatcherPrerequisites prerequisites) {
        super(config, prerequisites);
        Config section = config.getConfig(SECTION);
        threads = threadCount(Runtime.getRuntime().availableProcessors(), section.getInt("parallelism-min"),
                section.getDouble("parallelism-factor"), section.getInt("parallelism-max"));
        forkJoin = threads == 1 ? null : new ForkJoinExecutorConfigurator(section, prerequisites);
    }

    /** Returns the core count times {@code factor}, rounded up, within {@code min} and {@code max}. */
    static int threadCount(int cores, int min, double factor, int max) {
        int scaled = (int) Math.ceil(cores * factor);
        return Math.min(Math.max(scaled, min), max);
    }

    @Override
    public ExecutorServiceFactory createExecutorServiceFactory(String id, ThreadFactory threadFactory) {
        if (forkJoin != null) {
            return forkJoin.createExecutorServiceFactory(id, threadFactory);
        }
        return () -> {
            try {
                return new EventLoopGroup(1, threadFactory);
            } catch (IOException e) {
                throw new UncheckedIOException("opening a selector for dispatcher " + id + " failed", e);
            }
        };
    }
}
