package org.ikec.node.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Tasks and readable channels on event loops, and how a group ends. */
class EventLoopGroupTest {

    private final AtomicInteger threadCount = new AtomicInteger();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private EventLoopGroup group;

    private EventLoopGroup start(int loops) throws Exception {
        group = new EventLoopGroup(loops, runnable -> {
            Thread thread = new Thread(runnable, "test-loop-" + threadCount.incrementAndGet());
            threads.add(thread);
            return thread;
        });
        return group;
    }

    @AfterEach
    void stop() throws Exception {
        if (group != null) {
            group.shutdown();
            group.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void taskFromOtherThreadWakesLoop() throws Exception {
        start(1);
        Thread.sleep(100);

        CompletableFuture<String> ranOn = new CompletableFuture<>();
        group.execute(() -> ranOn.complete(Thread.currentThread().getName()));

        assertThat(ranOn.get(5, TimeUnit.SECONDS)).isEqualTo("test-loop-1");
    }

    @Test
    void sameTaskAlwaysRunsOnSameLoop() throws Exception {
        start(4);
        LinkedBlockingQueue<String> ranOn = new LinkedBlockingQueue<>();
        Runnable mailbox = () -> ranOn.add(Thread.currentThread().getName());

        for (int i = 0; i < 20; i++) {
            group.execute(mailbox);
        }

        Set<String> names = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            names.add(ranOn.poll(5, TimeUnit.SECONDS));
        }
        assertThat(names).hasSize(1);
        assertThat(names.iterator().next()).startsWith("test-loop-");
    }

    @Test
    void readableChannelRunsHandlerOnLoop() throws Exception {
        start(2);
        DatagramChannel channel = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
        ByteBuffer buffer = ByteBuffer.allocate(64);
        EventLoopGroup.Registration registration = group.register(channel, () -> {
            try {
                buffer.clear();
                while (channel.receive(buffer) != null) {
                    received.add(new String(buffer.array(), 0, buffer.position()) + " on "
                            + Thread.currentThread().getName());
                    buffer.clear();
                }
            } catch (Exception e) {
                received.add(e.toString());
            }
        });

        try (DatagramChannel peer = DatagramChannel.open()) {
            peer.send(ByteBuffer.wrap("ping".getBytes()), channel.getLocalAddress());
            assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("ping on " + registration.threadName());
        }
        assertThat(registration.threadName()).startsWith("test-loop-");
        registration.close();
        channel.close();
    }

    @Test
    void closedRegistrationFreesPort() throws Exception {
        start(1);
        DatagramChannel channel = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        InetSocketAddress bound = (InetSocketAddress) channel.getLocalAddress();
        EventLoopGroup.Registration registration = group.register(channel, () -> { });
        Thread.sleep(100);

        registration.close();
        channel.close();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        DatagramChannel again = null;
        while (again == null) {
            try {
                again = DatagramChannel.open().bind(bound);
            } catch (java.net.BindException e) {
                assertThat(System.nanoTime()).as("port %s still bound", bound).isLessThan(deadline);
                Thread.sleep(20);
            }
        }
        assertThat(again.getLocalAddress()).isEqualTo(bound);
        again.close();
    }

    @Test
    void failingTaskLeavesLoopRunning() throws Exception {
        start(1);
        CountDownLatch reported = new CountDownLatch(1);
        threads.forEach(thread -> thread.setUncaughtExceptionHandler((t, e) -> reported.countDown()));

        group.execute(() -> {
            throw new IllegalStateException("task failed on purpose");
        });
        CompletableFuture<Boolean> next = new CompletableFuture<>();
        group.execute(() -> next.complete(true));

        assertThat(reported.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(next.get(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void shutdownRunsQueuedTasksThenEnds() throws Exception {
        start(2);
        AtomicInteger ran = new AtomicInteger();
        CountDownLatch blocker = new CountDownLatch(1);
        group.execute(() -> {
            try {
                blocker.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        for (int i = 0; i < 100; i++) {
            group.execute(ran::incrementAndGet);
        }

        group.shutdown();
        blocker.countDown();

        assertThat(group.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        assertThat(group.isTerminated()).isTrue();
        assertThat(ran.get()).isEqualTo(100);
        assertThatThrownBy(() -> group.execute(() -> { })).isInstanceOf(RejectedExecutionException.class);
        for (Thread thread : threads) {
            thread.join(5000);
            assertThat(thread.isAlive()).isFalse();
        }
    }

    @Test
    void probeFindsGroupOnlyOnLoops() throws Exception {
        start(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            assertThat(EventLoopGroup.of(group, Duration.ofSeconds(5))).containsSame(group);
            assertThat(EventLoopGroup.of(pool, Duration.ofSeconds(5))).isEqualTo(Optional.empty());
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void threadCountScalesWithCores() {
        assertThat(EventLoopConfigurator.threadCount(1, 1, 1.0, 64)).isEqualTo(1);
        assertThat(EventLoopConfigurator.threadCount(8, 1, 1.0, 64)).isEqualTo(8);
        assertThat(EventLoopConfigurator.threadCount(3, 1, 1.5, 64)).isEqualTo(5);
        assertThat(EventLoopConfigurator.threadCount(2, 4, 1.0, 64)).isEqualTo(4);
        assertThat(EventLoopConfigurator.threadCount(128, 1, 1.0, 64)).isEqualTo(64);
        assertThat(EventLoopConfigurator.threadCount(8, 1, 1.0, 1)).isEqualTo(1);
    }

    @Test
    void zeroLoopsRejected() {
        assertThatThrownBy(() -> start(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one loop");
    }
}
