package org.ikec.node.radius;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.ikec.protocol.radius.RadiusAttribute;
import org.ikec.protocol.radius.RadiusAuthenticators;
import org.ikec.protocol.radius.RadiusCode;
import org.ikec.protocol.radius.RadiusCodec;
import org.ikec.protocol.radius.RadiusPacket;

/**
 * A RADIUS server on a loopback port that the test drives step by step: it receives one
 * request at a time and sends exactly the responses the test builds.
 */
final class ScriptedRadiusServer implements AutoCloseable {

    /** A received Access-Request, its raw octets and where it came from. */
    record Received(byte[] datagram, RadiusPacket packet, SocketAddress sender) {
    }

    private final DatagramSocket socket;
    private final byte[] secret;

    ScriptedRadiusServer(byte[] secret) throws IOException {
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.secret = secret.clone();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** Returns the next request, or empty when none arrives within the wait. */
    Optional<Received> receive(Duration wait) throws Exception {
        byte[] buffer = new byte[4096];
        DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
        socket.setSoTimeout((int) wait.toMillis());
        try {
            socket.receive(datagram);
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        }
        byte[] octets = Arrays.copyOf(buffer, datagram.getLength());
        return Optional.of(new Received(octets, RadiusCodec.decode(octets), datagram.getSocketAddress()));
    }

    /** Returns the next request, failing the test when none arrives within 2 seconds. */
    Received receive() throws Exception {
        return receive(Duration.ofSeconds(2)).orElseThrow(() -> new AssertionError("no RADIUS request arrived"));
    }

    /** Sends a correctly signed response to the request. */
    void respond(Received request, RadiusCode code, List<RadiusAttribute> attributes) throws IOException {
        send(request, RadiusAuthenticators.signResponse(code, request.packet().identifier(),
                request.packet().authenticator(), attributes, secret));
    }

    /** Sends a response signed with another secret, as a misconfigured or forging server would. */
    void respondWithSecret(Received request, RadiusCode code, byte[] otherSecret) throws IOException {
        send(request, RadiusAuthenticators.signResponse(code, request.packet().identifier(),
                request.packet().authenticator(), List.of(), otherSecret));
    }

    void send(Received request, byte[] datagram) throws IOException {
        socket.send(new DatagramPacket(datagram, datagram.length, request.sender()));
    }

    @Override
    public void close() {
        socket.close();
    }
}
