package org.ikec.protocol.crypto;

import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.util.BigIntegers;

/**
 * ECP-256 and ECP-384 key exchange (RFC 5903 §7): the public value is x | y, each coordinate
 * left-padded to the field size, without the 0x04 prefix of SEC 1; the shared secret is the
 * x-coordinate of the product alone. A peer value is accepted only if both coordinates are below
 * the field prime and the point lies on the curve. Both curves have cofactor 1, so no further
 * subgroup check is needed. Uses the Bouncy Castle lightweight curve arithmetic.
 *
 * <p>NOTE: the private key is a {@link BigInteger}, which is immutable, so it cannot be wiped; it
 * stays in memory until garbage collected.
 */
final class EcpKeyExchange implements ReusableKeyExchange {

    private final int group;
    private final X9ECParameters curve;
    private final BigInteger privateKey;
    private final byte[] publicValue;
    private boolean used;

    private EcpKeyExchange(int group, X9ECParameters curve, BigInteger privateKey) {
        this.group = group;
        this.curve = curve;
        this.privateKey = privateKey;
        ECPoint publicPoint = new FixedPointCombMultiplier().multiply(curve.getG(), privateKey).normalize();
        this.publicValue = Bytes.concat(publicPoint.getAffineXCoord().getEncoded(),
                publicPoint.getAffineYCoord().getEncoded());
    }

    private EcpKeyExchange(EcpKeyExchange original) {
        this.group = original.group;
        this.curve = original.curve;
        this.privateKey = original.privateKey;
        this.publicValue = original.publicValue;
    }

    static EcpKeyExchange generate(int group) {
        X9ECParameters curve = curveOf(group);
        BigInteger privateKey = BigIntegers.createRandomInRange(BigInteger.ONE,
                curve.getN().subtract(BigInteger.ONE), SecureRandoms.current());
        return new EcpKeyExchange(group, curve, privateKey);
    }

    /** Creates a key exchange with a known private key; for known-answer tests only. */
    static EcpKeyExchange withPrivateKey(int group, BigInteger privateKey) {
        return new EcpKeyExchange(group, curveOf(group), privateKey);
    }

    private static X9ECParameters curveOf(int group) {
        return switch (group) {
            case Algorithms.ECP_256 -> CustomNamedCurves.getByName("secp256r1");
            case Algorithms.ECP_384 -> CustomNamedCurves.getByName("secp384r1");
            default -> throw new IllegalArgumentException("not an ECP group: " + group);
        };
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
        ECPoint peerPoint = decodePoint(peerPublicValue);

        ECPoint product = peerPoint.multiply(privateKey).normalize();
        if (product.isInfinity()) {
            throw new InvalidKeyExchangeException("ECP shared point is the point at infinity");
        }

        used = true;
        return product.getAffineXCoord().getEncoded();
    }

    @Override
    public KeyExchange copy() {
        return new EcpKeyExchange(this);
    }

    @Override
    public void destroy() {
        // The BigInteger private key cannot be wiped (see the class comment).
    }

    private ECPoint decodePoint(byte[] value) throws InvalidKeyExchangeException {
        int coordinateLength = publicValue.length / 2;
        if (value.length != publicValue.length) {
            throw new InvalidKeyExchangeException(Algorithms.name(Algorithms.TYPE_KE, group, 0)
                    + " public value has " + value.length + " bytes, expected " + publicValue.length);
        }

        ECCurve ecCurve = curve.getCurve();
        BigInteger prime = ecCurve.getField().getCharacteristic();
        BigInteger x = new BigInteger(1, Arrays.copyOfRange(value, 0, coordinateLength));
        BigInteger y = new BigInteger(1, Arrays.copyOfRange(value, coordinateLength, value.length));
        if (x.compareTo(prime) >= 0 || y.compareTo(prime) >= 0) {
            throw new InvalidKeyExchangeException("ECP public value has a coordinate not below the field prime");
        }
        ECPoint point = ecCurve.createPoint(x, y);
        if (!point.isValid()) {
            throw new InvalidKeyExchangeException("ECP public value is not a point on the curve");
        }
        return point;
    }

    @Override
    public String toString() {
        return "KeyExchange[" + Algorithms.name(Algorithms.TYPE_KE, group, 0) + "]";
    }
}
