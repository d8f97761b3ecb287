package org.ikec.node.radius;

import java.util.BitSet;
import java.util.concurrent.CompletableFuture;

import org.ikec.protocol.radius.AccessRequest;
import org.ikec.protocol.radius.RadiusAnswer;

/**
 * One Access-Request waiting for a response from one server. Only the client thread uses it.
 * A retransmission sends the same octets, so the Identifier and Request Authenticator stay the
 * same (RFC 5080 §2.2.1). Fail-over encodes the request again for the next server.
 */
final class PendingRequest {

    final AccessRequest request;
    final CompletableFuture<RadiusAnswer> result;
    /** Indexes of the servers this request was sent to, so fail-over skips them. */
    final BitSet triedServers;

    ServerChannel server;
    int identifier;
    byte[] requestAuthenticator;
    byte[] encoded;
    int triesLeft;
    long deadlineNanos;

    PendingRequest(AccessRequest request, CompletableFuture<RadiusAnswer> result) {
        this.request = request;
        this.result = result;
        this.triedServers = new BitSet();
    }
}
