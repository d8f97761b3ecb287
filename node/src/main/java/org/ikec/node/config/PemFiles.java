package org.ikec.node.config;

import java.io.IOException;
import java.io.Reader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.jcajce.interfaces.EdDSAPrivateKey;
import org.bouncycastle.jcajce.provider.asymmetric.util.EC5Util;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jce.spec.ECParameterSpec;
import org.bouncycastle.jce.spec.ECPublicKeySpec;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;

/**
 * Reads certificates, CRLs and private keys from PEM files (or DER files, for certificates and
 * CRLs), as swanctl's {@code x509}, {@code x509ca}, {@code x509crl} and {@code private}
 * directories hold them. Private keys may be PKCS#8 ({@code PRIVATE KEY}), PKCS#8 encrypted
 * with a passphrase, or OpenSSL's traditional RSA and EC formats. Every error names the file.
 */
final class PemFiles {

    private static final BouncyCastleProvider PROVIDER = new BouncyCastleProvider();

    private PemFiles() {
    }

    /** Reads every certificate in a PEM file, or the one certificate of a DER file. */
    static List<X509Certificate> certificates(Path file, String path) {
        byte[] content = read(file, path);
        if (!looksLikePem(content)) {
            try {
                CertificateFactory factory = CertificateFactory.getInstance("X.509", PROVIDER);
                return List.of((X509Certificate) factory.generateCertificate(new java.io.ByteArrayInputStream(content)));
            } catch (CertificateException e) {
                throw new ConfigError(path, "'" + file + "' is neither PEM nor a DER X.509 certificate: " + e.getMessage());
            }
        }

        List<X509Certificate> certificates = new ArrayList<>();
        for (Object object : pemObjects(file, content, path)) {
            if (object instanceof X509CertificateHolder holder) {
                try {
                    certificates.add(new JcaX509CertificateConverter().setProvider(PROVIDER).getCertificate(holder));
                } catch (CertificateException e) {
                    throw new ConfigError(path, "'" + file + "' contains an invalid certificate: " + e.getMessage());
                }
            }
        }
        if (certificates.isEmpty()) {
            throw new ConfigError(path, "'" + file + "' contains no CERTIFICATE block; give a PEM or DER X.509 certificate");
        }
        return certificates;
    }

    /** Reads the CRLs of a PEM file, or the one CRL of a DER file. */
    static List<X509CRL> crls(Path file, String path) {
        byte[] content = read(file, path);
        try {
            if (!looksLikePem(content)) {
                return List.of(new JcaX509CRLConverter().setProvider(PROVIDER).getCRL(new X509CRLHolder(content)));
            }
            List<X509CRL> crls = new ArrayList<>();
            for (Object object : pemObjects(file, content, path)) {
                if (object instanceof X509CRLHolder holder) {
                    crls.add(new JcaX509CRLConverter().setProvider(PROVIDER).getCRL(holder));
                }
            }
            if (crls.isEmpty()) {
                throw new ConfigError(path, "'" + file + "' contains no X509 CRL block; give a PEM or DER CRL");
            }
            return crls;
        } catch (IOException | java.security.cert.CRLException e) {
            throw new ConfigError(path, "'" + file + "' is not a valid X.509 CRL: " + e.getMessage());
        }
    }

    /**
     * Reads the first private key of a PEM file and derives its public key, so the key can be found
     * by the certificate it belongs to.
     *
     * @param passphrase the passphrase of an encrypted key, or {@code null}
     */
    static KeyPair privateKey(Path file, String path, char[] passphrase) {
        byte[] content = read(file, path);
        for (Object object : pemObjects(file, content, path)) {
            PrivateKeyInfo info = privateKeyInfo(object, file, path, passphrase);
            if (info == null) {
                continue;
            }
            try {
                PrivateKey key = new JcaPEMKeyConverter().setProvider(PROVIDER).getPrivateKey(info);
                return new KeyPair(publicKeyOf(key), key);
            } catch (PEMException | GeneralSecurityException e) {
                throw new ConfigError(path, "'" + file + "' contains an unsupported private key: " + e.getMessage());
            }
        }
        throw new ConfigError(path, "'" + file + "' contains no private key; give a PEM file with a PRIVATE KEY,"
                + " RSA PRIVATE KEY or EC PRIVATE KEY block");
    }

    private static PrivateKeyInfo privateKeyInfo(Object object, Path file, String path, char[] passphrase) {
        try {
            if (object instanceof PrivateKeyInfo info) {
                return info;
            }
            if (object instanceof PEMKeyPair pair) {
                return pair.getPrivateKeyInfo();
            }
            if (object instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
                requirePassphrase(passphrase, file, path);
                return encrypted.decryptPrivateKeyInfo(new JceOpenSSLPKCS8DecryptorProviderBuilder()
                        .setProvider(PROVIDER).build(passphrase));
            }
            if (object instanceof PEMEncryptedKeyPair encrypted) {
                requirePassphrase(passphrase, file, path);
                return encrypted.decryptKeyPair(new JcePEMDecryptorProviderBuilder().setProvider(PROVIDER)
                        .build(passphrase)).getPrivateKeyInfo();
            }
            return null;
        } catch (PKCSException | OperatorCreationException | IOException e) {
            throw new ConfigError(path, "decrypting the private key in '" + file + "' failed; check the passphrase"
                    + " in secret (" + e.getMessage() + ")");
        }
    }

    private static void requirePassphrase(char[] passphrase, Path file, String path) {
        if (passphrase == null) {
            throw new ConfigError(path, "the private key in '" + file + "' is encrypted; set secret = \"...\" to its"
                    + " passphrase");
        }
    }

    /** Derives the public key: RSA from the CRT key, ECDSA as d times G, Ed25519 from the key itself. */
    private static PublicKey publicKeyOf(PrivateKey key) throws GeneralSecurityException {
        if (key instanceof RSAPrivateCrtKey rsa) {
            return KeyFactory.getInstance("RSA", PROVIDER)
                    .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
        }
        if (key instanceof ECPrivateKey ec) {
            ECParameterSpec spec = EC5Util.convertSpec(ec.getParams());
            BigInteger d = ec.getS();
            return KeyFactory.getInstance("EC", PROVIDER)
                    .generatePublic(new ECPublicKeySpec(spec.getG().multiply(d).normalize(), spec));
        }
        if (key instanceof EdDSAPrivateKey ed) {
            return ed.getPublicKey();
        }
        throw new GeneralSecurityException("key type " + key.getAlgorithm() + " is not supported; use RSA, ECDSA"
                + " or Ed25519");
    }

    private static List<Object> pemObjects(Path file, byte[] content, String path) {
        List<Object> objects = new ArrayList<>();
        try (Reader reader = new java.io.StringReader(new String(content, StandardCharsets.US_ASCII));
             PEMParser parser = new PEMParser(reader)) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                objects.add(object);
            }
        } catch (IOException e) {
            throw new ConfigError(path, "'" + file + "' is not valid PEM: " + e.getMessage());
        }
        return objects;
    }

    private static boolean looksLikePem(byte[] content) {
        return new String(content, 0, Math.min(content.length, 4096), StandardCharsets.US_ASCII).contains("-----BEGIN ");
    }

    private static byte[] read(Path file, String path) {
        try {
            return Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ConfigError(path, "'" + file + "' does not exist; check the file name, which is resolved"
                    + " against the configuration file's directory");
        } catch (IOException e) {
            throw new ConfigError(path, "cannot read '" + file + "': " + e.getClass().getSimpleName() + " "
                    + e.getMessage() + "; check the path and its permissions");
        }
    }
}
