package org.ikec.protocol.eap.tls;

import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509TrustManager;

/**
 * An EAP-TLS peer for tests: the JDK's TLS 1.2 client with a client certificate, behind the
 * EAP-TLS framing of RFC 5216 §3.1. It accepts any server certificate, since the tests check the
 * server side. It records every frame it receives, so tests can check fragments and flags.
 */
public final class TlsClientPeer {

    private final SSLEngine engine;
    private final int fragmentSize;
    private final Deque<byte[]> outgoing = new ArrayDeque<>();
    private final ByteArrayOutputStream incoming = new ByteArrayOutputStream();
    private final List<EapTlsFrame> received = new java.util.ArrayList<>();
    private byte[] clientRandom;
    private byte[] serverRandom;
    private SSLException failure;

    public TlsClientPeer(X509Certificate certificate, PrivateKey key, int fragmentSize) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("client", key, "test".toCharArray(), new X509Certificate[] {certificate});
        KeyManagerFactory keys = KeyManagerFactory.getInstance("SunX509");
        keys.init(store, "test".toCharArray());
        SSLContext context = SSLContext.getInstance("TLSv1.2");
        X509ExtendedKeyManager offered = (X509ExtendedKeyManager) keys.getKeyManagers()[0];
        context.init(new KeyManager[] {new AlwaysOffer(offered)}, new TrustManager[] {new AnyServer()},
                new SecureRandom());
        engine = context.createSSLEngine();
        engine.setUseClientMode(true);
        engine.setEnabledProtocols(new String[] {"TLSv1.2"});
        this.fragmentSize = fragmentSize;
    }

    /** Returns the data of the EAP-TLS Response to the server's EAP-TLS Request data. */
    public byte[] respond(byte[] requestTypeData) throws SSLException {
        EapTlsFrame frame = EapTlsFrame.decode(requestTypeData);
        received.add(frame);
        if (!outgoing.isEmpty()) {
            return outgoing.removeFirst();
        }
        incoming.writeBytes(frame.data());
        if (frame.more()) {
            return EapTlsFrame.acknowledgement().encode();
        }
        byte[] flight = incoming.toByteArray();
        incoming.reset();
        if (serverRandom == null && flight.length > 43) {
            serverRandom = Arrays.copyOfRange(flight, 11, 43);
        }

        byte[] answer = run(flight, frame.start());
        if (clientRandom == null && answer.length > 43) {
            clientRandom = Arrays.copyOfRange(answer, 11, 43);
        }
        if (answer.length == 0) {
            return EapTlsFrame.acknowledgement().encode();
        }
        boolean several = answer.length > fragmentSize;
        for (int offset = 0; offset < answer.length; offset += fragmentSize) {
            byte[] data = Arrays.copyOfRange(answer, offset, Math.min(answer.length, offset + fragmentSize));
            outgoing.add(new EapTlsFrame(offset + fragmentSize < answer.length, false,
                    several && offset == 0 ? answer.length : -1, data).encode());
        }
        return outgoing.removeFirst();
    }

    /** Returns the MSK the client derives, as the server should. */
    public byte[] msk() {
        return Arrays.copyOf(TlsKeyExporter.export(engine.getSession(), "client EAP encryption", clientRandom,
                serverRandom, 128), 64);
    }

    /** Returns every frame the server sent, in order. */
    public List<EapTlsFrame> received() {
        return received;
    }

    /** Returns the exception that ended the client's handshake, or null. */
    public SSLException failure() {
        return failure;
    }

    private byte[] run(byte[] flight, boolean start) {
        ByteBuffer in = ByteBuffer.wrap(flight);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer packet = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        ByteBuffer application = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        try {
            if (start) {
                engine.beginHandshake();
            }
            while (true) {
                HandshakeStatus status = engine.getHandshakeStatus();
                if (status == HandshakeStatus.NEED_TASK) {
                    Runnable task;
                    while ((task = engine.getDelegatedTask()) != null) {
                        task.run();
                    }
                } else if (status == HandshakeStatus.NEED_WRAP) {
                    packet.clear();
                    engine.wrap(ByteBuffer.allocate(0), packet);
                    packet.flip();
                    out.write(packet.array(), 0, packet.limit());
                } else if ((status == HandshakeStatus.NEED_UNWRAP && in.hasRemaining())
                        || status == HandshakeStatus.NEED_UNWRAP_AGAIN) {
                    application.clear();
                    SSLEngineResult result = engine.unwrap(in, application);
                    if (result.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                        break;
                    }
                } else {
                    break;
                }
            }
        } catch (SSLException e) {
            failure = e;
        }
        return out.toByteArray();
    }

    /** Sends the certificate even when its issuer is not among the server's CAs, as strongSwan does. */
    private static final class AlwaysOffer extends X509ExtendedKeyManager {
        private final X509ExtendedKeyManager keys;

        AlwaysOffer(X509ExtendedKeyManager keys) {
            this.keys = keys;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return "client";
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return "client";
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {"client"};
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return keys.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return keys.getPrivateKey(alias);
        }
    }

    private static final class AnyServer implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
