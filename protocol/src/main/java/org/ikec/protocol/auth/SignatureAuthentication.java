package org.ikec.protocol.auth;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.Optional;

import org.ikec.protocol.wire.AuthMethod;
import org.ikec.protocol.wire.Authentication;

/**
 * Signs and verifies the AUTH payload's data (RFC 7296 §2.15) with a {@link SignatureScheme}. For
 * method 14 the data is the AlgorithmIdentifier's length in one byte, the AlgorithmIdentifier and
 * the signature (RFC 7427 §3). For the legacy methods it is the signature alone.
 */
public final class SignatureAuthentication {

    private SignatureAuthentication() {
    }

    /** Signs {@code signedOctets}, the octets of RFC 7296 §2.15, and returns the AUTH payload. */
    public static Authentication sign(SignatureScheme scheme, PrivateKey key, byte[] signedOctets) {
        byte[] signature;
        try {
            Signature signer = signer(scheme);
            signer.initSign(key);
            signer.update(signedOctets);
            signature = signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("signing with " + scheme.describe() + " failed: " + e.getMessage(), e);
        }

        if (scheme.authMethod() != AuthMethod.DIGITAL_SIGNATURE) {
            return new Authentication(scheme.authMethod(), signature);
        }
        byte[] algorithm = scheme.algorithmIdentifier();
        byte[] data = new byte[1 + algorithm.length + signature.length];
        data[0] = (byte) algorithm.length;
        System.arraycopy(algorithm, 0, data, 1, algorithm.length);
        System.arraycopy(signature, 0, data, 1 + algorithm.length, signature.length);
        return new Authentication(AuthMethod.DIGITAL_SIGNATURE, data);
    }

    /** The scheme an AUTH payload names and the signature it carries. */
    public record Parsed(SignatureScheme scheme, byte[] signature) {
    }

    /** Splits a received AUTH payload; empty when its method or algorithm is not supported or it is truncated. */
    public static Optional<Parsed> parse(Authentication auth) {
        byte[] data = auth.data();
        if (auth.method() != AuthMethod.DIGITAL_SIGNATURE) {
            return SignatureScheme.forVerifying(auth.method(), new byte[0]).map(s -> new Parsed(s, data));
        }
        if (data.length < 1 || data.length < 1 + (data[0] & 0xff)) {
            return Optional.empty();
        }
        int length = data[0] & 0xff;
        byte[] algorithm = Arrays.copyOfRange(data, 1, 1 + length);
        byte[] signature = Arrays.copyOfRange(data, 1 + length, data.length);
        return SignatureScheme.forVerifying(AuthMethod.DIGITAL_SIGNATURE, algorithm).map(s -> new Parsed(s, signature));
    }

    /** Tells whether {@code signature} over {@code signedOctets} verifies with {@code key}; a key of the wrong type fails. */
    public static boolean verify(Parsed parsed, PublicKey key, byte[] signedOctets) {
        try {
            Signature verifier = signer(parsed.scheme());
            verifier.initVerify(key);
            verifier.update(signedOctets);
            return verifier.verify(parsed.signature());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static Signature signer(SignatureScheme scheme) throws GeneralSecurityException {
        Signature signature = Signature.getInstance(scheme.jcaName(), SignatureScheme.PROVIDER);
        if (scheme.pss() != null) {
            signature.setParameter(scheme.pss());
        }
        return signature;
    }
}
