package org.ikec.protocol.ike;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import org.ikec.protocol.config.TrafficSelectorSpec;
import org.ikec.protocol.wire.TrafficSelector;
import org.ikec.protocol.wire.TsType;

/**
 * Narrows the peer's traffic selectors to the configured ones (RFC 7296 §2.9): every peer selector
 * is intersected with every configured selector of the same address family, and the non-empty
 * intersections are the answer, in the peer's order.
 */
public final class TrafficSelectorNarrowing {

    private TrafficSelectorNarrowing() {
    }

    /** Returns the intersections; an empty list means TS_UNACCEPTABLE. */
    public static List<TrafficSelector> narrow(List<TrafficSelector> offered, List<TrafficSelectorSpec> configured) {
        List<TrafficSelector> result = new ArrayList<>();
        for (TrafficSelector peer : offered) {
            for (TrafficSelectorSpec ours : configured) {
                TrafficSelector intersection = intersect(peer, ours);
                if (intersection != null && !contains(result, intersection)) {
                    result.add(intersection);
                }
            }
        }
        return result;
    }

    /** Turns configured selectors into wire selectors, as an initiator or a responder proposes them. */
    public static List<TrafficSelector> toWire(List<TrafficSelectorSpec> specs) {
        List<TrafficSelector> result = new ArrayList<>();
        for (TrafficSelectorSpec spec : specs) {
            int type = spec.isIpv6() ? TsType.IPV6_ADDR_RANGE : TsType.IPV4_ADDR_RANGE;
            result.add(new TrafficSelector(type, spec.ipProtocol(), spec.startPort(), spec.endPort(),
                    spec.startAddress(), spec.endAddress()));
        }
        return result;
    }

    private static TrafficSelector intersect(TrafficSelector peer, TrafficSelectorSpec ours) {
        if (ours.dynamic() || peer.startAddress().length != ours.startAddress().length) {
            return null;
        }

        int protocol;
        if (peer.ipProtocol() == 0) {
            protocol = ours.ipProtocol();
        } else if (ours.ipProtocol() == 0 || ours.ipProtocol() == peer.ipProtocol()) {
            protocol = peer.ipProtocol();
        } else {
            return null;
        }

        int startPort = Math.max(peer.startPort(), ours.startPort());
        int endPort = Math.min(peer.endPort(), ours.endPort());
        if (startPort > endPort) {
            return null;
        }

        byte[] start = max(peer.startAddress(), ours.startAddress());
        byte[] end = min(peer.endAddress(), ours.endAddress());
        if (compare(start, end) > 0) {
            return null;
        }
        return new TrafficSelector(peer.tsType(), protocol, startPort, endPort, start, end);
    }

    private static boolean contains(List<TrafficSelector> list, TrafficSelector candidate) {
        return list.stream().anyMatch(candidate::equals);
    }

    private static int compare(byte[] a, byte[] b) {
        return new BigInteger(1, a).compareTo(new BigInteger(1, b));
    }

    private static byte[] max(byte[] a, byte[] b) {
        return compare(a, b) >= 0 ? a.clone() : b.clone();
    }

    private static byte[] min(byte[] a, byte[] b) {
        return compare(a, b) <= 0 ? a.clone() : b.clone();
    }
}
