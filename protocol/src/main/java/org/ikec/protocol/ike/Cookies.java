package org.ikec.protocol.ike;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stateless IKE_SA_INIT cookies (RFC 7296 §2.6), shaped as the RFC suggests:
 * {@code Cookie = <VersionIDofSecret> | Hash(Ni | IPi | SPIi | <secret>)}.
 *
 * <p>The version is the time divided by the rotation period, sent as 4 octets. The secret of a
 * version is HMAC-SHA-256(cluster secret, label | version | 0x01), a one-block HKDF-Expand
 * (RFC 5869 §2.3) with the cluster secret as the pseudorandom key. The hash is HMAC-SHA-256 under
 * that secret over {@code len(Ni) | Ni | IPi | SPIi}, cut to 16 octets. The length prefix keeps a
 * long nonce with a short address apart from a short nonce with a long address. Every node that
 * has the cluster secret therefore makes and accepts the same cookies with no coordination and
 * no state per peer.
 *
 * <p>A cookie of the current or the previous version is accepted, so a cookie lives between one
 * and two rotation periods. Nodes whose clocks differ by more than a period reject each other's
 * cookies. Thread-safe.
 */
public final class Cookies {

    /** Rotation period used when the configuration sets none. */
    public static final Duration DEFAULT_ROTATION = Duration.ofMinutes(5);

    /** Octets of the version prefix. */
    static final int VERSION_LENGTH = 4;

    /** Octets of the truncated HMAC after the version. */
    static final int HASH_LENGTH = 16;

    /** Octets of a whole cookie, within the 1 to 64 that RFC 7296 §2.6 allows. */
    public static final int LENGTH = VERSION_LENGTH + HASH_LENGTH;

    private static final String MAC_ALGORITHM = "HmacSHA256";
    private static final byte[] SECRET_LABEL = "ikec IKEv2 cookie secret".getBytes(StandardCharsets.US_ASCII);
    private static final Duration MIN_ROTATION = Duration.ofSeconds(1);

    /** The secret of one version, derived once and reused until the version changes. */
    private record VersionSecret(long version, SecretKeySpec key) {
    }

    private final SecretKeySpec clusterKey;
    private final long rotationMillis;
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(Cookies::newMac);

    /** The secret of the newest version used so far, replaced as a whole so that readers need no lock. */
    private volatile VersionSecret latest;

    /** Creates cookies that rotate every {@link #DEFAULT_ROTATION}. */
    public Cookies(byte[] clusterSecret) {
        this(clusterSecret, DEFAULT_ROTATION);
    }

    /**
     * Creates cookies keyed by {@code clusterSecret}, which must have at least 16 bytes, with a new
     * version every {@code rotation}, which must be at least one second.
     */
    public Cookies(byte[] clusterSecret, Duration rotation) {
        if (clusterSecret.length < 16) {
            throw new IllegalArgumentException("the cluster secret must have at least 16 bytes, it has "
                    + clusterSecret.length);
        }
        if (rotation.compareTo(MIN_ROTATION) < 0) {
            throw new IllegalArgumentException("the cookie rotation period must be at least 1s, it is " + rotation);
        }
        this.clusterKey = new SecretKeySpec(clusterSecret.clone(), MAC_ALGORITHM);
        this.rotationMillis = rotation.toMillis();
    }

    private static Mac newMac() {
        try {
            return Mac.getInstance(MAC_ALGORITHM);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is missing from the JDK", e);
        }
    }

    /** Returns the rotation period. */
    public Duration rotation() {
        return Duration.ofMillis(rotationMillis);
    }

    /** Makes the cookie for an IKE_SA_INIT request from {@code peer} with nonce {@code nonceI} and SPI {@code spiI}. */
    public byte[] make(byte[] nonceI, InetAddress peer, long spiI, long nowMillis) {
        long version = version(nowMillis);
        byte[] hash = hash(version, nonceI, peer, spiI);

        return ByteBuffer.allocate(LENGTH).putInt((int) version).put(hash).array();
    }

    /**
     * Tells whether {@code cookie} was made by {@link #make} with the same nonce, address and SPI,
     * with the secret of the current or of the previous version.
     */
    public boolean isValid(byte[] cookie, byte[] nonceI, InetAddress peer, long spiI, long nowMillis) {
        if (cookie.length != LENGTH) {
            return false;
        }
        int wireVersion = ByteBuffer.wrap(cookie).getInt();
        long current = version(nowMillis);
        long version;
        if (wireVersion == (int) current) {
            version = current;
        } else if (wireVersion == (int) (current - 1)) {
            version = current - 1;
        } else {
            return false;
        }

        byte[] expected = hash(version, nonceI, peer, spiI);
        byte[] received = Arrays.copyOfRange(cookie, VERSION_LENGTH, LENGTH);
        return MessageDigest.isEqual(expected, received);
    }

    /** Returns the version of the secret in use at {@code nowMillis}. */
    long version(long nowMillis) {
        return Math.floorDiv(nowMillis, rotationMillis);
    }

    private byte[] hash(long version, byte[] nonceI, InetAddress peer, long spiI) {
        byte[] address = peer.getAddress();
        ByteBuffer input = ByteBuffer.allocate(2 + nonceI.length + address.length + 8);
        input.putShort((short) nonceI.length).put(nonceI).put(address).putLong(spiI);

        Mac mac = macs.get();
        try {
            mac.init(secret(version));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 rejected a 32-byte key", e);
        }
        byte[] digest = mac.doFinal(input.array());
        return Arrays.copyOf(digest, HASH_LENGTH);
    }

    private SecretKeySpec secret(long version) {
        VersionSecret cached = latest;
        if (cached != null && cached.version() == version) {
            return cached.key();
        }
        SecretKeySpec key = deriveSecret(version);
        if (cached == null || version > cached.version()) {
            latest = new VersionSecret(version, key);
        }
        return key;
    }

    private SecretKeySpec deriveSecret(long version) {
        ByteBuffer info = ByteBuffer.allocate(SECRET_LABEL.length + 8 + 1);
        info.put(SECRET_LABEL).putLong(version).put((byte) 1);

        Mac mac = macs.get();
        try {
            mac.init(clusterKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 rejected the cluster secret", e);
        }
        byte[] secret = mac.doFinal(info.array());
        SecretKeySpec key = new SecretKeySpec(secret, MAC_ALGORITHM);
        Arrays.fill(secret, (byte) 0);
        return key;
    }
}
