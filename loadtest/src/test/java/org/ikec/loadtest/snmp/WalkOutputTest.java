package org.ikec.loadtest.snmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class WalkOutputTest {

    @Test
    void continuationLinesJoinPreviousValue() {
        String stdout = """
                .1.3.6.1.2.1.1.1.0 = Hex-STRING: 00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F
                10 11
                .1.3.6.1.2.1.1.3.0 = Timeticks: (42) 0:00:00.42

                """;

        List<WalkOutput.Binding> bindings = WalkOutput.parse(stdout);

        assertThat(bindings).containsExactly(
                new WalkOutput.Binding(".1.3.6.1.2.1.1.1.0",
                        "Hex-STRING: 00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F\n10 11"),
                new WalkOutput.Binding(".1.3.6.1.2.1.1.3.0", "Timeticks: (42) 0:00:00.42"));
    }

    @Test
    void textBeforeFirstBindingIsIgnored() {
        assertThat(WalkOutput.parse("no bindings here\n")).isEmpty();
    }
}
