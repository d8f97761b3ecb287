package org.ikec.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.ikec.node.pki.PemPki;
import org.ikec.node.pki.PemPki.Credential;
import org.ikec.node.pki.PemPki.KeyType;
import org.ikec.protocol.config.AuthConfig;
import org.ikec.protocol.config.ConnectionConfig;
import org.ikec.protocol.config.IkeIdentity;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateConfigTest {

    @TempDir
    Path dir;

    private PemPki pki;
    private Credential ca;
    private Credential gw;

    @BeforeEach
    void writeCredentials() {
        pki = new PemPki(dir);
        ca = pki.ca("C=CH, O=ikec test, CN=ikec test CA", KeyType.P_256);
        gw = pki.endEntity(ca, "C=CH, O=ikec test, CN=gw.ikec.test", KeyType.P_256, "gw.ikec.test");
        pki.write("ca.pem", ca.certificate());
        pki.write("gw.pem", gw.certificate());
        pki.write("gw.key", gw.keys().getPrivate());
        pki.write("ca.crl", pki.crl(ca));
    }

    @Test
    void pubkeyConnectionLoadsFiles() throws IOException {
        NodeConfig config = load(connection("""
                local { auth = pubkey, certs = ["gw.pem"], id = "gw.ikec.test" }
                remote { auth = pubkey, cacerts = ["ca.pem"], crls = ["ca.crl"] }
                """), "secrets { gw { file = \"gw.key\" } }");

        ConnectionConfig rw = config.ike().connections().get(0);
        assertThat(rw.local().method()).isEqualTo(AuthConfig.PUBKEY);
        assertThat(rw.local().certs()).containsExactly(gw.certificate());
        assertThat(rw.local().sendCert()).isEqualTo(AuthConfig.SendCert.IF_ASKED);
        assertThat(rw.remote().caCerts()).containsExactly(ca.certificate());
        assertThat(rw.remote().crls()).hasSize(1);
        assertThat(rw.remote().id().isAny()).isTrue();
        assertThat(config.ike().secrets().privateKey(gw.certificate().getPublicKey()))
                .contains(gw.keys().getPrivate());
    }

    @Test
    void rsaKeyAndSendCertAlways() throws IOException {
        Credential rsa = pki.endEntity(ca, "C=CH, O=ikec test, CN=rsa.ikec.test", KeyType.RSA_2048, "rsa.ikec.test");
        pki.write("rsa.pem", rsa.certificate());
        pki.write("rsa.key", rsa.keys().getPrivate());

        NodeConfig config = load("""
                ikec {
                  connections { rw {
                    proposals = ["aes256gcm16-prfsha256-x25519"]
                    send_cert = always
                    local { auth = rsa/pss, certs = ["rsa.pem"] }
                    remote { auth = pubkey, cacerts = ["ca.pem"], id = "C=CH, O=ikec test, CN=client" }
                  } }
                  secrets { rsa { file = "rsa.key" } }
                }
                """);

        ConnectionConfig rw = config.ike().connections().get(0);
        assertThat(rw.local().method()).isEqualTo(AuthConfig.RSA_PSS);
        assertThat(rw.local().sendCert()).isEqualTo(AuthConfig.SendCert.ALWAYS);
        assertThat(rw.local().id().isAny()).isTrue();
        assertThat(rw.remote().id().type()).isEqualTo(IkeIdentity.ID_DER_ASN1_DN);
        assertThat(config.ike().secrets().privateKey(rsa.certificate().getPublicKey())).isPresent();
    }

    @Test
    void missingCertificateFileNamesIt() {
        String text = connection("""
                local { auth = pubkey, certs = ["absent.pem"] }
                remote { auth = pubkey, cacerts = ["ca.pem"] }
                """);

        assertThatThrownBy(() -> load(text, "secrets { gw { file = \"gw.key\" } }"))
                .isInstanceOf(ConfigError.class)
                .hasMessage("ikec.connections.rw.local.certs: '" + dir.resolve("absent.pem") + "' does not exist;"
                        + " check the file name, which is resolved against the configuration file's directory");
    }

    @Test
    void keyFileWithoutKeyNamesIt() {
        String text = connection("""
                local { auth = pubkey, certs = ["gw.pem"] }
                remote { auth = pubkey, cacerts = ["ca.pem"] }
                """);

        assertThatThrownBy(() -> load(text, "secrets { gw { file = \"gw.pem\" } }"))
                .isInstanceOf(ConfigError.class)
                .hasMessage("ikec.secrets.gw.file: '" + dir.resolve("gw.pem") + "' contains no private key; give a PEM"
                        + " file with a PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY block");
    }

    @Test
    void certificateWithoutPrivateKeyIsRejected() {
        Credential other = pki.endEntity(ca, "C=CH, O=ikec test, CN=other", KeyType.P_256);
        pki.write("other.key", other.keys().getPrivate());
        String text = connection("""
                local { auth = pubkey, certs = ["gw.pem"] }
                remote { auth = pubkey, cacerts = ["ca.pem"] }
                """);

        assertThatThrownBy(() -> load(text, "secrets { other { file = \"other.key\" } }"))
                .isInstanceOf(ConfigError.class)
                .hasMessage("ikec.connections.rw.local.certs: no private key in secrets matches certificate"
                        + " 'CN=gw.ikec.test, O=ikec test, C=CH'; add its key file, for example"
                        + " secrets { gw { file = \"gw.key\" } }");
    }

    @Test
    void pubkeyWithoutCaIsRejected() {
        String text = connection("""
                local { auth = pubkey, certs = ["gw.pem"] }
                remote { auth = pubkey }
                """);

        assertThatThrownBy(() -> load(text, "secrets { gw { file = \"gw.key\" } }"))
                .isInstanceOf(ConfigError.class)
                .hasMessage("ikec.connections.rw.remote.cacerts: missing; auth = pubkey needs the CA that issues peer"
                        + " certificates, for example cacerts = [\"ca.pem\"]");
    }

    @Test
    void certificateFileWithKeyOnlyIsRejected() {
        String text = connection("""
                local { auth = pubkey, certs = ["gw.key"] }
                remote { auth = pubkey, cacerts = ["ca.pem"] }
                """);

        assertThatThrownBy(() -> load(text, "secrets { gw { file = \"gw.key\" } }"))
                .isInstanceOf(ConfigError.class)
                .hasMessage("ikec.connections.rw.local.certs: '" + dir.resolve("gw.key") + "' contains no CERTIFICATE"
                        + " block; give a PEM or DER X.509 certificate");
    }

    @Test
    void unknownMethodIsRejected() {
        String text = connection("""
                local { auth = xauth, id = "gw" }
                remote { auth = psk, id = "%any" }
                """);

        assertThatThrownBy(() -> load(text, "secrets { demo { secret = \"x\" } }"))
                .isInstanceOf(ConfigError.class)
                .hasMessage("ikec.connections.rw.local.auth: unknown authentication method 'xauth'; use psk, pubkey"
                        + " or rsa/pss");
    }

    @Test
    void certificateExampleLoads() throws IOException {
        Credential exampleGw = pki.endEntity(ca, "C=CH, O=example, CN=gw.example.net", KeyType.P_384, "gw.example.net");
        for (String folder : new String[] {"x509", "x509ca", "x509crl", "private"}) {
            Files.createDirectories(dir.resolve(folder));
        }
        pki.write("x509/gw.pem", exampleGw.certificate());
        pki.write("private/gw.key", exampleGw.keys().getPrivate());
        pki.write("x509ca/ca.pem", ca.certificate());
        pki.write("x509crl/ca.crl", pki.crl(ca));

        NodeConfig config = load(Files.readString(Path.of("../deploy/examples/certificates.conf")));

        ConnectionConfig rw = config.ike().connections().get(0);
        assertThat(rw.local().certs()).containsExactly(exampleGw.certificate());
        assertThat(rw.local().id()).isEqualTo(IkeIdentity.parse("gw.example.net"));
        assertThat(rw.remote().caCerts()).containsExactly(ca.certificate());
        assertThat(rw.remote().crls()).hasSize(1);
    }

    @Test
    void derCertificateAndEncryptedKeyLoad() throws Exception {
        Files.write(dir.resolve("gw.der"), gw.certificate().getEncoded());
        pki.writeEncrypted("gw-encrypted.key", gw.keys().getPrivate(), "key passphrase");

        NodeConfig config = load(connection("""
                local { auth = pubkey, certs = ["gw.der"] }
                remote { auth = pubkey, cacerts = ["ca.pem"] }
                """), "secrets { gw { file = \"gw-encrypted.key\", secret = \"key passphrase\" } }");

        assertThat(config.ike().connections().get(0).local().certs()).containsExactly(gw.certificate());
        assertThat(config.ike().secrets().privateKey(gw.certificate().getPublicKey()))
                .contains(gw.keys().getPrivate());
    }

    @Test
    void encryptedKeyWithoutPassphraseIsRejected() {
        pki.writeEncrypted("gw-encrypted.key", gw.keys().getPrivate(), "key passphrase");
        String text = connection("""
                local { auth = pubkey, certs = ["gw.pem"] }
                remote { auth = pubkey, cacerts = ["ca.pem"] }
                """);

        assertThatThrownBy(() -> load(text, "secrets { gw { file = \"gw-encrypted.key\" } }"))
                .isInstanceOf(ConfigError.class)
                .hasMessage("ikec.secrets.gw.file: the private key in '" + dir.resolve("gw-encrypted.key")
                        + "' is encrypted; set secret = \"...\" to its passphrase");
    }

    @Test
    void crlSignedByAnotherKeyIsRejected() {
        Credential impostor = new Credential(ca.certificate(), PemPki.keyPair(KeyType.P_256));
        pki.write("forged.crl", pki.crl(impostor));
        String text = connection("""
                local { auth = pubkey, certs = ["gw.pem"] }
                remote { auth = pubkey, cacerts = ["ca.pem"], crls = ["forged.crl"] }
                """);

        assertThatThrownBy(() -> load(text, "secrets { gw { file = \"gw.key\" } }"))
                .isInstanceOf(ConfigError.class)
                .hasMessageStartingWith("ikec.connections.rw.remote.crls: the CRL in 'forged.crl' names CA"
                        + " 'CN=ikec test CA, O=ikec test, C=CH' as issuer but its signature does not verify with"
                        + " that CA's key");
    }

    private static String connection(String authSections) {
        return "connections { rw {\n  proposals = [\"aes256gcm16-prfsha256-x25519\"]\n" + authSections + "} }\n";
    }

    private NodeConfig load(String connections, String secrets) throws IOException {
        return load("ikec {\n" + connections + secrets + "\n}\n");
    }

    private NodeConfig load(String text) throws IOException {
        Path file = Files.writeString(dir.resolve("ikec.conf"), text);
        return ConfigLoader.loadFile(file, ConfigLoader.Overrides.NONE);
    }
}
