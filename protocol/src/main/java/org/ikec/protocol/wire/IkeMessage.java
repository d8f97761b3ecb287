package org.ikec.protocol.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An IKE message (RFC 7296 §3): the header and its payload chain in wire order. When the
 * message is protected, the chain ends with an undecrypted {@link Encrypted} or
 * {@link EncryptedFragment} payload.
 *
 * @param header the header; its nextPayload and length are recomputed on encoding
 * @param payloads the payloads in wire order
 */
public record IkeMessage(IkeHeader header, List<Payload> payloads) {

    public IkeMessage {
        payloads = List.copyOf(payloads);
    }

    /** Returns the first payload of the given record type. */
    public <T extends Payload> Optional<T> first(Class<T> type) {
        for (Payload payload : payloads) {
            if (type.isInstance(payload)) {
                return Optional.of(type.cast(payload));
            }
        }
        return Optional.empty();
    }

    /** Returns every payload of the given record type, in wire order. */
    public <T extends Payload> List<T> all(Class<T> type) {
        List<T> found = new ArrayList<>();
        for (Payload payload : payloads) {
            if (type.isInstance(payload)) {
                found.add(type.cast(payload));
            }
        }
        return found;
    }

    /** Returns the first Notify payload of the given notify type. */
    public Optional<Notify> notify(int notifyType) {
        for (Payload payload : payloads) {
            if (payload instanceof Notify notify && notify.notifyType() == notifyType) {
                return Optional.of(notify);
            }
        }
        return Optional.empty();
    }

    /** Returns every Notify payload, in wire order. */
    public List<Notify> notifies() {
        return all(Notify.class);
    }
}
