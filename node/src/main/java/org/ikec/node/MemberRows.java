package org.ikec.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.pekko.actor.Address;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;
import org.ikec.node.config.NodeRole;
import org.ikec.node.mgmt.ManagementBackend;

/**
 * Builds the rows of {@code GET /cluster/members} from Pekko's view of the membership and the IKE
 * SA count of each member's SA directory. Only concentrator-role members run a directory, so a
 * gateway-only member gets no count.
 */
final class MemberRows {

    private MemberRows() {
    }

    /**
     * Lists every member with its ikec roles and its IKE SA count from {@code ikeSasByNode}, which is keyed by
     * member address such as {@code pekko://ikec@127.0.0.11:2552}. A
     * concentrator missing from the map did not reply in time and gets a {@code null} count too.
     */
    static List<ManagementBackend.Member> list(Cluster cluster, Map<String, Integer> ikeSasByNode) {
        Address self = cluster.selfMember().address();
        List<ManagementBackend.Member> rows = new ArrayList<>();
        for (Member member : cluster.state().getMembers()) {
            List<String> roles = roles(member);
            Integer ikeSas = roles.contains(NodeRole.CONCENTRATOR.configName())
                    ? ikeSasByNode.get(member.address().toString()) : null;
            rows.add(new ManagementBackend.Member(member.address().toString(), member.status().toString(),
                    member.address().equals(self), roles, ikeSas));
        }
        return List.copyOf(rows);
    }

    /** Returns the member's ikec roles, sorted; Pekko's own roles such as {@code dc-default} are left out. */
    private static List<String> roles(Member member) {
        return member.getRoles().stream()
                .map(NodeRole::fromConfigName)
                .flatMap(Optional::stream)
                .map(NodeRole::configName)
                .sorted()
                .toList();
    }
}
