package org.ikec.node.radius;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * The client's state for one server. Its UDP channel is connected to the server, so the kernel
 * only delivers datagrams from that address and port. It tracks the requests in flight by
 * Identifier, of which RFC 2865 §3 allows 256 per server and port, and whether the server is
 * marked dead. Only the client thread uses it.
 */
final class ServerChannel {

    private static final int IDENTIFIERS = 256;

    final int index;
    final RadiusServerConfig config;
    final DatagramChannel channel;
    /** This server's share of the client's counters. */
    final RadiusCounters counters = new RadiusCounters();
    private final PendingRequest[] inFlight = new PendingRequest[IDENTIFIERS];
    private int nextIdentifier;
    private int inFlightCount;
    /** System.nanoTime() until which the server is skipped, when {@link #dead} is set. */
    long deadUntilNanos;
    boolean dead;
    private boolean warned;
    private long lastWarningNanos;
    private long droppedSinceWarning;

    private ServerChannel(int index, RadiusServerConfig config, DatagramChannel channel, int firstIdentifier) {
        this.index = index;
        this.config = config;
        this.channel = channel;
        this.nextIdentifier = firstIdentifier;
    }

    /** Opens a non-blocking channel connected to the server. */
    static ServerChannel open(int index, RadiusServerConfig config, int firstIdentifier) throws IOException {
        StandardProtocolFamily family = config.address().getAddress() instanceof Inet6Address
                ? StandardProtocolFamily.INET6
                : StandardProtocolFamily.INET;
        DatagramChannel channel = DatagramChannel.open(family);
        try {
            channel.configureBlocking(false);
            channel.connect(config.address());
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return new ServerChannel(index, config, channel, firstIdentifier & 0xff);
    }

    /**
     * Reserves a free Identifier for the request, starting after the last one handed out so that
     * a released Identifier is reused as late as possible. Returns -1 when all 256 are in flight.
     */
    int reserve(PendingRequest request) {
        if (inFlightCount == IDENTIFIERS) {
            return -1;
        }
        while (inFlight[nextIdentifier] != null) {
            nextIdentifier = (nextIdentifier + 1) % IDENTIFIERS;
        }
        int identifier = nextIdentifier;
        inFlight[identifier] = request;
        inFlightCount++;
        nextIdentifier = (nextIdentifier + 1) % IDENTIFIERS;
        return identifier;
    }

    PendingRequest inFlight(int identifier) {
        return inFlight[identifier];
    }

    void release(int identifier) {
        if (inFlight[identifier] != null) {
            inFlight[identifier] = null;
            inFlightCount--;
        }
    }

    /** Returns a copy of the requests in flight, so the caller may release them while iterating. */
    List<PendingRequest> inFlight() {
        List<PendingRequest> requests = new ArrayList<>(inFlightCount);
        for (PendingRequest request : inFlight) {
            if (request != null) {
                requests.add(request);
            }
        }
        return requests;
    }

    /**
     * Counts one dropped response and returns how many were dropped since the last warning when
     * a warning is due, or 0 while the interval since the last one runs.
     */
    long droppedSinceWarning(long nowNanos, long intervalNanos) {
        droppedSinceWarning++;
        if (warned && nowNanos - lastWarningNanos < intervalNanos) {
            return 0;
        }
        warned = true;
        lastWarningNanos = nowNanos;
        long dropped = droppedSinceWarning;
        droppedSinceWarning = 0;
        return dropped;
    }

    boolean isUsable(long nowNanos) {
        return !dead || nowNanos - deadUntilNanos >= 0;
    }

    /** Returns {@code address:port}, with an IPv6 address in brackets, for metric tags. */
    String name() {
        String host = config.address().getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + config.address().getPort();
    }

    @Override
    public String toString() {
        return config.address().toString();
    }
}
