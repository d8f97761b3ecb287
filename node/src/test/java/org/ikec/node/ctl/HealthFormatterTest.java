package org.ikec.node.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class HealthFormatterTest {

    @Test
    void countersAlignToLongestName() throws Exception {
        String health = """
                {"status": "up", "node": "pekko://ikec@127.0.0.1:25520", "ike": ["127.0.0.1:500"],
                 "natT": ["127.0.0.1:4500"],
                 "counters": {"routed.routed": 12, "dropped.receive_buffer_full": 3613, "sent": 12}}
                """;

        String text = HealthFormatter.format(new ObjectMapper().readTree(health));

        assertThat(text).isEqualTo("""
                status   up
                node     pekko://ikec@127.0.0.1:25520
                ike      127.0.0.1:500
                nat-t    127.0.0.1:4500
                counters
                  routed.routed               12
                  dropped.receive_buffer_full 3613
                  sent                        12
                """);
    }
}
