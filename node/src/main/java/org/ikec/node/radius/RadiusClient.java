package org.ikec.node.radius;

import java.io.IOException;
import java.net.PortUnreachableException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Function;

import org.ikec.protocol.radius.AccessRequest;
import org.ikec.protocol.radius.InvalidRadiusPacketException;
import org.ikec.protocol.radius.RadiusAnswer;
import org.ikec.protocol.radius.RadiusAuthenticators;
import org.ikec.protocol.radius.RadiusCode;
import org.ikec.protocol.radius.RadiusCodec;
import org.ikec.protocol.radius.RadiusPacket;
import org.ikec.node.LogGroups;
import org.slf4j.Logger;

/**
 * An asynchronous RADIUS authentication client (RFC 2865) for EAP pass-through (RFC 3579). It
 * sends each request to the first usable server and retransmits it after the server's timeout
 * until its tries run out (RFC 5080 §2.2.1). Then it marks that server dead for the configured
 * dead time and fails over to the next one. A dead server is used again once its dead time has
 * passed, so requests return to the first server.
 *
 * <p>One thread owns all state: it sends, reads the connected channel of each server and checks
 * deadlines, so nothing needs a lock. {@link #send} only queues the request and wakes the thread.
 * Responses that fail the authenticator checks are dropped and counted, and the request keeps
 * waiting, because RFC 2865 §3 requires discarding them silently.
 */
public final class RadiusClient implements AutoCloseable {

    static final Logger LOG = LogGroups.RADIUS;

    private static final int MAX_DATAGRAM_SIZE = 65_535;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    private static final long INVALID_WARN_INTERVAL_NANOS = Duration.ofSeconds(10).toNanos();

    private final long deadTimeNanos;
    private final List<ServerChannel> servers;
    private final Selector selector;
    private final RadiusCounters counters = new RadiusCounters();
    private final Queue<PendingRequest> submitted = new ConcurrentLinkedQueue<>();
    private final Deque<PendingRequest> waitingForIdentifier = new ArrayDeque<>();
    private final SecureRandom random = new SecureRandom();
    private final ByteBuffer receiveBuffer = ByteBuffer.allocate(MAX_DATAGRAM_SIZE);
    private final Thread thread;
    private volatile boolean running = true;

    private RadiusClient(RadiusClientConfig config, List<ServerChannel> servers, Selector selector) {
        this.deadTimeNanos = config.deadTime().toNanos();
        this.servers = servers;
        this.selector = selector;
        this.thread = new Thread(this::run, "radius-client");
        this.thread.setDaemon(true);
    }

    /** Opens one channel per configured server and starts the client thread. */
    public static RadiusClient start(RadiusClientConfig config) throws IOException {
        Selector selector = Selector.open();
        List<ServerChannel> servers = new ArrayList<>();
        SecureRandom random = new SecureRandom();
        try {
            for (RadiusServerConfig server : config.servers()) {
                ServerChannel channel = ServerChannel.open(servers.size(), server, random.nextInt(256));
                servers.add(channel);
                channel.channel.register(selector, SelectionKey.OP_READ, channel);
            }
        } catch (IOException e) {
            for (ServerChannel server : servers) {
                server.channel.close();
            }
            selector.close();
            throw e;
        }

        RadiusClient client = new RadiusClient(config, List.copyOf(servers), selector);
        client.thread.start();
        LOG.info("RADIUS client started with servers {}", servers);
        return client;
    }

    /**
     * Sends an Access-Request and completes with the verified Access-Accept, Access-Reject or
     * Access-Challenge. The stage fails with {@link RadiusTimeoutException} when no server
     * responds, with {@link InvalidRadiusPacketException} when an authentic response carries a
     * malformed EAP-Message, Framed-IP-Address or MPPE key, and with {@link IllegalStateException}
     * once the client is closed. Dependent stages run on the common fork-join pool, never on the
     * client thread.
     */
    public CompletionStage<RadiusAnswer> send(AccessRequest request) {
        CompletableFuture<RadiusAnswer> result = new CompletableFuture<>();
        if (!running) {
            result.completeExceptionally(new IllegalStateException("the RADIUS client is closed"));
            return result;
        }

        counters.recordRequest();
        submitted.add(new PendingRequest(request, result));
        if (!running) {
            failQueued();
        }
        selector.wakeup();
        return result.thenApplyAsync(Function.identity(), ForkJoinPool.commonPool());
    }

    public RadiusCounters counters() {
        return counters;
    }

    /**
     * Returns each server's counters by {@code address:port}, in configured order. A server counts
     * the requests sent to it, and as failovers the requests that moved from it to the next
     * server; only the client-wide {@link #counters} count failed requests.
     */
    public Map<String, RadiusCounters> serverCounters() {
        Map<String, RadiusCounters> byServer = new LinkedHashMap<>();
        for (ServerChannel server : servers) {
            byServer.put(server.name(), server.counters);
        }
        return byServer;
    }

    /** Stops the client thread, fails the requests still waiting and closes the channels. */
    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(CLOSE_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            while (running) {
                selector.select(this::onReadable, selectTimeoutMillis());

                long now = System.nanoTime();
                PendingRequest request;
                while ((request = submitted.poll()) != null) {
                    dispatch(request, now);
                }
                checkDeadlines(now);
                retryWaiting(now);
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("RADIUS client thread failed; requests in flight are failed", e);
        } finally {
            running = false;
            stop();
        }
    }

    /** Returns the time until the earliest deadline, at least 1 ms, or 0 (no limit) when idle. */
    private long selectTimeoutMillis() {
        long now = System.nanoTime();
        long earliest = Long.MAX_VALUE;
        for (ServerChannel server : servers) {
            for (PendingRequest request : server.inFlight()) {
                earliest = Math.min(earliest, request.deadlineNanos - now);
            }
        }
        if (earliest == Long.MAX_VALUE) {
            return 0;
        }
        return Math.max(1, (earliest + 999_999) / 1_000_000);
    }

    // ---- sending

    /** Sends the request to the best server it has not tried, or fails it when none is left. */
    private void dispatch(PendingRequest request, long now) {
        ServerChannel server = choose(request, now);
        if (server == null) {
            counters.recordFailedRequest();
            // DEBUG only: the caller logs the failure with the exception's message, which names the servers.
            LOG.debug("RADIUS request failed: no server responded, tried {}", triedNames(request));
            request.result.completeExceptionally(
                    new RadiusTimeoutException("no RADIUS server responded; tried " + triedNames(request)));
            return;
        }

        // NOTE: a server with all 256 Identifiers in flight queues the request. The client neither
        // opens a second source port nor sends the request to the next server.
        int identifier = server.reserve(request);
        if (identifier < 0) {
            waitingForIdentifier.add(request);
            LOG.debug("all 256 RADIUS Identifiers for {} are in flight, request queued", server);
            return;
        }

        if (!request.triedServers.isEmpty()) {
            counters.recordFailover();
            request.server.counters.recordFailover();
        }
        if (server.dead && now - server.deadUntilNanos >= 0) {
            server.dead = false;
            LOG.info("RADIUS server {} is used again after its dead time", server);
        }
        request.triedServers.set(server.index);
        request.server = server;
        server.counters.recordRequest();
        request.identifier = identifier;
        request.requestAuthenticator = new byte[RadiusPacket.AUTHENTICATOR_SIZE];
        random.nextBytes(request.requestAuthenticator);
        try {
            request.encoded = request.request.encode(identifier, request.requestAuthenticator,
                    server.config.sharedSecret());
        } catch (IllegalArgumentException e) {
            server.release(identifier);
            LOG.warn("RADIUS Access-Request not sent: {}", e.getMessage());
            request.result.completeExceptionally(e);
            return;
        }
        request.triesLeft = server.config.tries();
        request.deadlineNanos = now + server.config.timeout().toNanos();
        transmit(request);
    }

    /**
     * Returns the first untried server that is not dead, else the untried server whose dead time
     * ends first, else null.
     */
    private ServerChannel choose(PendingRequest request, long now) {
        ServerChannel soonestBack = null;
        for (ServerChannel server : servers) {
            if (request.triedServers.get(server.index)) {
                continue;
            }
            if (server.isUsable(now)) {
                return server;
            }
            if (soonestBack == null || server.deadUntilNanos - soonestBack.deadUntilNanos < 0) {
                soonestBack = server;
            }
        }
        return soonestBack;
    }

    private void transmit(PendingRequest request) {
        LOG.debug("sending RADIUS Access-Request id={} to {}, {} tries left", request.identifier, request.server,
                request.triesLeft);
        try {
            request.server.channel.write(ByteBuffer.wrap(request.encoded));
        } catch (PortUnreachableException e) {
            // An ICMP error from an earlier datagram; the retransmission timer covers this one.
            LOG.debug("RADIUS server {} reported its port unreachable", request.server);
        } catch (IOException e) {
            LOG.warn("sending RADIUS Access-Request id={} to {} failed: {}", request.identifier, request.server,
                    e.toString());
        }
    }

    private void checkDeadlines(long now) {
        for (ServerChannel server : servers) {
            for (PendingRequest request : server.inFlight()) {
                if (now - request.deadlineNanos >= 0) {
                    onTimeout(request, now);
                }
            }
        }
    }

    private void onTimeout(PendingRequest request, long now) {
        ServerChannel server = request.server;
        counters.recordTimeout();
        server.counters.recordTimeout();

        // NOTE: retransmissions use the server's fixed timeout; the exponential back-off with
        // jitter that RFC 5080 §2.2.1 recommends is not implemented.
        if (request.triesLeft > 1) {
            request.triesLeft--;
            request.deadlineNanos = now + server.config.timeout().toNanos();
            counters.recordRetransmission();
            server.counters.recordRetransmission();
            transmit(request);
            return;
        }

        server.release(request.identifier);
        if (!server.dead || now - server.deadUntilNanos >= 0) {
            LOG.warn("RADIUS server {} did not respond to {} transmission(s) of Access-Request id={}; "
                    + "skipping it for {} ms", server, server.config.tries(), request.identifier,
                    deadTimeNanos / 1_000_000);
        }
        server.dead = true;
        server.deadUntilNanos = now + deadTimeNanos;
        dispatch(request, now);
    }

    private void retryWaiting(long now) {
        int waiting = waitingForIdentifier.size();
        for (int i = 0; i < waiting; i++) {
            dispatch(waitingForIdentifier.poll(), now);
        }
    }

    // ---- receiving

    private void onReadable(SelectionKey key) {
        ServerChannel server = (ServerChannel) key.attachment();
        while (true) {
            receiveBuffer.clear();
            int size;
            try {
                size = server.channel.read(receiveBuffer);
            } catch (PortUnreachableException e) {
                LOG.debug("RADIUS server {} reported its port unreachable", server);
                return;
            } catch (IOException e) {
                LOG.warn("reading from RADIUS server {} failed: {}", server, e.toString());
                return;
            }
            if (size <= 0) {
                return;
            }
            onDatagram(server, Arrays.copyOf(receiveBuffer.array(), size));
        }
    }

    private void onDatagram(ServerChannel server, byte[] datagram) {
        if (datagram.length < RadiusCodec.HEADER_SIZE) {
            counters.recordMalformed();
            server.counters.recordMalformed();
            LOG.debug("dropped datagram of {} octets from RADIUS server {}: shorter than a RADIUS header",
                    datagram.length, server);
            return;
        }
        int identifier = datagram[1] & 0xff;
        PendingRequest request = server.inFlight(identifier);
        if (request == null) {
            counters.recordUnexpected();
            server.counters.recordUnexpected();
            LOG.debug("dropped RADIUS response id={} from {}: no request is waiting for it", identifier, server);
            return;
        }

        byte[] secret = server.config.sharedSecret();
        RadiusPacket packet;
        try {
            packet = RadiusAuthenticators.verifyResponse(datagram, request.requestAuthenticator, secret,
                    request.request.carriesEap());
        } catch (InvalidRadiusPacketException e) {
            dropInvalid(server, e);
            return;
        }
        if (packet.code() == RadiusCode.ACCESS_REQUEST) {
            counters.recordMalformed();
            server.counters.recordMalformed();
            LOG.warn("dropped an Access-Request id={} sent by RADIUS server {}", identifier, server);
            return;
        }

        server.release(identifier);
        count(counters, packet.code());
        count(server.counters, packet.code());
        LOG.debug("received RADIUS {} id={} from {}", packet.code(), identifier, server);
        try {
            request.result.complete(RadiusAnswer.of(packet, secret, request.requestAuthenticator));
        } catch (InvalidRadiusPacketException e) {
            LOG.warn("RADIUS {} id={} from {} is authentic but invalid: {}", packet.code(), identifier, server,
                    e.getMessage());
            request.result.completeExceptionally(e);
        }
    }

    /** Counts a dropped response, and logs at most one WARN line per server every 10 seconds. */
    private void dropInvalid(ServerChannel server, InvalidRadiusPacketException e) {
        if (e.isBadAuthenticator()) {
            counters.recordBadAuthenticator();
            server.counters.recordBadAuthenticator();
        } else {
            counters.recordMalformed();
            server.counters.recordMalformed();
        }

        long dropped = server.droppedSinceWarning(System.nanoTime(), INVALID_WARN_INTERVAL_NANOS);
        if (dropped > 0) {
            String hint = e.isBadAuthenticator() ? "; check the shared secret" : "";
            LOG.warn("dropped {} invalid RADIUS response(s) from {}, the latest because {}{}", dropped, server,
                    e.getMessage(), hint);
        }
    }

    private static void count(RadiusCounters counters, RadiusCode code) {
        switch (code) {
            case ACCESS_ACCEPT -> counters.recordAccept();
            case ACCESS_REJECT -> counters.recordReject();
            case ACCESS_CHALLENGE -> counters.recordChallenge();
            case ACCESS_REQUEST -> { }
        }
    }

    // ---- shutdown

    private void stop() {
        IllegalStateException closed = new IllegalStateException("the RADIUS client is closed");
        for (ServerChannel server : servers) {
            for (PendingRequest request : server.inFlight()) {
                server.release(request.identifier);
                request.result.completeExceptionally(closed);
            }
            try {
                server.channel.close();
            } catch (IOException e) {
                LOG.debug("closing the channel to RADIUS server {} failed: {}", server, e.toString());
            }
        }
        for (PendingRequest request : waitingForIdentifier) {
            request.result.completeExceptionally(closed);
        }
        waitingForIdentifier.clear();
        failQueued();
        try {
            selector.close();
        } catch (IOException e) {
            LOG.debug("closing the RADIUS selector failed: {}", e.toString());
        }
        LOG.info("RADIUS client stopped");
    }

    private void failQueued() {
        PendingRequest request;
        while ((request = submitted.poll()) != null) {
            request.result.completeExceptionally(new IllegalStateException("the RADIUS client is closed"));
        }
    }

    private String triedNames(PendingRequest request) {
        List<String> names = new ArrayList<>();
        request.triedServers.stream().forEach(index -> names.add(servers.get(index).toString()));
        return String.join(", ", names);
    }
}
