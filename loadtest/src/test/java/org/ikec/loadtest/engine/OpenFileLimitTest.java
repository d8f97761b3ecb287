package org.ikec.loadtest.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class OpenFileLimitTest {

    private static LoadPlan plan(String sources, String ports, int sas, boolean natT, int threads) {
        Duration second = Duration.ofSeconds(1);
        return new LoadPlan(Scenario.STORM, List.of(new InetSocketAddress("127.0.0.1", 500)), 4500, sas, 0, 64,
                second, second, true, "aes256gcm16-prfsha256-x25519", "aes256gcm16", new byte[] {1}, "client%d",
                "%any", AddressRange.parse(sources), PortRange.parse(ports), 4500, Duration.ZERO, Duration.ZERO,
                Duration.ZERO, Duration.ZERO, natT, false, second, threads, second, null, List.of(), Map.of(), null, VirtualIpRequest.NONE,
                Duration.ZERO, Duration.ZERO, 1, 256);
    }

    @Test
    void socketsPerPairAndNatT() {
        LoadPlan plain = plan("127.1.0.1-127.1.0.32", "40000-40063", 5000, false, 1);
        LoadPlan natT = plan("127.1.0.1-127.1.0.32", "40000-40063", 5000, true, 1);
        LoadPlan fewClients = plan("127.1.0.1-127.1.0.32", "40000-40063", 100, false, 1);

        assertThat(OpenFileLimit.sockets(plain)).isEqualTo(2048);
        assertThat(OpenFileLimit.sockets(natT)).isEqualTo(4096);
        assertThat(OpenFileLimit.sockets(fewClients)).isEqualTo(100);
    }

    @Test
    void tooManySocketsNamesNumbersAndFix() {
        LoadPlan plan = plan("127.1.0.1-127.1.0.32", "40000-40063", 2000, false, 2);

        assertThat(OpenFileLimit.check(plan, 40, 1024)).hasValue("the run binds 2000 UDP sockets (one per source"
                + " address and port pair) but the open-file limit (ulimit -n) is 1024 with 40 files already open;"
                + " use fewer --sources or --source-ports, or raise the limit, for example with 'ulimit -n 2110'");
    }

    @Test
    void natTMessageCountsTwoPerPair() {
        LoadPlan plan = plan("127.1.0.1-127.1.0.2", "40000-40099", 1000, true, 1);

        assertThat(OpenFileLimit.check(plan, 10, 256)).hasValue("the run binds 400 UDP sockets (two per source"
                + " address and port pair with --nat-t) but the open-file limit (ulimit -n) is 256 with 10 files"
                + " already open; use fewer --sources or --source-ports, or raise the limit, for example with"
                + " 'ulimit -n 477'");
    }

    @Test
    void fitsExactlyAtLimit() {
        LoadPlan plan = plan("127.1.0.1-127.1.0.32", "40000-40063", 2000, false, 2);

        assertThat(OpenFileLimit.check(plan, 40, 2110)).isEmpty();
        assertThat(OpenFileLimit.check(plan, 40, 2109)).isPresent();
    }
}
