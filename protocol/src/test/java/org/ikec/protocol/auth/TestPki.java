package org.ikec.protocol.auth;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.ikec.protocol.config.IkeIdentity;
import org.ikec.protocol.config.SecretStore;

/**
 * Certificates, keys and CRLs made for one test with Bouncy Castle, so no key is ever committed.
 * Dates are relative to {@link #NOW}, the time the tests pass to the validators.
 */
public final class TestPki {

    /** The time tests authenticate at: 2026-06-01T00:00:00Z. */
    public static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    /** Key types the tests cover. */
    public enum KeyType { RSA_2048, P_256, P_384, ED25519 }

    /** A certificate and its private key. {@code chain} lists the intermediates sent along with it. */
    public record Credential(X509Certificate certificate, KeyPair keys, List<X509Certificate> chain) {

        public PrivateKey privateKey() {
            return keys.getPrivate();
        }

        /** Returns the certificate followed by its intermediates, as {@code certs} configures them. */
        public List<X509Certificate> certs() {
            List<X509Certificate> all = new ArrayList<>();
            all.add(certificate);
            all.addAll(chain);
            return all;
        }
    }

    private long serial = 1;

    /** Returns a secret store holding the private keys of {@code credentials} and no pre-shared key. */
    public static SecretStore secrets(Credential... credentials) {
        Map<PublicKey, PrivateKey> keys = new HashMap<>();
        for (Credential credential : credentials) {
            keys.put(credential.certificate().getPublicKey(), credential.privateKey());
        }
        return new SecretStore() {
            @Override
            public Optional<byte[]> sharedKey(IkeIdentity local, IkeIdentity remote) {
                return Optional.empty();
            }

            @Override
            public Optional<PrivateKey> privateKey(PublicKey publicKey) {
                return Optional.ofNullable(keys.get(publicKey));
            }
        };
    }

    /** Returns a secret store that returns {@code otherKey} as the private key of {@code certificate}. */
    public static SecretStore wrongKey(X509Certificate certificate, PrivateKey otherKey) {
        return new SecretStore() {
            @Override
            public Optional<byte[]> sharedKey(IkeIdentity local, IkeIdentity remote) {
                return Optional.empty();
            }

            @Override
            public Optional<PrivateKey> privateKey(PublicKey publicKey) {
                return publicKey.equals(certificate.getPublicKey()) ? Optional.of(otherKey) : Optional.empty();
            }
        };
    }

    public static KeyPair keyPair(KeyType type) {
        try {
            return switch (type) {
                case RSA_2048 -> {
                    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA", SignatureScheme.PROVIDER);
                    generator.initialize(2048);
                    yield generator.generateKeyPair();
                }
                case P_256, P_384 -> {
                    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", SignatureScheme.PROVIDER);
                    generator.initialize(new ECGenParameterSpec(type == KeyType.P_256 ? "secp256r1" : "secp384r1"));
                    yield generator.generateKeyPair();
                }
                case ED25519 -> KeyPairGenerator.getInstance("Ed25519", SignatureScheme.PROVIDER).generateKeyPair();
            };
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Makes a self-signed CA valid from a year before {@link #NOW} to a year after. */
    public Credential ca(String subject, KeyType type) {
        KeyPair keys = keyPair(type);
        return new Credential(build(subject, keys, subject, keys.getPrivate(), true, List.of(),
                NOW.minus(Duration.ofDays(365)), NOW.plus(Duration.ofDays(365))), keys, List.of());
    }

    /** Makes an intermediate CA issued by {@code issuer}. */
    public Credential intermediate(Credential issuer, String subject, KeyType type) {
        KeyPair keys = keyPair(type);
        X509Certificate certificate = build(subject, keys, issuerName(issuer), issuer.privateKey(), true, List.of(),
                NOW.minus(Duration.ofDays(30)), NOW.plus(Duration.ofDays(300)));
        return new Credential(certificate, keys, List.of());
    }

    /** Makes an end-entity certificate valid for 30 days around {@link #NOW}, with DNS subjectAltNames. */
    public Credential endEntity(Credential issuer, String subject, KeyType type, String... dnsNames) {
        return endEntity(issuer, subject, type, NOW.minus(Duration.ofDays(30)), NOW.plus(Duration.ofDays(30)), dnsNames);
    }

    /** Makes an end-entity certificate with the given validity. */
    public Credential endEntity(Credential issuer, String subject, KeyType type, Instant notBefore, Instant notAfter,
                                String... dnsNames) {
        KeyPair keys = keyPair(type);
        List<GeneralName> names = new ArrayList<>();
        for (String dns : dnsNames) {
            names.add(new GeneralName(GeneralName.dNSName, dns));
        }
        X509Certificate certificate = build(subject, keys, issuerName(issuer), issuer.privateKey(), false, names,
                notBefore, notAfter);
        List<X509Certificate> chain = issuer.certificate().getSubjectX500Principal()
                .equals(issuer.certificate().getIssuerX500Principal()) ? List.of() : List.of(issuer.certificate());
        return new Credential(certificate, keys, chain);
    }

    /** Makes a CRL of {@code issuer} revoking {@code revoked}, issued a day before {@link #NOW}. */
    public X509CRL crl(Credential issuer, X509Certificate... revoked) {
        X509v2CRLBuilder builder = new X509v2CRLBuilder(new X500Name(issuerName(issuer)), Date.from(NOW.minus(Duration.ofDays(1))));
        builder.setNextUpdate(Date.from(NOW.plus(Duration.ofDays(7))));
        for (X509Certificate certificate : revoked) {
            builder.addCRLEntry(certificate.getSerialNumber(), Date.from(NOW.minus(Duration.ofDays(2))), CRLReason.keyCompromise);
        }
        try {
            return new JcaX509CRLConverter().setProvider(SignatureScheme.PROVIDER)
                    .getCRL(builder.build(signer(issuer.privateKey())));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String issuerName(Credential issuer) {
        return X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded()).toString();
    }

    private X509Certificate build(String subject, KeyPair keys, String issuer, PrivateKey issuerKey, boolean ca,
                                  List<GeneralName> altNames, Instant notBefore, Instant notAfter) {
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer),
                    BigInteger.valueOf(serial++), Date.from(notBefore), Date.from(notAfter), new X500Name(subject),
                    keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(ca
                    ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature));
            if (!altNames.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(altNames.toArray(GeneralName[]::new)));
            }
            return new JcaX509CertificateConverter().setProvider(SignatureScheme.PROVIDER)
                    .getCertificate(builder.build(signer(issuerKey)));
        } catch (GeneralSecurityException | org.bouncycastle.cert.CertIOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ContentSigner signer(PrivateKey key) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC", "ECDSA" -> "SHA256withECDSA";
            default -> "Ed25519";
        };
        try {
            return new JcaContentSignerBuilder(algorithm).setProvider(SignatureScheme.PROVIDER).build(key);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }
}
