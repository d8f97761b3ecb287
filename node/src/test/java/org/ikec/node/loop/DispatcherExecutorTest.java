package org.ikec.node.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import org.ikec.node.metrics.TestNode;
import org.ikec.node.metrics.UdpIkeClient;
import org.ikec.protocol.ike.IkeSa;
import org.junit.jupiter.api.Test;

/**
 * A node whose dispatcher gets one thread runs it on an event loop that reads its UDP sockets. With
 * more threads, or a {@code pekko} section that picks the fork-join pool, the pool runs it and the
 * sockets get their own threads. IKE SAs come up either way.
 */
class DispatcherExecutorTest {

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    @Test
    void oneThreadDispatcherRunsOnEventLoop() throws Exception {
        try (TestNode node = TestNode.start("", "",
                "pekko.actor.default-dispatcher.fork-join-executor.parallelism-max = 1")) {
            Optional<EventLoopGroup> loops = EventLoopGroup.of(node.runtime.system().executionContext(), PROBE_TIMEOUT);

            assertThat(loops).isPresent();
            assertThat(loops.get().size()).isEqualTo(1);
            assertThat(connect(node)).isPresent();
            assertThat(connect(node)).isPresent();
        }
    }

    @Test
    void defaultNodeLoopsOnlyOnOneCore() throws Exception {
        try (TestNode node = TestNode.start("")) {
            Optional<EventLoopGroup> loops = EventLoopGroup.of(node.runtime.system().executionContext(), PROBE_TIMEOUT);

            assertThat(loops.isPresent()).isEqualTo(Runtime.getRuntime().availableProcessors() == 1);
            assertThat(connect(node)).isPresent();
        }
    }

    @Test
    void forkJoinPoolStillServes() throws Exception {
        try (TestNode node = TestNode.start("", "", String.join("\n",
                "pekko.actor.default-dispatcher.executor = \"fork-join-executor\"",
                "pekko.actor.default-dispatcher.fork-join-executor.parallelism-max = 1"))) {
            Optional<EventLoopGroup> loops = EventLoopGroup.of(node.runtime.system().executionContext(), PROBE_TIMEOUT);

            assertThat(loops).isEmpty();
            assertThat(connect(node)).isPresent();
        }
    }

    private static Optional<IkeSa> connect(TestNode node) throws Exception {
        long spiI = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        try (UdpIkeClient client = new UdpIkeClient(node.ike, TestNode.PROPOSAL, TestNode.PSK, spiI)) {
            return client.connect();
        }
    }
}
