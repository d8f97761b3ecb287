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

        List<SaSnapshot> local = node.cluster.listSas(OneNodeCluster.TIMEOUT).toCompletableFuture().get();
        List<SaSnapshot> clusterWide = node.cluster.listClusterSas(OneNodeCluster.TIMEOUT).toCompletableFuture().get();
        List<IkeCluster.MemberInfo> members = node.cluster.members(OneNodeCluster.TIMEOUT).toCompletableFuture().get();

        assertThat(clusterWide).extracting(SaSnapshot::id).containsExactlyElementsOf(
                local.stream().map(SaSnapshot::id).toList());
        assertThat(clusterWide).extracting(SaSnapshot::id).contains(first.saId(), second.saId());
        assertThat(members).hasSize(1);
        assertThat(members.get(0).status()).isEqualTo("Up");
        assertThat(members.get(0).self()).isTrue();
        assertThat(members.get(0).ikeSas()).isEqualTo(local.size());

        node.cluster.terminate(first.saId(), OneNodeCluster.TIMEOUT).toCompletableFuture().get();
        node.cluster.terminate(second.saId(), OneNodeCluster.TIMEOUT).toCompletableFuture().get();
    }
}
