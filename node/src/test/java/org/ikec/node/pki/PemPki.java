package org.ikec.node.pki;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A CA, certificates, keys and CRLs made with Bouncy Castle at test time and written as PEM files
 * (PKCS#8 for keys), so no key material is committed. Certificates are valid from 30 days
 * before now to 30 days after unless a test passes other dates.
 */
public final class PemPki {

    /** Key types the tests use. */
    public enum KeyType { RSA_2048, P_256, P_384, ED25519 }

    /** A certificate and its key pair. */
    public record Credential(X509Certificate certificate, KeyPair keys) {
    }

    private static final BouncyCastleProvider PROVIDER = new BouncyCastleProvider();

    private final Path dir;
    private long serial = 1;

    public PemPki(Path dir) {
        this.dir = dir;
    }

    public static KeyPair keyPair(KeyType type) {
        try {
            return switch (type) {
                case RSA_2048 -> {
                    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA", PROVIDER);
                    generator.initialize(2048);
                    yield generator.generateKeyPair();
                }
                case P_256, P_384 -> {
                    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", PROVIDER);
                    generator.initialize(new ECGenParameterSpec(type == KeyType.P_256 ? "secp256r1" : "secp384r1"));
                    yield generator.generateKeyPair();
                }
                case ED25519 -> KeyPairGenerator.getInstance("Ed25519", PROVIDER).generateKeyPair();
            };
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public Credential ca(String subject, KeyType type) {
        KeyPair keys = keyPair(type);
        Instant now = Instant.now();
        return new Credential(build(subject, keys, subject, keys.getPrivate(), true, List.of(),
                now.minus(Duration.ofDays(365)), now.plus(Duration.ofDays(365))), keys);
    }

    public Credential endEntity(Credential issuer, String subject, KeyType type, String... dnsNames) {
        Instant now = Instant.now();
        return endEntity(issuer, subject, type, now.minus(Duration.ofDays(30)), now.plus(Duration.ofDays(30)), dnsNames);
    }

    public Credential endEntity(Credential issuer, String subject, KeyType type, Instant notBefore, Instant notAfter,
                                String... dnsNames) {
        KeyPair keys = keyPair(type);
        List<GeneralName> names = new ArrayList<>();
        for (String dns : dnsNames) {
            names.add(new GeneralName(GeneralName.dNSName, dns));
        }
        return new Credential(build(subject, keys, name(issuer), issuer.keys().getPrivate(), false, names, notBefore,
                notAfter), keys);
    }

    public X509CRL crl(Credential issuer, X509Certificate... revoked) {
        Instant now = Instant.now();
        X509v2CRLBuilder builder = new X509v2CRLBuilder(new X500Name(name(issuer)), Date.from(now.minus(Duration.ofHours(1))));
        builder.setNextUpdate(Date.from(now.plus(Duration.ofDays(7))));
        for (X509Certificate certificate : revoked) {
            builder.addCRLEntry(certificate.getSerialNumber(), Date.from(now.minus(Duration.ofHours(2))),
                    CRLReason.keyCompromise);
        }
        try {
            return new JcaX509CRLConverter().setProvider(PROVIDER).getCRL(builder.build(signer(issuer.keys().getPrivate())));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes objects (certificates, CRLs, private keys as PKCS#8) as PEM into {@code fileName} and returns its path. */
    public Path write(String fileName, Object... objects) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (Object object : objects) {
                if (object instanceof PrivateKey key) {
                    writer.writeObject(new JcaPKCS8Generator(key, null));
                } else {
                    writer.writeObject(object);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return Files.writeString(dir.resolve(fileName), text.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code key} as encrypted PKCS#8 PEM (AES-256-CBC) under {@code passphrase}. */
    public Path writeEncrypted(String fileName, PrivateKey key, String passphrase) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(new JcaPKCS8Generator(key, new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                    .setProvider(PROVIDER).setPassword(passphrase.toCharArray()).build()));
        } catch (IOException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
        try {
            return Files.writeString(dir.resolve(fileName), text.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String name(Credential issuer) {
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
            return new JcaX509CertificateConverter().setProvider(PROVIDER).getCertificate(builder.build(signer(issuerKey)));
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static org.bouncycastle.operator.ContentSigner signer(PrivateKey key) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC", "ECDSA" -> "SHA256withECDSA";
            default -> "Ed25519";
        };
        try {
            return new JcaContentSignerBuilder(algorithm).setProvider(PROVIDER).build(key);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }
}
