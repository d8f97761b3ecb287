package org.ikec.node.loop;

import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that runs tasks from its queue and, whenever the queue is empty, waits on a selector
 * for its channels to become readable. A datagram that arrives while the thread sleeps wakes it
 * directly. The tasks that the datagram causes run on the same thread, so a request costs one
 * thread wake-up instead of one for a receive thread and one for a dispatcher thread.
 */
final class EventLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger("org.ikec.node.loop");
    private static final ThreadLocal<EventLoop> CURRENT = new ThreadLocal<>();

    /** Tasks run between two polls of the channels, so a busy queue does not starve the sockets. */
    private static final int TASKS_PER_POLL = 256;

    private final EventLoopGroup group;
    private final Selector selector;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** True while the thread is about to wait, or waits, in {@link Selector#select()}. */
    private final AtomicBoolean selecting = new AtomicBoolean();
    private final Thread thread;
    private volatile boolean stopping;

    /** Opens the selector and takes a thread from {@code threadFactory}, which {@link #start} starts. */
    EventLoop(EventLoopGroup group, ThreadFactory threadFactory) throws IOException {
        this.group = group;
        this.selector = Selector.open();
        this.thread = threadFactory.newThread(this);
    }

    /** Returns the loop that runs on the calling thread, or null on any other thread. */
    static EventLoop current() {
        return CURRENT.get();
    }

    EventLoopGroup group() {
        return group;
    }

    void start() {
        thread.start();
    }

    Thread thread() {
        return thread;
    }

    /** Queues {@code task} and wakes the thread if it waits on the selector. */
    void execute(Runnable task) {
        tasks.add(task);
        if (Thread.currentThread() != thread && selecting.get() && selecting.compareAndSet(true, false)) {
            selector.wakeup();
        }
    }

    /**
     * Registers {@code channel}, which the loop puts in non-blocking mode, so that the loop runs
     * {@code onReadable} whenever it has data. Cancelling the returned key stops that.
     */
    SelectionKey register(SelectableChannel channel, Runnable onReadable) throws IOException {
        channel.configureBlocking(false);
        SelectionKey key = channel.register(selector, SelectionKey.OP_READ, onReadable);
        // A select() in progress picks up the new key only in its next round.
        selector.wakeup();
        return key;
    }

    /** Makes the thread run the tasks queued so far and then end. */
    void stop() {
        stopping = true;
        selector.wakeup();
    }

    /** Wakes the thread so that it drops the keys cancelled meanwhile, which releases their channels. */
    void wakeUp() {
        selector.wakeup();
    }

    @Override
    public void run() {
        CURRENT.set(this);
        try {
            while (!stopping) {
                runTasks(TASKS_PER_POLL);
                poll();
            }
            runTasks(Integer.MAX_VALUE);
        } finally {
            try {
                selector.close();
            } catch (IOException e) {
                LOG.debug("closing the selector of {} failed: {}", thread.getName(), e.toString());
            }
            CURRENT.remove();
            group.loopEnded();
        }
    }

    private void runTasks(int limit) {
        for (int ran = 0; ran < limit; ran++) {
            Runnable task = tasks.poll();
            if (task == null) {
                return;
            }
            try {
                task.run();
            } catch (Throwable failure) {
                Thread.UncaughtExceptionHandler handler = thread.getUncaughtExceptionHandler();
                if (handler != null) {
                    handler.uncaughtException(thread, failure);
                } else {
                    LOG.error("a task on {} failed", thread.getName(), failure);
                }
            }
        }
    }

    /** Waits for a channel only while no task is queued, and runs the handlers of the ready ones. */
    private void poll() {
        int ready;
        try {
            selecting.set(true);
            if (!tasks.isEmpty() || stopping) {
                selecting.set(false);
                ready = selector.selectNow();
            } else {
                ready = selector.select();
                selecting.set(false);
            }
        } catch (IOException | RuntimeException e) {
            selecting.set(false);
            LOG.warn("waiting for channels on {} failed: {}", thread.getName(), e.toString());
            return;
        }
        if (ready == 0) {
            return;
        }

        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
            SelectionKey key = keys.next();
            keys.remove();
            if (key.isValid()) {
                runHandler((Runnable) key.attachment());
            }
        }
    }

    private void runHandler(Runnable handler) {
        try {
            handler.run();
        } catch (RuntimeException e) {
            LOG.warn("a channel handler on {} failed: {}", thread.getName(), e.toString());
        }
    }
}
