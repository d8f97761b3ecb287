package org.ikec.protocol.crypto;

import java.math.BigInteger;
import org.bouncycastle.crypto.agreement.DHStandardGroups;
import org.bouncycastle.util.BigIntegers;

/**
 * MODP-2048 key exchange, group 14 of RFC 3526 §3 with generator 2. Public values and the shared
 * secret are left-padded to the 256-byte prime length (RFC 7296 §3.4). A peer value y must satisfy
 * 1 < y < p-1, which excludes the elements of order 1 and 2.
 *
 * <p>The private exponent has 256 bits, which keeps key generation fast. Recovering an n-bit
 * exponent takes about 2^(n/2) group operations with Pollard's lambda method, so 256 bits give
 * about 128 bits of security, above the 112-bit strength of the group. Agreement uses
 * {@link BigInteger#modPow} from the JDK, which is several times faster than the blinded Bouncy
 * Castle agreement.
 *
 * <p>NOTE: the private exponent is a {@link BigInteger}, which is immutable, so it cannot be wiped.
 */
final class ModpKeyExchange implements KeyExchange {

    static final int VALUE_LENGTH = 256;

    private static final int PRIVATE_KEY_BITS = 256;
    private static final BigInteger PRIME = DHStandardGroups.rfc3526_2048.getP();
    private static final BigInteger GENERATOR = DHStandardGroups.rfc3526_2048.getG();
    private static final BigInteger PRIME_MINUS_ONE = PRIME.subtract(BigInteger.ONE);

    private final BigInteger privateKey;
    private final byte[] publicValue;
    private boolean used;

    private ModpKeyExchange(BigInteger privateKey) {
        this.privateKey = privateKey;
        this.publicValue = Bytes.leftPad(GENERATOR.modPow(privateKey, PRIME).toByteArray(), VALUE_LENGTH);
    }

    static ModpKeyExchange generate() {
        BigInteger privateKey;
        do {
            privateKey = BigIntegers.createRandomBigInteger(PRIVATE_KEY_BITS, SecureRandoms.current());
        } while (privateKey.signum() == 0);
        return new ModpKeyExchange(privateKey);
    }

    @Override
    public int group() {
        return Algorithms.MODP_2048;
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
        if (peerPublicValue.length != VALUE_LENGTH) {
            throw new InvalidKeyExchangeException("modp2048 public value has " + peerPublicValue.length
                    + " bytes, expected " + VALUE_LENGTH);
        }
        BigInteger peerValue = new BigInteger(1, peerPublicValue);
        if (peerValue.compareTo(BigInteger.ONE) <= 0 || peerValue.compareTo(PRIME_MINUS_ONE) >= 0) {
            throw new InvalidKeyExchangeException("modp2048 public value is outside 1 < y < p-1");
        }

        byte[] secret = Bytes.leftPad(peerValue.modPow(privateKey, PRIME).toByteArray(), VALUE_LENGTH);

        used = true;
        return secret;
    }

    @Override
    public String toString() {
        return "KeyExchange[modp2048]";
    }
}
