package org.ikec.protocol.eap.tls;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLSession;

/**
 * Exports keying material from a finished TLS 1.2 session (RFC 5705 without a context value),
 * which EAP-TLS takes its MSK from (RFC 5216 §2.3):
 *
 * <pre>
 * Key_Material = TLS-PRF-128(master_secret, "client EAP encryption", client.random || server.random)
 * </pre>
 *
 * On Java 25 and later the JDK's own exporter does this. Before that the JDK keeps the master
 * secret to itself, so it is read from its session class, which needs the JVM option
 * {@code --add-opens java.base/sun.security.ssl=ALL-UNNAMED} (the launcher sets it), and the PRF
 * of RFC 5246 §5 runs here with the client and server randoms of the handshake.
 *
 * <p>NOTE: the master-secret path depends on a JDK internal; moving the product to Java 25 and
 * keeping only the public exporter would remove it.
 */
public final class TlsKeyExporter {

    /** The JVM option that opens the JDK's TLS session class before Java 25. */
    public static final String OPEN_OPTION = "--add-opens java.base/sun.security.ssl=ALL-UNNAMED";

    private static final Method PUBLIC_EXPORTER = publicExporter();
    private static final Method MASTER_SECRET = masterSecretAccessor();

    private TlsKeyExporter() {
    }

    /**
     * Returns why keying material cannot be exported in this JVM, or empty when it can: on Java 25
     * and later always, before that when the JVM opens the JDK's TLS package.
     */
    public static Optional<String> unavailable() {
        if (PUBLIC_EXPORTER != null || MASTER_SECRET != null) {
            return Optional.empty();
        }
        return Optional.of("EAP-TLS needs the TLS keying-material exporter: run Java 25 or later, or start Java "
                + Runtime.version().feature() + " with the option " + OPEN_OPTION + " (deploy/ikec sets it)");
    }

    /**
     * Exports {@code length} bytes for {@code label} from {@code session}, a finished TLS 1.2
     * session whose handshake used {@code clientRandom} and {@code serverRandom}.
     *
     * @throws IllegalStateException when this JVM cannot export (see {@link #unavailable})
     */
    public static byte[] export(SSLSession session, String label, byte[] clientRandom, byte[] serverRandom,
                                int length) {
        if (PUBLIC_EXPORTER != null) {
            return exportWithJdk(session, label, length);
        }
        if (MASTER_SECRET == null) {
            throw new IllegalStateException(unavailable().orElseThrow());
        }
        return exportFromMasterSecret(session, label, clientRandom, serverRandom, length);
    }

    /** Exports as {@link #export} does before Java 25, from the session's master secret and the randoms. */
    static byte[] exportFromMasterSecret(SSLSession session, String label, byte[] clientRandom, byte[] serverRandom,
                                         int length) {
        byte[] masterSecret = masterSecret(session);
        byte[] seed = new byte[clientRandom.length + serverRandom.length];
        System.arraycopy(clientRandom, 0, seed, 0, clientRandom.length);
        System.arraycopy(serverRandom, 0, seed, clientRandom.length, serverRandom.length);
        try {
            return prf(prfHash(session.getCipherSuite()), masterSecret, label, seed, length);
        } finally {
            java.util.Arrays.fill(masterSecret, (byte) 0);
        }
    }

    /**
     * Computes the TLS 1.2 PRF (RFC 5246 §5): P_hash(secret, label || seed), with the HMAC of the cipher
     * suite's PRF hash.
     */
    static byte[] prf(String hmac, byte[] secret, String label, byte[] seed, int length) {
        try {
            Mac mac = Mac.getInstance(hmac);
            mac.init(new SecretKeySpec(secret, hmac));
            byte[] labelBytes = label.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            byte[] labelAndSeed = new byte[labelBytes.length + seed.length];
            System.arraycopy(labelBytes, 0, labelAndSeed, 0, labelBytes.length);
            System.arraycopy(seed, 0, labelAndSeed, labelBytes.length, seed.length);

            byte[] out = new byte[length];
            byte[] a = labelAndSeed;
            int filled = 0;
            while (filled < length) {
                a = mac.doFinal(a);
                mac.update(a);
                byte[] block = mac.doFinal(labelAndSeed);
                int n = Math.min(block.length, length - filled);
                System.arraycopy(block, 0, out, filled, n);
                filled += n;
            }
            return out;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(hmac + " is not available", e);
        }
    }

    /** TLS 1.2 suites use SHA-256 for the PRF unless their name ends in SHA384 (RFC 5288, RFC 5289). */
    static String prfHash(String cipherSuite) {
        return cipherSuite.endsWith("_SHA384") ? "HmacSHA384" : "HmacSHA256";
    }

    private static byte[] exportWithJdk(SSLSession session, String label, int length) {
        try {
            return (byte[]) PUBLIC_EXPORTER.invoke(session, label, null, length);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("the JDK's TLS exporter is not accessible", e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("the JDK's TLS exporter failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private static byte[] masterSecret(SSLSession session) {
        try {
            SecretKey key = (SecretKey) MASTER_SECRET.invoke(session);
            byte[] encoded = key == null ? null : key.getEncoded();
            if (encoded == null) {
                throw new IllegalStateException("the TLS session has no extractable master secret");
            }
            return encoded;
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("the JDK's TLS session class is not open", e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("reading the TLS master secret failed", e.getCause());
        }
    }

    private static Method publicExporter() {
        try {
            return javax.net.ssl.ExtendedSSLSession.class.getMethod("exportKeyingMaterialData", String.class,
                    byte[].class, int.class);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static Method masterSecretAccessor() {
        try {
            Method method = Class.forName("sun.security.ssl.SSLSessionImpl").getDeclaredMethod("getMasterSecret");
            method.setAccessible(true);
            return method;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
