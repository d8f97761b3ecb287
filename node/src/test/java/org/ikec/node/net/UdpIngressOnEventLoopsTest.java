package org.ikec.node.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.ikec.node.loop.EventLoopGroup;
import org.junit.jupiter.api.AfterEach;

/** The tests of {@link UdpIngressTest} with the sockets read by two event loops instead. */
class UdpIngressOnEventLoopsTest extends UdpIngressTest {

    private EventLoopGroup group;

    @Override
    Optional<EventLoopGroup> loops() throws Exception {
        group = new EventLoopGroup(2, runnable -> new Thread(runnable, "ingress-test-loop"));
        return Optional.of(group);
    }

    @Override
    @AfterEach
    void stop() throws Exception {
        super.stop();
        group.shutdown();
        assertThat(group.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }
}
