package org.ikec.protocol.ike;

import java.util.List;

import org.ikec.protocol.wire.Delete;
import org.ikec.protocol.wire.ExchangeType;
import org.ikec.protocol.wire.IkeMessage;
import org.ikec.protocol.wire.Payload;
import org.ikec.protocol.wire.ProtocolId;

/** The INFORMATIONAL requests we start (RFC 7296 §1.4): liveness checks and deletes. */
final class InformationalInitiator {

    private InformationalInitiator() {
    }

    /** An empty INFORMATIONAL request; any protected response proves the peer alive (§2.4). */
    static final class LivenessCheck implements OwnRequest {

        @Override
        public int exchangeType() {
            return ExchangeType.INFORMATIONAL;
        }

        @Override
        public List<Payload> build(IkeSa sa, long nowMillis) {
            return List.of();
        }

        @Override
        public void complete(IkeSa sa, IkeMessage response, long nowMillis) {
            IkeSa.LOG.debug("{} peer answered the liveness check", sa);
        }

        @Override
        public String toString() {
            return "liveness check";
        }
    }

    /** Deletes the IKE SA and with it every CHILD SA (§1.4.1). */
    static final class DeleteIkeSa implements OwnRequest {

        private final String reason;

        DeleteIkeSa(String reason) {
            this.reason = reason;
        }

        @Override
        public int exchangeType() {
            return ExchangeType.INFORMATIONAL;
        }

        @Override
        public List<Payload> build(IkeSa sa, long nowMillis) {
            return List.of(new Delete(ProtocolId.IKE, 0, List.of()));
        }

        @Override
        public void complete(IkeSa sa, IkeMessage response, long nowMillis) {
            sa.close(reason);
        }

        @Override
        public String toString() {
            return "delete IKE SA";
        }
    }

    /** Deletes one CHILD SA pair by our inbound SPI (§1.4.1). */
    static final class DeleteChildSa implements OwnRequest {

        private final ChildSa child;
        private final String reason;

        DeleteChildSa(ChildSa child, String reason) {
            this.child = child;
            this.reason = reason;
        }

        ChildSa child() {
            return child;
        }

        @Override
        public int exchangeType() {
            return ExchangeType.INFORMATIONAL;
        }

        @Override
        public List<Payload> build(IkeSa sa, long nowMillis) {
            if (!sa.children.contains(child)) {
                return null;
            }
            return List.of(new Delete(ProtocolId.ESP, 4, List.of(ChildSaNegotiation.spiBytes(child.inboundSpi()))));
        }

        @Override
        public void complete(IkeSa sa, IkeMessage response, long nowMillis) {
            sa.removeChild(child, reason);
            sa.childSettled(child);
        }

        @Override
        public void abandon(IkeSa sa) {
            sa.childSettled(child);
        }

        @Override
        public String toString() {
            return "delete CHILD SA " + IkeSa.hex(child.inboundSpi());
        }
    }
}
