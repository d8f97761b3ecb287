package org.ikec.protocol.eap.tls;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;

/**
 * The server side of one TLS 1.2 handshake with a client certificate, run on the JDK's
 * {@link SSLEngine} over whole flights of records: EAP-TLS carries the records, so there is no
 * socket. Each call takes the client's flight and returns the server's next flight, if any.
 *
 * <p>NOTE: TLS 1.2 only (RFC 5216). EAP-TLS with TLS 1.3 (RFC 9190) needs its own key schedule
 * and the commitment message; the JDK's exporter on Java 25 would make it possible.
 */
public final class TlsServer {

    /** The length of the random of a ClientHello or ServerHello. */
    private static final int RANDOM_LENGTH = 32;
    /** Record header (5), handshake header (4) and protocol version (2) before a hello's random. */
    private static final int RANDOM_OFFSET = 11;
    private static final int CONTENT_HANDSHAKE = 22;
    private static final int CLIENT_HELLO = 1;
    private static final int SERVER_HELLO = 2;

    private final SSLEngine engine;
    private final PeerCertificateCheck certificateCheck;
    private final ByteBuffer applicationData;
    private byte[] clientRandom;
    private byte[] serverRandom;
    private boolean finished;
    private String failure;

    private TlsServer(List<X509Certificate> chain, PrivateKey privateKey, List<X509Certificate> trustedCas,
                      List<X509CRL> crls, LongSupplier clock) {
        certificateCheck = new PeerCertificateCheck(trustedCas, crls, clock);
        try {
            SSLContext context = SSLContext.getInstance("TLSv1.2");
            context.init(new KeyManager[] {new GatewayKeyManager(chain, privateKey)},
                    new TrustManager[] {certificateCheck}, new SecureRandom());
            engine = context.createSSLEngine();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no TLS 1.2 server: " + e.getMessage(), e);
        }
        engine.setUseClientMode(false);
        engine.setNeedClientAuth(true);
        engine.setEnabledProtocols(new String[] {"TLSv1.2"});
        try {
            engine.beginHandshake();
        } catch (SSLException e) {
            throw new IllegalStateException("the JDK's TLS server does not start: " + e.getMessage(), e);
        }
        applicationData = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
    }

    /**
     * Creates the server with the gateway's certificate chain and key, and the CAs and CRLs that
     * check the client's certificate at the time {@code clock} gives.
     */
    public static TlsServer create(List<X509Certificate> chain, PrivateKey privateKey,
                                   List<X509Certificate> trustedCas, List<X509CRL> crls, LongSupplier clock) {
        return new TlsServer(chain, privateKey, trustedCas, crls, clock);
    }

    /** Sets the EAP identity that the client's certificate must name. */
    public void expectIdentity(String eapIdentity) {
        certificateCheck.expectIdentity(eapIdentity);
    }

    /**
     * Processes one flight of the client's records and returns the server's records,
     * empty when it has none. After a failure they are the alert, if the engine made one.
     */
    public byte[] receive(byte[] records) {
        captureRandom(records, CLIENT_HELLO, true);
        ByteBuffer in = ByteBuffer.wrap(records);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            run(in, out);
        } catch (SSLException e) {
            failure = certificateCheck.rejection().orElse(e.getMessage() != null
                    && e.getMessage().contains("Empty client certificate chain") ? "the client sent no certificate"
                    : "TLS handshake failed: " + e.getMessage());
            drainAlert(out);
        }
        byte[] answer = out.toByteArray();
        captureRandom(answer, SERVER_HELLO, false);
        return answer;
    }

    /** Tells whether the handshake finished: the server sent its Finished after the client's. */
    public boolean finished() {
        return finished;
    }

    /** Returns why the handshake failed, or empty while it has not. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /** Returns the subject of the client's certificate, once the handshake finished. */
    public String peerSubject() {
        try {
            return ((X509Certificate) engine.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            return "(no certificate)";
        }
    }

    /** Exports {@code length} bytes of keying material for {@code label} from the finished handshake. */
    public byte[] export(String label, int length) {
        if (!finished) {
            throw new IllegalStateException("the TLS handshake has not finished");
        }
        return TlsKeyExporter.export(engine.getSession(), label, clientRandom, serverRandom, length);
    }

    private void run(ByteBuffer in, ByteArrayOutputStream out) throws SSLException {
        ByteBuffer packet = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        while (true) {
            HandshakeStatus status = engine.getHandshakeStatus();
            SSLEngineResult result;
            switch (status) {
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    if (status == HandshakeStatus.NEED_UNWRAP && !in.hasRemaining()) {
                        return;
                    }
                    applicationData.clear();
                    result = engine.unwrap(in, applicationData);
                    if (result.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                        throw new SSLException("the client's flight ends inside a TLS record");
                    }
                }
                case NEED_WRAP -> {
                    packet.clear();
                    result = engine.wrap(ByteBuffer.allocate(0), packet);
                    packet.flip();
                    out.write(packet.array(), 0, packet.limit());
                }
                case NEED_TASK -> {
                    Runnable task;
                    while ((task = engine.getDelegatedTask()) != null) {
                        task.run();
                    }
                    continue;
                }
                default -> {
                    return;
                }
            }
            if (result.getHandshakeStatus() == HandshakeStatus.FINISHED) {
                finished = true;
            }
            if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                throw new SSLException("the client closed the TLS connection");
            }
        }
    }

    /** Collects the alert the engine sends after a failed handshake, within a few records. */
    private void drainAlert(ByteArrayOutputStream out) {
        ByteBuffer packet = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.closeOutbound();
        for (int i = 0; i < 4 && !engine.isOutboundDone(); i++) {
            packet.clear();
            try {
                engine.wrap(ByteBuffer.allocate(0), packet);
            } catch (SSLException e) {
                return;
            }
            packet.flip();
            out.write(packet.array(), 0, packet.limit());
        }
    }

    /** Keeps the random of the first ClientHello or ServerHello, which starts a flight's first record. */
    private void captureRandom(byte[] records, int helloType, boolean client) {
        if ((client ? clientRandom : serverRandom) != null || records.length < RANDOM_OFFSET + RANDOM_LENGTH
                || records[0] != CONTENT_HANDSHAKE || records[5] != helloType) {
            return;
        }
        byte[] random = Arrays.copyOfRange(records, RANDOM_OFFSET, RANDOM_OFFSET + RANDOM_LENGTH);
        if (client) {
            clientRandom = random;
        } else {
            serverRandom = random;
        }
    }
}
