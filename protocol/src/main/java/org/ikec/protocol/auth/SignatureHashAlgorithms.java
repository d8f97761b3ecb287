package org.ikec.protocol.auth;

import java.util.ArrayList;
import java.util.List;

import org.ikec.protocol.wire.IkeMessage;
import org.ikec.protocol.wire.Notify;
import org.ikec.protocol.wire.NotifyType;

/**
 * The SIGNATURE_HASH_ALGORITHMS notify of IKE_SA_INIT (RFC 7427 §4): a list of 16-bit hash
 * algorithm numbers from the IKEv2 "Hash Algorithms" registry, with Identity from RFC 8420.
 */
public final class SignatureHashAlgorithms {

    public static final int SHA1 = 1;
    public static final int SHA2_256 = 2;
    public static final int SHA2_384 = 3;
    public static final int SHA2_512 = 4;
    /** The hash of RFC 8420, which means "sign the data itself", as Ed25519 does. */
    public static final int IDENTITY = 5;

    /** Hashes we announce and verify with method 14. SHA-1 is left out because it no longer resists collisions. */
    private static final List<Integer> SUPPORTED = List.of(SHA2_256, SHA2_384, SHA2_512, IDENTITY);

    private SignatureHashAlgorithms() {
    }

    /** Returns the notify announcing every hash we verify signatures with. */
    public static Notify announcement() {
        byte[] data = new byte[SUPPORTED.size() * 2];
        for (int i = 0; i < SUPPORTED.size(); i++) {
            data[2 * i + 1] = (byte) (int) SUPPORTED.get(i);
        }
        return Notify.of(NotifyType.SIGNATURE_HASH_ALGORITHMS, data);
    }

    /**
     * Returns the hash numbers the peer announced in {@code message}, in its order; empty when it sent
     * no such notify and therefore does not support RFC 7427. A trailing odd byte is ignored.
     */
    public static List<Integer> announced(IkeMessage message) {
        List<Integer> hashes = new ArrayList<>();
        for (Notify notify : message.notifies()) {
            if (notify.notifyType() != NotifyType.SIGNATURE_HASH_ALGORITHMS) {
                continue;
            }
            byte[] data = notify.data();
            for (int i = 0; i + 1 < data.length; i += 2) {
                hashes.add((data[i] & 0xff) << 8 | data[i + 1] & 0xff);
            }
        }
        return hashes;
    }

    /** Returns the registry name of a hash number, or {@code UNKNOWN(n)}. */
    public static String name(int hash) {
        return switch (hash) {
            case SHA1 -> "SHA1";
            case SHA2_256 -> "SHA2_256";
            case SHA2_384 -> "SHA2_384";
            case SHA2_512 -> "SHA2_512";
            case IDENTITY -> "IDENTITY";
            default -> "UNKNOWN(" + hash + ")";
        };
    }
}
