package org.ikec.cluster;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.ikec.protocol.ike.SpiSource;

/**
 * Maps IKE SPIs to sharded entities. The entity is named by the upper 14 bits of our SPI, so an
 * IKE SA rekey, which keeps the upper 32 bits, stays in its entity, and any node routes any
 * message with no lookup. With 16,384 entity ids the IKE SAs of a busy node share actors, hand-off
 * entries and start-up reads: at 100,000 IKE SAs an entity contains about 6, at 1,000,000 about
 * 61. The cluster's Distributed Data keeps at most 16,384 hand-off entries.
 *
 * <p>NOTE: the hand-off of an entity with about 61 IKE SAs is one Distributed Data write of all
 * their states. It is not measured whether such a write stays below Artery's frame size.
 *
 * <p>For an IKE_SA_INIT request, which carries no responder SPI yet, our SPI is a keyed hash of the
 * initiator's SPI and the peer's address and port under the cluster secret. Every node computes
 * the same SPI, so a retransmitted request that the load balancer sends elsewhere still reaches the
 * IKE SA that responded to the first copy.
 */
public final class SpiRouting implements SpiSource {

    private static final String MAC_ALGORITHM = "HmacSHA256";
    /** The entity id is the SPI's upper 14 bits. */
    private static final int ENTITY_SHIFT = 50;
    /** The number of entity ids. */
    static final int ENTITY_COUNT = 1 << (Long.SIZE - ENTITY_SHIFT);

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;
    private final SecureRandom random = new SecureRandom();

    public SpiRouting(byte[] clusterSecret) {
        if (clusterSecret.length < 16) {
            throw new IllegalArgumentException("the cluster secret must have at least 16 bytes, it has "
                    + clusterSecret.length);
        }
        this.key = new SecretKeySpec(clusterSecret.clone(), MAC_ALGORITHM);
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(MAC_ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is missing from the JDK", e);
        }
    }

    /** Returns the responder SPI for a new IKE SA requested by {@code spiI} from {@code peer}. */
    public long responderSpi(long spiI, InetSocketAddress peer) {
        byte[] address = peer.getAddress().getAddress();
        ByteBuffer input = ByteBuffer.allocate(8 + address.length + 2);
        input.putLong(spiI).put(address).putShort((short) peer.getPort());
        byte[] digest = macs.get().doFinal(input.array());
        long spi = ByteBuffer.wrap(digest).getLong();
        return spi != 0 ? spi : 1;
    }

    /** Returns the id of the entity with the IKE SA whose SPI on our side is {@code ourSpi}. */
    public static String entityId(long ourSpi) {
        return HexFormat.of().toHexDigits((short) entityIndex(ourSpi));
    }

    /** Returns the index, 0 to {@link #ENTITY_COUNT} - 1, of the entity that {@link #entityId} names. */
    static int entityIndex(long ourSpi) {
        return (int) (ourSpi >>> ENTITY_SHIFT);
    }

    /** Returns the index of the entity named {@code entityId}. */
    static int entityIndex(String entityId) {
        return Integer.parseInt(entityId, 16);
    }

    /** Returns a random SPI for an IKE SA we initiate; its upper half picks the entity. */
    public long newInitiatorSpi() {
        long spi;
        do {
            spi = random.nextLong();
        } while (spi == 0);
        return spi;
    }

    @Override
    public long newIkeSpi(long predecessorSpi) {
        long spi;
        do {
            spi = predecessorSpi & 0xffffffff00000000L | random.nextInt() & 0xffffffffL;
        } while (spi == 0 || spi == predecessorSpi);
        return spi;
    }

    @Override
    public int newChildSpi() {
        int spi;
        do {
            spi = random.nextInt();
        } while (Integer.compareUnsigned(spi, 256) < 0);
        return spi;
    }
}
