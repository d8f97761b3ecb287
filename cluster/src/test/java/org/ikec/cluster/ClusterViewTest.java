package org.ikec.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The cluster-wide views of the management interface: every member's IKE SAs and the member list. */
class ClusterViewTest {

    private static OneNodeCluster node;

    @BeforeAll
    static void start() {
        node = OneNodeCluster.start("ClusterViewTest", "");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void membersAndClusterListCountEstablishedSas() throws Exception {
        RoutedClient first = new RoutedClient(node, 0x5151_0000_0000_0001L, new InetSocketAddress("192.0.2.31", 500));
        RoutedClient second = new RoutedClient(node, 0x5151_0000_0000_0002L, new InetSocketAddress("192.0.2.32", 500));
        first.establish();
        second.establish();

        // The directory learns of an SA just after its IKE_AUTH response, so wait until it lists both.
        List<SaSnapshot> local = awaitTunnelIndexes(first.saId(), second.saId());
        List<SaSnapshot> clusterWide = node.cluster.listClusterSas(OneNodeCluster.TIMEOUT).toCompletableFuture().get();
        List<IkeCluster.MemberInfo> members = node.cluster.members(OneNodeCluster.TIMEOUT).toCompletableFuture().get();

        assertThat(local).extracting(SaSnapshot::id).contains(first.saId(), second.saId());
        assertThat(clusterWide).extracting(SaSnapshot::id).contains(first.saId(), second.saId());
        assertThat(members).hasSize(1);
        assertThat(members.get(0).status()).isEqualTo("Up");
        assertThat(members.get(0).self()).isTrue();
        assertThat(members.get(0).ikeSas()).isGreaterThanOrEqualTo(2);

        node.cluster.terminate(first.saId(), OneNodeCluster.TIMEOUT).toCompletableFuture().get();
        node.cluster.terminate(second.saId(), OneNodeCluster.TIMEOUT).toCompletableFuture().get();
    }

    @Test
    void twoSasOfOnePeerGetTwoTunnelIndexes() throws Exception {
        // The same peer and identities twice, as when both ends initiate at once: two tunnels, two indexes.
        RoutedClient first = new RoutedClient(node, 0x6161_0000_0000_0001L, new InetSocketAddress("192.0.2.41", 500));
        RoutedClient second = new RoutedClient(node, 0x6161_0000_0000_0002L, new InetSocketAddress("192.0.2.41", 4500));
        first.establish();
        second.establish();

        List<SaSnapshot> sas = awaitTunnelIndexes(first.saId(), second.saId());
        int firstIndex = indexOf(sas, first.saId());
        int secondIndex = indexOf(sas, second.saId());
        assertThat(firstIndex).isBetween(1, Integer.MAX_VALUE);
        assertThat(secondIndex).isNotEqualTo(firstIndex);
        assertThat(secondIndex).isEqualTo(firstIndex + 1);

        node.cluster.terminate(first.saId(), OneNodeCluster.TIMEOUT).toCompletableFuture().get();
        node.cluster.terminate(second.saId(), OneNodeCluster.TIMEOUT).toCompletableFuture().get();
    }

    private static List<SaSnapshot> awaitTunnelIndexes(String... ids) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            List<SaSnapshot> sas = node.cluster.listSas(OneNodeCluster.TIMEOUT).toCompletableFuture().get();
            boolean all = List.of(ids).stream().allMatch(id -> sas.stream()
                    .anyMatch(sa -> sa.id().equals(id) && sa.tunnelIndex() != null));
            if (all || System.currentTimeMillis() > deadline) {
                return sas;
            }
            Thread.sleep(50);
        }
    }

    private static int indexOf(List<SaSnapshot> sas, String id) {
        return sas.stream().filter(sa -> sa.id().equals(id)).findFirst().orElseThrow().tunnelIndex();
    }
}
