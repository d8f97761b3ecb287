package org.ikec.protocol.ike;

import java.util.ArrayList;
import java.util.List;

import org.ikec.protocol.wire.ExchangeType;

/**
 * Events one side reported, as short lines such as {@code failed responder auth_failed}. Its clock
 * advances 1000 ns per reading, so every latency is positive.
 */
final class RecordedEvents implements IkeEvents {

    final List<String> lines = new ArrayList<>();
    private long nanos;

    @Override
    public long nanoTime() {
        nanos += 1000;
        return nanos;
    }

    @Override
    public void handshakeStarted(Role role) {
        lines.add("started " + role.tag());
    }

    @Override
    public void handshakeCompleted(Role role) {
        lines.add("completed " + role.tag());
    }

    @Override
    public void handshakeFailed(Role role, HandshakeFailure reason) {
        lines.add("failed " + role.tag() + " " + reason.tag());
    }

    @Override
    public void childSaFailed(Role role, HandshakeFailure reason) {
        lines.add("child failed " + role.tag() + " " + reason.tag());
    }

    @Override
    public void exchangeCompleted(int exchangeType, Requester requester, long nanos) {
        if (nanos <= 0) {
            throw new AssertionError("latency of " + ExchangeType.name(exchangeType) + " is " + nanos + " ns");
        }
        lines.add(ExchangeType.name(exchangeType) + " " + requester.tag());
    }

    @Override
    public void retransmitted(int exchangeType) {
        lines.add("retransmitted " + ExchangeType.name(exchangeType));
    }

    @Override
    public void retransmissionDropped(int exchangeType) {
        lines.add("dropped " + ExchangeType.name(exchangeType));
    }
}
