package org.ikec.protocol.eap;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

import org.ikec.protocol.config.AuthConfig;
import org.ikec.protocol.config.ConnectionConfig;
import org.ikec.protocol.config.SecretStore;

/**
 * Creates the EAP methods the gateway runs itself, without a backend: EAP-TLS for a connection
 * with {@code remote.auth = eap-tls}, EAP-MSCHAPv2 against the local EAP users otherwise.
 */
public final class LocalEapMethods {

    /** The name in the Name field of an MS-CHAPv2 Challenge. */
    private static final String SERVER_NAME = "ikec";

    private LocalEapMethods() {
    }

    /** Creates the method that authenticates one peer of {@code connection}. */
    public static EapMethod create(ConnectionConfig connection, SecretStore secrets) {
        AuthConfig remote = connection.remote();
        if (!AuthConfig.EAP_TLS.equals(remote.method())) {
            return MsChapV2Server.create(secrets::eapPassword, SERVER_NAME);
        }

        AuthConfig local = connection.local();
        if (local.certs().isEmpty()) {
            throw new IllegalArgumentException("EAP-TLS needs the gateway's certificate in local.certs");
        }
        X509Certificate certificate = local.certs().get(0);
        PrivateKey key = secrets.privateKey(certificate.getPublicKey()).orElseThrow(() ->
                new IllegalArgumentException("no private key for certificate '"
                        + certificate.getSubjectX500Principal().getName() + "'"));
        return EapTlsServer.create(local.certs(), key, remote.caCerts(), remote.crls(), System::currentTimeMillis);
    }
}
