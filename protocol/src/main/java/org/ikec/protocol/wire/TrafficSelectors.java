package org.ikec.protocol.wire;

import java.util.List;

/**
 * The TSi or TSr payload (RFC 7296 §3.13).
 *
 * @param initiator true for TSi, false for TSr
 * @param selectors the traffic selectors, in wire order
 */
public record TrafficSelectors(boolean initiator, List<TrafficSelector> selectors)
        implements Payload {

    public TrafficSelectors {
        Bytes.requireUnsigned("number of traffic selectors", selectors.size(), 8);
        selectors = List.copyOf(selectors);
    }

    @Override
    public int type() {
        return initiator ? PayloadType.TS_I : PayloadType.TS_R;
    }

    @Override
    public String toString() {
        return (initiator ? "TSi" : "TSr") + "[selectors=" + selectors + "]";
    }
}
