package org.ikec.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.ikec.cluster.ChildSaInstallation;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

class RecordingDataPlaneTest {

    private static final Instant NOW = Instant.parse("2026-12-05T09:00:00.123Z");

    private final RecordingDataPlane dataPlane = new RecordingDataPlane(Clock.fixed(NOW, ZoneOffset.UTC),
            LoggerFactory.getLogger(RecordingDataPlaneTest.class));

    @Test
    void installedChildSaKeepsEveryField() {
        dataPlane.install(installation("00aa", 0xc0000001, List.of("127.1.9.3/32", "10.0.0.0/8[tcp/443]")));

        assertThat(dataPlane.installed()).containsExactly(new RecordingDataPlane.InstalledChildSa("00aa", "net",
                0xc0000001, 0x1234, "aes256gcm16", List.of("0.0.0.0/0"), List.of("127.1.9.3/32", "10.0.0.0/8[tcp/443]"),
                true, NOW));
    }

    @Test
    void childSaWithoutPeerSelectorsKeepsEmptyList() {
        dataPlane.install(installation("00aa", 7, List.of()));

        assertThat(dataPlane.installedFor("00aa")).singleElement()
                .satisfies(child -> assertThat(child.remoteTs()).isEmpty());
    }

    @Test
    void removedChildSaIsNotListed() {
        dataPlane.install(installation("00aa", 7, List.of("127.1.9.3/32")));
        dataPlane.install(installation("00bb", 8, List.of("127.1.9.4/32")));

        dataPlane.remove("00aa", 7);

        assertThat(dataPlane.installed()).extracting(RecordingDataPlane.InstalledChildSa::ikeSaId)
                .containsExactly("00bb");
    }

    @Test
    void inboundSpiZeroIsLoggedNotRecorded() {
        Logger log = (Logger) LoggerFactory.getLogger("test.recording");
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        log.addAppender(appender);
        RecordingDataPlane loggingDataPlane = new RecordingDataPlane(Clock.fixed(NOW, ZoneOffset.UTC), log);
        loggingDataPlane.install(installation("00aa", 7, List.of("127.1.9.3/32")));
        loggingDataPlane.install(installation("00bb", 8, List.of("127.1.9.4/32")));

        loggingDataPlane.install(installation("00cc", 0, List.of("127.1.9.5/32")));
        log.detachAppender(appender);

        assertThat(loggingDataPlane.installed()).containsExactly(
                new RecordingDataPlane.InstalledChildSa("00aa", "net", 7, 0x1234, "aes256gcm16",
                        List.of("0.0.0.0/0"), List.of("127.1.9.3/32"), true, NOW),
                new RecordingDataPlane.InstalledChildSa("00bb", "net", 8, 0x1234, "aes256gcm16",
                        List.of("0.0.0.0/0"), List.of("127.1.9.4/32"), true, NOW));
        assertThat(loggingDataPlane.installedFor("00cc")).isEmpty();
        assertThat(appender.list).filteredOn(event -> event.getLevel() == Level.WARN)
                .extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly("00cc CHILD_SA net not recorded: inbound SPI 0 is reserved");
    }

    private static ChildSaInstallation installation(String ikeSaId, int inboundSpi, List<String> remoteTs) {
        return new ChildSaInstallation(ikeSaId, "net", inboundSpi, 0x1234, "aes256gcm16", List.of("0.0.0.0/0"),
                remoteTs, new InetSocketAddress("127.0.9.2", 4500), new InetSocketAddress("127.1.9.3", 4500), true,
                new byte[36], new byte[0], new byte[36], new byte[0]);
    }
}
