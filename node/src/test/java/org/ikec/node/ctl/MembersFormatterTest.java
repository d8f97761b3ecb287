package org.ikec.node.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import org.ikec.node.mgmt.Json;
import org.ikec.node.mgmt.ManagementServerTest;
import org.junit.jupiter.api.Test;

class MembersFormatterTest {

    @Test
    void gatewayMemberShowsRoleAndDash() throws Exception {
        String table = MembersFormatter.format(Json.mapper().readTree(ManagementServerTest.MEMBERS_JSON));

        assertThat(table).isEqualTo("""
                member                                   status   roles                 IKE SAs
                pekko://ikec@127.0.0.11:2552             Up       concentrator                3  (this node)
                pekko://ikec@127.0.0.12:2552             Up       concentrator         no reply
                pekko://ikec@127.0.0.14:2552             Up       gateway                     -
                """);
    }

    @Test
    void memberWithBothRoles() throws Exception {
        String table = MembersFormatter.format(Json.mapper().readTree("[{\"address\":\"pekko://ikec@127.0.0.1:2552\","
                + "\"status\":\"Leaving\",\"self\":false,\"roles\":[\"concentrator\",\"gateway\"],\"ikeSas\":0}]"));

        assertThat(table.lines().skip(1)).containsExactly(
                "pekko://ikec@127.0.0.1:2552              Leaving  concentrator,gateway        0");
    }
}
