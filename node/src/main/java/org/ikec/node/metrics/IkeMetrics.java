package org.ikec.node.metrics;

import java.util.EnumMap;
import java.util.Map;

import org.ikec.protocol.ike.HandshakeFailure;
import org.ikec.protocol.ike.IkeEvents;
import org.ikec.protocol.wire.ExchangeType;

import kamon.Kamon;
import kamon.metric.Counter;
import kamon.metric.Histogram;
import kamon.metric.MeasurementUnit;
import kamon.tag.TagSet;

/**
 * Kamon instruments for the IKE SAs' events. Every tag combination is created up front, so the
 * per-packet path only indexes an array and increments.
 */
final class IkeMetrics implements IkeEvents {

    /** The exchanges with their own tag (RFC 7296 §3.1); any other type counts as {@code other}. */
    private static final int[] EXCHANGES = {ExchangeType.IKE_SA_INIT, ExchangeType.IKE_AUTH,
        ExchangeType.CREATE_CHILD_SA, ExchangeType.INFORMATIONAL};
    private static final int OTHER_EXCHANGE = EXCHANGES.length;

    private final Map<Role, Counter> started = new EnumMap<>(Role.class);
    private final Map<Role, Counter> completed = new EnumMap<>(Role.class);
    private final Map<Role, Map<HandshakeFailure, Counter>> failed = new EnumMap<>(Role.class);
    private final Map<Role, Map<HandshakeFailure, Counter>> childFailed = new EnumMap<>(Role.class);
    private final Histogram[][] latency = new Histogram[EXCHANGES.length + 1][Requester.values().length];
    private final Counter[] retransmits = new Counter[EXCHANGES.length + 1];
    private final Counter[] droppedRetransmissions = new Counter[EXCHANGES.length + 1];

    IkeMetrics() {
        for (Role role : Role.values()) {
            started.put(role, Kamon.counter(MetricNames.HANDSHAKES_STARTED,
                    "IKE_SA_INIT requests that began a new IKE SA").withTag("role", role.tag()));
            completed.put(role, Kamon.counter(MetricNames.HANDSHAKES_COMPLETED,
                    "handshakes whose IKE_AUTH completed").withTag("role", role.tag()));
            failed.put(role, byReason(MetricNames.HANDSHAKES_FAILED,
                    "handshakes that ended without an IKE SA, by reason", role));
            childFailed.put(role, byReason(MetricNames.CHILD_SA_FAILURES,
                    "CHILD SAs that IKE_AUTH or CREATE_CHILD_SA did not create, by reason", role));
        }

        for (int i = 0; i <= EXCHANGES.length; i++) {
            String exchange = exchangeTag(i);
            for (Requester requester : Requester.values()) {
                latency[i][requester.ordinal()] = Kamon.histogram(MetricNames.EXCHANGE_LATENCY,
                                "request to response; ours: first transmission to the peer's response, theirs: "
                                        + "arrival to our response", MeasurementUnit.time().nanoseconds())
                        .withTags(TagSet.builder().add("exchange", exchange).add("requester", requester.tag()).build());
            }
            retransmits[i] = Kamon.counter(MetricNames.RETRANSMISSIONS, "retransmissions of our requests")
                    .withTag("exchange", exchange);
            droppedRetransmissions[i] = Kamon.counter(MetricNames.RETRANSMISSIONS_DROPPED,
                    "retransmitted peer requests dropped while their response waited, such as for a lease")
                    .withTag("exchange", exchange);
        }
    }

    private static Map<HandshakeFailure, Counter> byReason(String name, String description, Role role) {
        Map<HandshakeFailure, Counter> counters = new EnumMap<>(HandshakeFailure.class);
        for (HandshakeFailure reason : HandshakeFailure.values()) {
            // One withTags call: chained withTag calls would also register a series with the role alone.
            counters.put(reason, Kamon.counter(name, description)
                    .withTags(TagSet.builder().add("role", role.tag()).add("reason", reason.tag()).build()));
        }
        return counters;
    }

    private static String exchangeTag(int index) {
        return index == OTHER_EXCHANGE ? "other" : ExchangeType.name(EXCHANGES[index]);
    }

    private static int exchangeIndex(int exchangeType) {
        int index = exchangeType - ExchangeType.IKE_SA_INIT;
        return index >= 0 && index < EXCHANGES.length ? index : OTHER_EXCHANGE;
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public void handshakeStarted(Role role) {
        started.get(role).increment();
    }

    @Override
    public void handshakeCompleted(Role role) {
        completed.get(role).increment();
    }

    @Override
    public void handshakeFailed(Role role, HandshakeFailure reason) {
        failed.get(role).get(reason).increment();
    }

    @Override
    public void childSaFailed(Role role, HandshakeFailure reason) {
        childFailed.get(role).get(reason).increment();
    }

    @Override
    public void exchangeCompleted(int exchangeType, Requester requester, long nanos) {
        latency[exchangeIndex(exchangeType)][requester.ordinal()].record(Math.max(0, nanos));
    }

    @Override
    public void retransmitted(int exchangeType) {
        retransmits[exchangeIndex(exchangeType)].increment();
    }

    @Override
    public void retransmissionDropped(int exchangeType) {
        droppedRetransmissions[exchangeIndex(exchangeType)].increment();
    }
}
