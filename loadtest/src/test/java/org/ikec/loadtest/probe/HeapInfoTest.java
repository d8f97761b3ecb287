package org.ikec.loadtest.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The heap_info files are the output of OpenJDK 17.0.15's jcmd for a small idle program. */
class HeapInfoTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "heap-info-g1.txt, 5957 KiB, 6099968",
            "heap-info-serial.txt, young plus tenured, 22393856",
            "heap-info-parallel.txt, young plus old, 19923968",
            "heap-info-z.txt, 52 MiB, 54525952",
            "heap-info-shenandoah.txt, 20480 KiB, 20971520"})
    void usedHeapOfEachCollector(String file, String description, long expectedBytes) throws IOException {
        assertThat(HeapInfo.usedBytes(resource(file))).as(description).isEqualTo(expectedBytes);
    }

    @Test
    void metaspaceAloneIsNoHeap() {
        String text = "1:\n Metaspace       used 8914K, committed 9088K, reserved 1114112K\n";

        assertThatThrownBy(() -> HeapInfo.usedBytes(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no used heap size");
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = HeapInfoTest.class.getResourceAsStream("/probe/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
