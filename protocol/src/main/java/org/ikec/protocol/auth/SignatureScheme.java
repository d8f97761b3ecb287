package org.ikec.protocol.auth;

import static org.ikec.protocol.auth.SignatureHashAlgorithms.IDENTITY;
import static org.ikec.protocol.auth.SignatureHashAlgorithms.SHA1;
import static org.ikec.protocol.auth.SignatureHashAlgorithms.SHA2_256;
import static org.ikec.protocol.auth.SignatureHashAlgorithms.SHA2_384;
import static org.ikec.protocol.auth.SignatureHashAlgorithms.SHA2_512;

import java.io.IOException;
import java.security.Key;
import java.security.Provider;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.ikec.protocol.wire.AuthMethod;

/**
 * One way of signing the AUTH octets: the AUTH method, the hash and the JCA signature algorithm.
 * Method 14 (RFC 7427 §3) names its algorithm in an ASN.1 AlgorithmIdentifier in front of the
 * signature. The legacy methods fix it: 1 is RSASSA-PKCS1-v1_5 with SHA-1 (RFC 7296 §3.8), and
 * 9, 10 and 11 are ECDSA on P-256, P-384 and P-521 with r and s concatenated (RFC 4754).
 *
 * @param hash a {@link SignatureHashAlgorithms} number
 * @param jcaName the Bouncy Castle signature algorithm name
 * @param pss the RSASSA-PSS parameters, or {@code null} for every other algorithm
 * @param algorithmIdentifier the DER AlgorithmIdentifier sent with method 14, empty for the others
 */
public record SignatureScheme(int authMethod, int hash, String jcaName, PSSParameterSpec pss,
                              byte[] algorithmIdentifier) {

    /** Bouncy Castle, which every signature here uses. */
    static final Provider PROVIDER = new BouncyCastleProvider();

    private static final Map<Integer, ASN1ObjectIdentifier> DIGESTS = Map.of(
            SHA1, OIWObjectIdentifiers.idSHA1, SHA2_256, NISTObjectIdentifiers.id_sha256,
            SHA2_384, NISTObjectIdentifiers.id_sha384, SHA2_512, NISTObjectIdentifiers.id_sha512);
    private static final Map<Integer, String> DIGEST_NAMES = Map.of(
            SHA1, "SHA-1", SHA2_256, "SHA-256", SHA2_384, "SHA-384", SHA2_512, "SHA-512");
    private static final Map<Integer, Integer> DIGEST_LENGTHS = Map.of(SHA1, 20, SHA2_256, 32, SHA2_384, 48, SHA2_512, 64);
    private static final Map<ASN1ObjectIdentifier, Integer> RSA_PKCS1 = Map.of(
            PKCSObjectIdentifiers.sha256WithRSAEncryption, SHA2_256,
            PKCSObjectIdentifiers.sha384WithRSAEncryption, SHA2_384,
            PKCSObjectIdentifiers.sha512WithRSAEncryption, SHA2_512);
    private static final Map<ASN1ObjectIdentifier, Integer> ECDSA = Map.of(
            X9ObjectIdentifiers.ecdsa_with_SHA256, SHA2_256,
            X9ObjectIdentifiers.ecdsa_with_SHA384, SHA2_384,
            X9ObjectIdentifiers.ecdsa_with_SHA512, SHA2_512);
    /** The hashes method 14 accepts with RSA and ECDSA, in our order of preference. */
    private static final List<Integer> DIGITAL_SIGNATURE_HASHES = List.of(SHA2_256, SHA2_384, SHA2_512);

    public SignatureScheme {
        algorithmIdentifier = algorithmIdentifier.clone();
    }

    @Override
    public byte[] algorithmIdentifier() {
        return algorithmIdentifier.clone();
    }

    // ------------------------------------------------------------------ signing

    /**
     * Chooses how our {@code key} signs, given the hashes the peer announced ({@code peerHashes},
     * empty when the peer does not support RFC 7427).
     *
     * @throws IllegalArgumentException naming why no scheme fits
     */
    public static SignatureScheme forSigning(Key key, boolean rsaPss, List<Integer> peerHashes) {
        String algorithm = key.getAlgorithm();
        if (algorithm.equals("Ed25519") || algorithm.equals("EdDSA")) {
            return ed25519(peerHashes);
        }
        if (key instanceof ECKey ecKey) {
            return ecdsa(ecKey.getParams().getCurve().getField().getFieldSize(), peerHashes);
        }
        if (key instanceof RSAKey) {
            return rsaPss ? rsaPss(firstShared(peerHashes, "RSASSA-PSS")) : rsaPkcs1(peerHashes);
        }
        throw new IllegalArgumentException("unsupported key type " + algorithm + "; use RSA, ECDSA or Ed25519");
    }

    private static SignatureScheme ed25519(List<Integer> peerHashes) {
        if (!peerHashes.contains(IDENTITY)) {
            throw new IllegalArgumentException("an Ed25519 key needs the peer to announce the IDENTITY hash"
                    + " (RFC 8420), and it announced " + names(peerHashes));
        }
        byte[] id = encode(new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519));
        return new SignatureScheme(AuthMethod.DIGITAL_SIGNATURE, IDENTITY, "Ed25519", null, id);
    }

    private static SignatureScheme ecdsa(int curveBits, List<Integer> peerHashes) {
        int curveHash = switch (curveBits) {
            case 256 -> SHA2_256;
            case 384 -> SHA2_384;
            case 521 -> SHA2_512;
            default -> throw new IllegalArgumentException("unsupported ECDSA curve of " + curveBits
                    + " bits; use P-256, P-384 or P-521");
        };
        if (peerHashes.isEmpty()) {
            int method = switch (curveHash) {
                case SHA2_256 -> AuthMethod.ECDSA_256;
                case SHA2_384 -> AuthMethod.ECDSA_384;
                default -> AuthMethod.ECDSA_521;
            };
            return new SignatureScheme(method, curveHash, plainEcdsaName(curveHash), null, new byte[0]);
        }
        int hash = peerHashes.contains(curveHash) ? curveHash : firstShared(peerHashes, "ECDSA");
        ASN1ObjectIdentifier oid = ECDSA.entrySet().stream().filter(e -> e.getValue() == hash).findFirst()
                .orElseThrow().getKey();
        return new SignatureScheme(AuthMethod.DIGITAL_SIGNATURE, hash, digestPrefix(hash) + "withECDSA", null,
                encode(new AlgorithmIdentifier(oid)));
    }

    private static SignatureScheme rsaPkcs1(List<Integer> peerHashes) {
        if (peerHashes.isEmpty()) {
            return new SignatureScheme(AuthMethod.RSA, SHA1, "SHA1withRSA", null, new byte[0]);
        }
        int hash = firstShared(peerHashes, "RSA");
        ASN1ObjectIdentifier oid = RSA_PKCS1.entrySet().stream().filter(e -> e.getValue() == hash).findFirst()
                .orElseThrow().getKey();
        return new SignatureScheme(AuthMethod.DIGITAL_SIGNATURE, hash, digestPrefix(hash) + "withRSA", null,
                encode(new AlgorithmIdentifier(oid, DERNull.INSTANCE)));
    }

    /** Returns RSASSA-PSS with MGF1 on the same hash and a salt as long as the hash. */
    private static SignatureScheme rsaPss(int hash) {
        AlgorithmIdentifier digest = new AlgorithmIdentifier(DIGESTS.get(hash), DERNull.INSTANCE);
        RSASSAPSSparams params = new RSASSAPSSparams(digest,
                new AlgorithmIdentifier(PKCSObjectIdentifiers.id_mgf1, digest),
                new ASN1Integer(DIGEST_LENGTHS.get(hash)), new ASN1Integer(1));
        PSSParameterSpec spec = new PSSParameterSpec(DIGEST_NAMES.get(hash), "MGF1",
                new MGF1ParameterSpec(DIGEST_NAMES.get(hash)), DIGEST_LENGTHS.get(hash), 1);
        return new SignatureScheme(AuthMethod.DIGITAL_SIGNATURE, hash, "RSASSA-PSS", spec,
                encode(new AlgorithmIdentifier(PKCSObjectIdentifiers.id_RSASSA_PSS, params)));
    }

    private static int firstShared(List<Integer> peerHashes, String keyType) {
        return DIGITAL_SIGNATURE_HASHES.stream().filter(peerHashes::contains).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the peer announced no hash usable with " + keyType
                        + " (it announced " + names(peerHashes) + ")"));
    }

    // ------------------------------------------------------------------ verifying

    /**
     * Returns the scheme a received AUTH payload names, or empty for a method or algorithm we do
     * not verify. For method 14, {@code algorithmIdentifier} is the DER the peer sent.
     */
    public static Optional<SignatureScheme> forVerifying(int authMethod, byte[] algorithmIdentifier) {
        return switch (authMethod) {
            case AuthMethod.RSA -> Optional.of(new SignatureScheme(AuthMethod.RSA, SHA1, "SHA1withRSA", null, new byte[0]));
            case AuthMethod.ECDSA_256 -> Optional.of(legacyEcdsa(AuthMethod.ECDSA_256, SHA2_256));
            case AuthMethod.ECDSA_384 -> Optional.of(legacyEcdsa(AuthMethod.ECDSA_384, SHA2_384));
            case AuthMethod.ECDSA_521 -> Optional.of(legacyEcdsa(AuthMethod.ECDSA_521, SHA2_512));
            case AuthMethod.DIGITAL_SIGNATURE -> digitalSignature(algorithmIdentifier);
            default -> Optional.empty();
        };
    }

    private static SignatureScheme legacyEcdsa(int method, int hash) {
        return new SignatureScheme(method, hash, plainEcdsaName(hash), null, new byte[0]);
    }

    private static Optional<SignatureScheme> digitalSignature(byte[] der) {
        AlgorithmIdentifier id;
        try {
            id = AlgorithmIdentifier.getInstance(der);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }

        ASN1ObjectIdentifier oid = id.getAlgorithm();
        if (RSA_PKCS1.containsKey(oid)) {
            int hash = RSA_PKCS1.get(oid);
            return Optional.of(new SignatureScheme(AuthMethod.DIGITAL_SIGNATURE, hash, digestPrefix(hash) + "withRSA", null, der));
        }
        if (ECDSA.containsKey(oid)) {
            int hash = ECDSA.get(oid);
            return Optional.of(new SignatureScheme(AuthMethod.DIGITAL_SIGNATURE, hash, digestPrefix(hash) + "withECDSA", null, der));
        }
        if (oid.equals(EdECObjectIdentifiers.id_Ed25519)) {
            return Optional.of(new SignatureScheme(AuthMethod.DIGITAL_SIGNATURE, IDENTITY, "Ed25519", null, der));
        }
        if (oid.equals(PKCSObjectIdentifiers.id_RSASSA_PSS)) {
            return receivedPss(der, RSASSAPSSparams.getInstance(id.getParameters()));
        }
        return Optional.empty();
    }

    private static Optional<SignatureScheme> receivedPss(byte[] der, RSASSAPSSparams params) {
        Optional<Integer> hash = hashOf(params.getHashAlgorithm().getAlgorithm());
        AlgorithmIdentifier mgf = params.getMaskGenAlgorithm();
        Optional<Integer> mgfHash = mgf.getAlgorithm().equals(PKCSObjectIdentifiers.id_mgf1)
                ? hashOf(AlgorithmIdentifier.getInstance(mgf.getParameters()).getAlgorithm()) : Optional.empty();
        if (hash.isEmpty() || mgfHash.isEmpty() || hash.get() == SHA1) {
            return Optional.empty();
        }

        PSSParameterSpec spec = new PSSParameterSpec(DIGEST_NAMES.get(hash.get()), "MGF1",
                new MGF1ParameterSpec(DIGEST_NAMES.get(mgfHash.get())), params.getSaltLength().intValueExact(),
                params.getTrailerField().intValueExact());
        return Optional.of(new SignatureScheme(AuthMethod.DIGITAL_SIGNATURE, hash.get(), "RSASSA-PSS", spec, der));
    }

    private static Optional<Integer> hashOf(ASN1ObjectIdentifier digest) {
        return DIGESTS.entrySet().stream().filter(e -> e.getValue().equals(digest)).map(Map.Entry::getKey).findFirst();
    }

    // ------------------------------------------------------------------ helpers

    private static String plainEcdsaName(int hash) {
        return digestPrefix(hash) + "withPLAIN-ECDSA";
    }

    private static String digestPrefix(int hash) {
        return DIGEST_NAMES.get(hash).replace("-", "");
    }

    private static byte[] encode(AlgorithmIdentifier id) {
        try {
            return id.getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding of an AlgorithmIdentifier failed", e);
        }
    }

    private static String names(List<Integer> hashes) {
        return hashes.isEmpty() ? "none" : String.join(", ", hashes.stream().map(SignatureHashAlgorithms::name).toList());
    }

    /** Describes the scheme for logs, for example {@code DIGITAL_SIGNATURE SHA256withECDSA}. */
    public String describe() {
        return AuthMethod.name(authMethod) + " " + jcaName;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SignatureScheme that && authMethod == that.authMethod && hash == that.hash
                && jcaName.equals(that.jcaName) && java.util.Arrays.equals(algorithmIdentifier, that.algorithmIdentifier);
    }

    @Override
    public int hashCode() {
        return 31 * jcaName.hashCode() + java.util.Arrays.hashCode(algorithmIdentifier);
    }
}
