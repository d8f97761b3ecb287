package org.ikec.node.loop;

import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed set of {@link EventLoop}s that run a Pekko dispatcher's tasks and also read the node's
 * UDP sockets. A task always goes to the same loop, chosen by its identity hash. Pekko submits an
 * actor's mailbox itself as the task, so each actor stays on one loop. With one loop, which
 * {@link EventLoopConfigurator} gives a node on one core, a datagram and everything it causes run
 * on one thread.
 */
public final class EventLoopGroup extends AbstractExecutorService {

    private final EventLoop[] loops;
    private final AtomicInteger nextChannel = new AtomicInteger();
    private final CountDownLatch ended;
    private volatile boolean shutdown;

    /** Starts {@code count} loops on threads from {@code threadFactory}. */
    public EventLoopGroup(int count, ThreadFactory threadFactory) throws IOException {
        if (count < 1) {
            throw new IllegalArgumentException("an event loop group needs at least one loop, not " + count);
        }
        loops = new EventLoop[count];
        ended = new CountDownLatch(count);
        for (int i = 0; i < count; i++) {
            loops[i] = new EventLoop(this, threadFactory);
        }
        for (EventLoop loop : loops) {
            loop.start();
        }
    }

    /**
     * Returns the group whose loops run {@code executor}'s tasks, or empty if {@code executor}
     * runs them on other threads. Runs one task on {@code executor} to find out, so the calling
     * thread must not be one of its threads.
     */
    public static Optional<EventLoopGroup> of(Executor executor, Duration timeout) {
        CompletableFuture<EventLoopGroup> probe = new CompletableFuture<>();
        executor.execute(() -> {
            EventLoop loop = EventLoop.current();
            probe.complete(loop == null ? null : loop.group());
        });
        try {
            return Optional.ofNullable(probe.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the dispatcher did not run a task within " + timeout.toMillis()
                    + " ms", e);
        }
    }

    /** Returns the number of loops, each one thread. */
    public int size() {
        return loops.length;
    }

    @Override
    public void execute(Runnable task) {
        if (shutdown) {
            throw new RejectedExecutionException("the event loops are shut down");
        }
        loops[Math.floorMod(System.identityHashCode(task), loops.length)].execute(task);
    }

    /**
     * Has a loop run {@code onReadable} whenever {@code channel} has data, the loops taking
     * channels in turn. Closing the returned registration stops that and releases the channel.
     */
    public Registration register(SelectableChannel channel, Runnable onReadable) throws IOException {
        EventLoop loop = loops[Math.floorMod(nextChannel.getAndIncrement(), loops.length)];
        return new Registration(loop, loop.register(channel, onReadable));
    }

    /** A channel's place on one loop. */
    public static final class Registration implements AutoCloseable {

        private final EventLoop loop;
        private final SelectionKey key;

        private Registration(EventLoop loop, SelectionKey key) {
            this.loop = loop;
            this.key = key;
        }

        /** Returns the name of the thread that reads the channel. */
        public String threadName() {
            return loop.thread().getName();
        }

        /**
         * Cancels the registration and wakes the loop, which then drops the key. A channel closed
         * before or after that is released at once instead of at the loop's next wake-up.
         */
        @Override
        public void close() {
            key.cancel();
            loop.wakeUp();
        }
    }

    void loopEnded() {
        ended.countDown();
    }

    /** Stops accepting tasks; each loop runs the tasks it has queued and then ends. */
    @Override
    public void shutdown() {
        shutdown = true;
        for (EventLoop loop : loops) {
            loop.stop();
        }
    }

    /** Like {@link #shutdown()}: the loops still run the tasks queued so far, and none is returned. */
    @Override
    public List<Runnable> shutdownNow() {
        shutdown();
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return ended.getCount() == 0;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return ended.await(timeout, unit);
    }
}
