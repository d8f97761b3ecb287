package org.ikec.protocol.ike;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

import org.ikec.protocol.wire.IkeMessage;
import org.ikec.protocol.wire.Notify;
import org.ikec.protocol.wire.NotifyType;

/**
 * NAT detection (RFC 7296 §2.23): each side sends SHA-1(SPIi | SPIr | IP | port) of the source
 * and of the destination it sees; a hash that does not match what the receiver sees means a NAT.
 */
final class NatDetection {

    private NatDetection() {
    }

    static byte[] hash(long spiI, long spiR, InetSocketAddress endpoint) {
        byte[] address = endpoint.getAddress().getAddress();
        ByteBuffer input = ByteBuffer.allocate(16 + address.length + 2);
        input.putLong(spiI).putLong(spiR).put(address).putShort((short) endpoint.getPort());
        try {
            return MessageDigest.getInstance("SHA-1").digest(input.array());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from the JDK", e);
        }
    }

    static boolean present(IkeMessage message) {
        return message.notify(NotifyType.NAT_DETECTION_SOURCE_IP).isPresent()
                && message.notify(NotifyType.NAT_DETECTION_DESTINATION_IP).isPresent();
    }

    /** Tells whether the peer is behind a NAT: none of its source hashes matches where it came from. */
    static boolean peerBehindNat(IkeMessage message, long spiI, long spiR, InetSocketAddress remote) {
        byte[] expected = hash(spiI, spiR, remote);
        List<Notify> sources = message.notifies().stream()
                .filter(n -> n.notifyType() == NotifyType.NAT_DETECTION_SOURCE_IP).toList();
        return sources.stream().noneMatch(n -> MessageDigest.isEqual(n.data(), expected));
    }

    /** Tells whether we are behind a NAT: the peer saw another destination than our address. */
    static boolean localBehindNat(IkeMessage message, long spiI, long spiR, InetSocketAddress local) {
        byte[] expected = hash(spiI, spiR, local);
        return message.notify(NotifyType.NAT_DETECTION_DESTINATION_IP)
                .map(n -> !MessageDigest.isEqual(n.data(), expected))
                .orElse(false);
    }

    static List<Notify> notifies(long spiI, long spiR, InetSocketAddress local, InetSocketAddress remote) {
        return List.of(
                Notify.of(NotifyType.NAT_DETECTION_SOURCE_IP, hash(spiI, spiR, local)),
                Notify.of(NotifyType.NAT_DETECTION_DESTINATION_IP, hash(spiI, spiR, remote)));
    }
}
