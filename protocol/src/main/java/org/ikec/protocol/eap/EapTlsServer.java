package org.ikec.protocol.eap;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

import org.ikec.protocol.eap.tls.EapTlsFrame;
import org.ikec.protocol.eap.tls.TlsServer;

/**
 * The authenticator's side of EAP-TLS (RFC 5216) with TLS 1.2: it sends the EAP-TLS Start, passes
 * the client's flights to the TLS server and returns the server's flights, in fragments of at most
 * {@link #FRAGMENT_SIZE} octets that each side acknowledges (§2.1.5), and succeeds once the
 * handshake finished and the client acknowledged the server's last flight. The client must
 * present a certificate that chains to one of the connection's CAs and names the EAP identity.
 * A refused handshake sends the TLS alert, and the conversation fails when the client acknowledges it.
 * The MSK is the first 64 octets of the keying material exported with the label
 * "client EAP encryption" (§2.3).
 */
public final class EapTlsServer implements EapMethod {

    /** The maximum TLS octets per EAP-TLS Request. */
    public static final int FRAGMENT_SIZE = 1024;
    /** The maximum TLS message a client may send in fragments. A client flight with a certificate chain is a few KB. */
    static final int MAX_MESSAGE_SIZE = 64 * 1024;
    /** The maximum number of rounds, which stops a peer that sends tiny fragments. */
    static final int MAX_ROUNDS = 100;
    private static final String KEY_LABEL = "client EAP encryption";
    private static final int KEY_MATERIAL_LENGTH = 128;
    private static final int MSK_LENGTH = 64;

    private final TlsServer tls;
    private final Deque<byte[]> outgoing = new ArrayDeque<>();
    private final ByteArrayOutputStream incoming = new ByteArrayOutputStream();
    private String identity;
    private int rounds;
    /** The reason the conversation fails once the client acknowledges the alert, or null. */
    private String failing;

    EapTlsServer(TlsServer tls) {
        this.tls = tls;
    }

    /**
     * Creates the method for one peer.
     *
     * @param chain the gateway's certificate, then intermediates, sent in the TLS Certificate
     * @param trustedCas the CAs a client's certificate must chain to
     */
    public static EapTlsServer create(List<X509Certificate> chain, PrivateKey privateKey,
                                      List<X509Certificate> trustedCas, List<X509CRL> crls, LongSupplier clock) {
        return new EapTlsServer(TlsServer.create(chain, privateKey, trustedCas, crls, clock));
    }

    @Override
    public int type() {
        return EapPacket.TYPE_TLS;
    }

    @Override
    public String name() {
        return "EAP-TLS";
    }

    @Override
    public EapStep start(EapPacket identityResponse) {
        identity = new String(identityResponse.typeData(), StandardCharsets.UTF_8);
        try {
            tls.expectIdentity(identity);
        } catch (IllegalArgumentException e) {
            return new EapStep.Failure("EAP identity '" + identity + "' cannot be matched to a certificate: "
                    + e.getMessage());
        }
        return request(new EapTlsFrame(false, true, -1, new byte[0]));
    }

    @Override
    public EapStep process(EapPacket response) {
        if (response.type() != EapPacket.TYPE_TLS) {
            return new EapStep.Failure("'" + identity + "' answered EAP-TLS with EAP type " + response.type()
                    + (response.type() == EapPacket.TYPE_NAK ? " (Nak)" : ""));
        }
        if (++rounds > MAX_ROUNDS) {
            return new EapStep.Failure("EAP-TLS with '" + identity + "' took more than " + MAX_ROUNDS + " rounds");
        }
        EapTlsFrame frame;
        try {
            frame = EapTlsFrame.decode(response.typeData());
        } catch (IllegalArgumentException e) {
            return new EapStep.Failure("malformed EAP-TLS response from '" + identity + "': " + e.getMessage());
        }

        if (failing != null) {
            return new EapStep.Failure(failing);
        }
        if (!outgoing.isEmpty()) {
            if (!frame.isAcknowledgement()) {
                return new EapStep.Failure("'" + identity + "' sent TLS data instead of acknowledging a fragment");
            }
            return nextFragment();
        }

        if (incoming.size() + frame.data().length > MAX_MESSAGE_SIZE || frame.totalLength() > MAX_MESSAGE_SIZE) {
            return new EapStep.Failure("'" + identity + "' sent a TLS message over " + MAX_MESSAGE_SIZE + " octets");
        }
        incoming.writeBytes(frame.data());
        if (frame.more()) {
            return request(EapTlsFrame.acknowledgement());
        }
        byte[] flight = incoming.toByteArray();
        incoming.reset();

        if (flight.length == 0) {
            return tls.finished() ? succeed() : new EapStep.Failure("'" + identity
                    + "' acknowledged a TLS flight that was never sent");
        }
        byte[] answer = tls.receive(flight);
        if (tls.failure().isPresent()) {
            failing = tls.failure().get();
            if (answer.length == 0) {
                return new EapStep.Failure(failing);
            }
        }
        if (answer.length == 0) {
            return tls.finished() ? succeed() : request(EapTlsFrame.acknowledgement());
        }
        fragment(answer);
        return nextFragment();
    }

    @Override
    public Optional<String> unansweredFailure() {
        return Optional.ofNullable(failing);
    }

    private EapStep succeed() {
        byte[] keyMaterial = tls.export(KEY_LABEL, KEY_MATERIAL_LENGTH);
        byte[] msk = Arrays.copyOf(keyMaterial, MSK_LENGTH);
        Arrays.fill(keyMaterial, (byte) 0);
        return new EapStep.Success(msk);
    }

    /** Cuts the server's flight into fragments; the first carries the total length when there are several. */
    private void fragment(byte[] flight) {
        boolean several = flight.length > FRAGMENT_SIZE;
        for (int offset = 0; offset < flight.length; offset += FRAGMENT_SIZE) {
            byte[] data = Arrays.copyOfRange(flight, offset, Math.min(flight.length, offset + FRAGMENT_SIZE));
            boolean more = offset + FRAGMENT_SIZE < flight.length;
            outgoing.add(new EapTlsFrame(more, false, several && offset == 0 ? flight.length : -1, data).encode());
        }
    }

    private EapStep nextFragment() {
        return new EapStep.Request(outgoing.removeFirst());
    }

    private static EapStep request(EapTlsFrame frame) {
        return new EapStep.Request(frame.encode());
    }
}
