package org.ikec.protocol.ike;

import org.ikec.protocol.wire.IkeMessage;
import org.ikec.protocol.wire.Notify;
import org.ikec.protocol.wire.NotifyType;

/** The INVALID_KE_PAYLOAD notify (RFC 7296 §1.3, §3.10.1), whose data is the requested group in two octets. */
final class InvalidKePayload {

    private InvalidKePayload() {
    }

    static Notify requesting(int group) {
        return Notify.of(NotifyType.INVALID_KE_PAYLOAD, new byte[] {(byte) (group >>> 8), (byte) group});
    }

    /** Returns the group an INVALID_KE_PAYLOAD in {@code response} requests, or -1 when there is none. */
    static int requestedGroup(IkeMessage response) {
        byte[] data = response.notify(NotifyType.INVALID_KE_PAYLOAD).map(Notify::data).orElse(new byte[0]);
        return data.length == 2 ? (data[0] & 0xff) << 8 | data[1] & 0xff : -1;
    }
}
