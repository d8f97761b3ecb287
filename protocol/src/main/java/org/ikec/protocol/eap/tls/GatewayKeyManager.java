package org.ikec.protocol.eap.tls;

import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.List;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Offers the gateway's certificate chain and private key to the JDK's TLS server, as the server
 * side of EAP-TLS. The key and certificates are converted to the JDK's own classes, since they
 * may come from Bouncy Castle's provider.
 */
final class GatewayKeyManager extends X509ExtendedKeyManager {

    private static final String ALIAS = "gateway";

    private final X509Certificate[] chain;
    private final PrivateKey privateKey;

    GatewayKeyManager(List<X509Certificate> chain, PrivateKey privateKey) {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("EAP-TLS needs the gateway's certificate");
        }
        this.chain = chain.stream().map(GatewayKeyManager::jdkCertificate).toArray(X509Certificate[]::new);
        this.privateKey = jdkKey(privateKey);
    }

    /** Returns the key type the JDK's TLS server requests for this key: EC, RSA or EdDSA. */
    String keyType() {
        return privateKey.getAlgorithm();
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return keyType.equals(keyType()) ? ALIAS : null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return chooseEngineServerAlias(keyType, issuers, null);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return keyType.equals(keyType()) ? new String[] {ALIAS} : null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return ALIAS.equals(alias) ? chain.clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return ALIAS.equals(alias) ? privateKey : null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    private static X509Certificate jdkCertificate(X509Certificate certificate) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use certificate '"
                    + certificate.getSubjectX500Principal().getName() + "' for TLS: " + e.getMessage(), e);
        }
    }

    private static PrivateKey jdkKey(PrivateKey key) {
        String algorithm = switch (key.getAlgorithm()) {
            case "EC", "ECDSA" -> "EC";
            case "RSA" -> "RSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> throw new IllegalArgumentException("EAP-TLS cannot use a " + key.getAlgorithm() + " key");
        };
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use the " + algorithm + " key for TLS: " + e.getMessage(), e);
        }
    }
}
