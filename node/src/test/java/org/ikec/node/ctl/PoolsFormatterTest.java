package org.ikec.node.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import org.ikec.node.mgmt.Json;
import org.ikec.node.mgmt.ManagementServerTest;
import org.junit.jupiter.api.Test;

class PoolsFormatterTest {

    @Test
    void poolsTableHasRowPerPool() throws Exception {
        String table = PoolsFormatter.format(Json.mapper().readTree(ManagementServerTest.POOLS_JSON));

        assertThat(table).isEqualTo("""
                pool                     size   leased     free  exhausted
                rw4                        14       12        2          0
                rw6                       255        0      255          3
                """);
    }

    @Test
    void noPoolsSaysSo() throws Exception {
        String table = PoolsFormatter.format(Json.mapper().readTree("[]"));

        assertThat(table).isEqualTo("""
                pool                     size   leased     free  exhausted
                (no pools configured)
                """);
    }
}
