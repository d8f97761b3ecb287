package org.ikec.cluster.tunnel;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The preferred jnxIkeTunIndex of a tunnel: SHA-256 over the tunnel's identity, first 4 bytes
 * read big-endian and masked to 31 bits, with 0 (not a valid index) mapped to 1.
 *
 * <p>The digest input is each field in order (service set, peer address, local identity, remote
 * identity), each preceded by its length as a 4-byte big-endian integer, with strings in UTF-8.
 * The length prefixes keep ("ab", "c") and ("a", "bc") apart. The hash is unkeyed, so a tunnel keeps its
 * preferred index across cluster restarts and on every node and JVM. A peer that grinds identities
 * to collide with other tunnels needs valid credentials for each one, because indexes are
 * allocated only after IKE_AUTH succeeded, and a collision costs it no more than a longer probe.
 */
public final class TunnelHashing {

    /** The largest jnxIkeTunIndex (the MIB's range is 1..2147483647). */
    public static final int MAX_INDEX = Integer.MAX_VALUE;

    private TunnelHashing() {
    }

    /** Computes the index in 1..{@link #MAX_INDEX} that the tunnel gets unless another tunnel holds it. */
    public static int preferredIndex(TunnelIdentity identity) {
        MessageDigest sha256 = sha256();
        update(sha256, identity.serviceSet().getBytes(StandardCharsets.UTF_8));
        update(sha256, identity.peerAddress());
        update(sha256, identity.localId().getBytes(StandardCharsets.UTF_8));
        update(sha256, identity.remoteId().getBytes(StandardCharsets.UTF_8));
        byte[] digest = sha256.digest();

        int index = ByteBuffer.wrap(digest, 0, 4).getInt() & MAX_INDEX;
        return index == 0 ? 1 : index;
    }

    private static void update(MessageDigest digest, byte[] field) {
        digest.update(ByteBuffer.allocate(4).putInt(field.length).array());
        digest.update(field);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}
