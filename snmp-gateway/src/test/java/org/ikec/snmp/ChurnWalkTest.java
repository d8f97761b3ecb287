package org.ikec.snmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Walks a remote-access table while sessions connect and disconnect. The walk must end, strictly
 * increasing, without -Cc. A row deleted after the walk passed it is absent, and a row added
 * behind the walk's position is not seen.
 */
class ChurnWalkTest {

    private static final int INITIAL_ROWS = 300;
    private static final int MIN_CHANGES = 300;
    private static final int MAX_WALKS = 20;
    /** An upper bound on the churn; the pace below keeps it going for the whole run of walks. */
    private static final int MAX_CHANGES = 400_000;

    private SnmpGateway gateway;

    @BeforeEach
    void startAgent() throws Exception {
        NetSnmp.requireTools();
        gateway = SnmpGateway.start(new AgentSettings("127.0.0.1", 0, "public", List.of()), "test-gateway");
        for (int i = 0; i < INITIAL_ROWS; i++) {
            gateway.rows().put("node-a", session(i));
        }
    }

    @AfterEach
    void stopAgent() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void bulkWalkUnderChurnEndsStrictlyIncreasing() throws Exception {
        AtomicBoolean churning = new AtomicBoolean(true);
        AtomicInteger changes = new AtomicInteger();
        CompletableFuture<Void> churn = CompletableFuture.runAsync(() -> {
            int next = INITIAL_ROWS;
            while (churning.get() && changes.get() < MAX_CHANGES) {
                int victim = next - INITIAL_ROWS;
                gateway.rows().remove("node-a", id(victim));
                gateway.rows().put("node-a", session(next));
                next++;
                changes.addAndGet(2);
                java.util.concurrent.locks.LockSupport.parkNanos(50_000);
            }
        });

        // A walk on a quiet machine can end before the churn gets going, so walk until enough
        // changes overlapped walks; every walk must end and stay strictly increasing.
        int changesDuringWalks = 0;
        int walks = 0;
        try {
            while (changesDuringWalks < MIN_CHANGES && walks < MAX_WALKS) {
                int before = changes.get();
                NetSnmp.Result walk = NetSnmp.run(List.of("snmpbulkwalk", "-v2c", "-c", "public", "-Cr50",
                        "127.0.0.1:" + gateway.port(), ".1.3.6.1.4.1.2636.3.22.1.2.1"));
                changesDuringWalks += changes.get() - before;
                walks++;

                assertThat(walk.exitCode()).as(walk.errors()).isZero();
                assertThat(walk.errors()).doesNotContain("not increasing");
                assertThat(walk.lines()).hasSizeGreaterThan(INITIAL_ROWS);
                SortedWalkTest.assertStrictlyIncreasing(walk.lines());
            }
        } finally {
            churning.set(false);
        }
        churn.get(20, TimeUnit.SECONDS);

        assertThat(changesDuringWalks).as("row changes while %d walks ran", walks).isGreaterThanOrEqualTo(MIN_CHANGES);
    }

    private static org.ikec.cluster.SaSnapshot session(int n) {
        String remote = "203.0.113." + (n % 250 + 1) + ":" + (1024 + n);
        return TestSas.sa(id(n), n % 2 == 0 ? "remote-access" : "branch", remote, n + 1);
    }

    private static String id(int n) {
        return String.format("%016x", n + 1L);
    }
}
