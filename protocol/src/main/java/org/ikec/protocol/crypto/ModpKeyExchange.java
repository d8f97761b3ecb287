package org.ikec.protocol.crypto;

import java.math.BigInteger;
import org.bouncycastle.crypto.agreement.DHStandardGroups;
import org.bouncycastle.crypto.params.DHParameters;
import org.bouncycastle.util.BigIntegers;

/**
 * MODP key exchange with generator 2 in group 14, MODP-2048 of RFC 3526 §3, or in group 2,
 * MODP-1024 of RFC 2409 §6.2, which {@link Algorithms#isWeak} marks as weak. Public values and the
 * shared secret are left-padded to the prime length, 256 or 128 bytes (RFC 7296 §3.4). A peer
 * value y must satisfy 1 < y < p-1, which excludes the elements of order 1 and 2.
 *
 * <p>The private exponent has 256 bits in both groups, which keeps key generation fast. Recovering
 * an n-bit exponent takes about 2^(n/2) group operations with Pollard's lambda method, so 256 bits
 * give about 128 bits of security, above the 112-bit strength of MODP-2048 and far above the
 * roughly 80 bits of MODP-1024. Agreement uses {@link BigInteger#modPow} from the JDK, which is
 * several times faster than the blinded Bouncy Castle agreement.
 *
 * <p>NOTE: the private exponent is a {@link BigInteger}, which is immutable, so it cannot be wiped.
 */
final class ModpKeyExchange implements ReusableKeyExchange {

    /** Length of a MODP-2048 public value. */
    static final int VALUE_LENGTH = 256;
    /** Length of a MODP-1024 public value. */
    static final int MODP_1024_VALUE_LENGTH = 128;

    private static final int PRIVATE_KEY_BITS = 256;

    private final int group;
    private final DHParameters parameters;
    private final int valueLength;
    private final BigInteger privateKey;
    private final byte[] publicValue;
    private boolean used;

    private ModpKeyExchange(int group, BigInteger privateKey) {
        this.group = group;
        this.parameters = parameters(group);
        this.valueLength = valueLength(group);
        this.privateKey = privateKey;
        BigInteger publicKey = parameters.getG().modPow(privateKey, parameters.getP());
        this.publicValue = Bytes.leftPad(publicKey.toByteArray(), valueLength);
    }

    private ModpKeyExchange(ModpKeyExchange original) {
        this.group = original.group;
        this.parameters = original.parameters;
        this.valueLength = original.valueLength;
        this.privateKey = original.privateKey;
        this.publicValue = original.publicValue;
    }

    /** Creates a fresh key pair in MODP-2048. */
    static ModpKeyExchange generate() {
        return generate(Algorithms.MODP_2048);
    }

    /** Creates a fresh key pair in {@link Algorithms#MODP_2048} or {@link Algorithms#MODP_1024}. */
    static ModpKeyExchange generate(int group) {
        BigInteger privateKey;
        do {
            privateKey = BigIntegers.createRandomBigInteger(PRIVATE_KEY_BITS, SecureRandoms.current());
        } while (privateKey.signum() == 0);
        return new ModpKeyExchange(group, privateKey);
    }

    /** Creates the key pair with a known private exponent, for test vectors. */
    static ModpKeyExchange withPrivateKey(int group, BigInteger privateKey) {
        return new ModpKeyExchange(group, privateKey);
    }

    /** Returns the prime and generator of a MODP group. */
    static DHParameters parameters(int group) {
        return switch (group) {
            case Algorithms.MODP_2048 -> DHStandardGroups.rfc3526_2048;
            case Algorithms.MODP_1024 -> DHStandardGroups.rfc2409_1024;
            default -> throw new IllegalArgumentException("not a MODP group: " + group);
        };
    }

    /** Returns the length in bytes of a public value in a MODP group, which is the prime's length. */
    static int valueLength(int group) {
        return group == Algorithms.MODP_1024 ? MODP_1024_VALUE_LENGTH : VALUE_LENGTH;
    }

    @Override
    public int group() {
        return group;
    }

    @Override
    public byte[] publicValue() {
        return publicValue.clone();
    }

    @Override
    public byte[] sharedSecret(byte[] peerPublicValue) throws InvalidKeyExchangeException {
        if (used) {
            throw new IllegalStateException("the shared secret of this key exchange was already computed");
        }
        String name = Algorithms.name(Algorithms.TYPE_KE, group, 0);
        if (peerPublicValue.length != valueLength) {
            throw new InvalidKeyExchangeException(name + " public value has " + peerPublicValue.length
                    + " bytes, expected " + valueLength);
        }
        BigInteger prime = parameters.getP();
        BigInteger peerValue = new BigInteger(1, peerPublicValue);
        if (peerValue.compareTo(BigInteger.ONE) <= 0 || peerValue.compareTo(prime.subtract(BigInteger.ONE)) >= 0) {
            throw new InvalidKeyExchangeException(name + " public value is outside 1 < y < p-1");
        }

        byte[] secret = Bytes.leftPad(peerValue.modPow(privateKey, prime).toByteArray(), valueLength);

        used = true;
        return secret;
    }

    @Override
    public KeyExchange copy() {
        return new ModpKeyExchange(this);
    }

    @Override
    public void destroy() {
        // The BigInteger private exponent cannot be wiped (see the class comment).
    }

    @Override
    public String toString() {
        return "KeyExchange[" + Algorithms.name(Algorithms.TYPE_KE, group, 0) + "]";
    }
}
