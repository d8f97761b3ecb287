package org.ikec.protocol.ike;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.stream.Collectors;

import org.ikec.protocol.config.TrafficSelectorSpec;
import org.ikec.protocol.wire.TrafficSelector;

/** Formats negotiated traffic selectors in swanctl's notation, for logs and the management view. */
public final class SelectorText {

    private SelectorText() {
    }

    public static String describe(List<TrafficSelector> selectors) {
        return selectors.stream().map(SelectorText::describe).collect(Collectors.joining(" "));
    }

    public static String describe(TrafficSelector selector) {
        TrafficSelectorSpec spec = new TrafficSelectorSpec(false, selector.startAddress(), selector.endAddress(),
                selector.ipProtocol(), selector.startPort(), selector.endPort());
        return spec.toString();
    }

    static boolean isSingleHost(TrafficSelector selector) {
        return java.util.Arrays.equals(selector.startAddress(), selector.endAddress());
    }

    static InetAddress startAddress(TrafficSelector selector) {
        try {
            return InetAddress.getByAddress(selector.startAddress());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
