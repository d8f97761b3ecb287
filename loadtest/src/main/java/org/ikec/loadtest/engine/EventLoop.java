package org.ikec.loadtest.engine;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

import org.ikec.protocol.crypto.Algorithms;
import org.ikec.protocol.crypto.InvalidKeyExchangeException;
import org.ikec.protocol.crypto.KeyExchanges;
import org.ikec.protocol.crypto.ProposalStrings;
import org.ikec.protocol.crypto.SecureRandoms;
import org.ikec.protocol.crypto.TransformId;
import org.ikec.protocol.ike.IkeSaInitResponder;
import org.ikec.protocol.ike.IkeSaInitiator;
import org.ikec.protocol.ike.SpiSource;
import org.ikec.protocol.wire.ExchangeType;
import org.ikec.protocol.wire.IkeCodec;
import org.ikec.protocol.wire.IkeHeader;
import org.ikec.protocol.wire.IkeMessage;
import org.ikec.protocol.wire.MalformedMessageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One event-loop thread of the generator. It owns some source address and port pairs with their
 * non-blocking sockets, the clients that send from them, a map from our IKE SPI to the client,
 * and a timer queue ordered by each client's next deadline. Nothing in it is shared with other
 * loops except the counters.
 */
final class EventLoop implements Runnable, SpiSource {

    private static final Logger LOG = LoggerFactory.getLogger("org.ikec.loadtest");

    /** Maximum time the loop sleeps, so that it notices a stop request quickly. */
    private static final long MAX_SLEEP_MILLIS = 50;
    /** RFC 3948 §2.2: IKE on the NAT-T port is preceded by four zero octets, the non-ESP marker. */
    static final int NON_ESP_MARKER_LENGTH = 4;
    private static final int MAX_DATAGRAM = 65_535;

    private enum Phase { RUNNING, STOPPING, DONE }

    private record TimerEntry(long deadline, LoadClient client) {
    }

    private final int index;
    private final LoadPlan plan;
    final RunCounters counters;
    private final ClientProfiles profiles;
    private final SimultaneousTally tally;
    /** The virtual IP addresses received, or {@code null} when the clients request none. */
    private final VirtualIpTally virtualIps;
    private final List<Endpoint> endpoints;
    private final Map<Integer, Endpoint> endpointsByIndex = new HashMap<>();
    private final int totalPairs;
    private final Deque<Integer> waiting = new ArrayDeque<>();
    private final LongFunction<StartSchedule> scheduleStartingAt;
    private final CountDownLatch warmedUp;
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile long startNanos;
    private StartSchedule schedule;
    private final Selector selector;

    private final Map<Long, LoadClient> clients = new HashMap<>();
    /** Responder clients by the target's IKE SPI, to recognise a retransmitted IKE_SA_INIT (simultaneous scenario). */
    private final Map<Long, LoadClient> respondedInits = new HashMap<>();
    private final PriorityQueue<TimerEntry> timers = new PriorityQueue<>((a, b) -> Long.compare(a.deadline(), b.deadline()));
    private final SplittableRandom random = new SplittableRandom();
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(MAX_DATAGRAM);
    private final ByteBuffer sendBuffer = ByteBuffer.allocateDirect(MAX_DATAGRAM + NON_ESP_MARKER_LENGTH);
    private final Set<String> reportedSendErrors = new HashSet<>();
    private int inFlight;

    private volatile Phase phase = Phase.RUNNING;
    private volatile boolean stopRequested;
    private volatile boolean startsClosed;
    private volatile boolean deleteOnStop;
    private volatile long stopDeadlineNanos;
    private final int deleteWindow;
    /** Clients whose IKE SAs the stop phase has yet to delete. */
    private final ArrayDeque<LoadClient> deletesToSend = new ArrayDeque<>();
    /** Clients whose final deletes are in flight, at most {@link #deleteWindow}. */
    private int finalDeletesInFlight;

    /**
     * @param slots the client numbers this loop starts, in order
     * @param totalPairs the number of source pairs over all loops; client {@code n} sends from pair {@code (n - 1) mod totalPairs}
     * @param scheduleStartingAt makes the start schedule for the run's start time
     * @param deleteWindow how many of this loop's final deletes may be in flight at once
     * @param warmedUp counted down once this loop's thread has its crypto ready
     * @param virtualIps the run's virtual IP tally, or {@code null} when the clients request no address
     */
    EventLoop(int index, LoadPlan plan, RunCounters counters, ClientProfiles profiles, SimultaneousTally tally,
              List<Endpoint> endpoints, int totalPairs, List<Integer> slots,
              LongFunction<StartSchedule> scheduleStartingAt, int deleteWindow, CountDownLatch warmedUp,
              VirtualIpTally virtualIps) throws IOException {
        this.index = index;
        this.deleteWindow = deleteWindow;
        this.plan = plan;
        this.counters = counters;
        this.profiles = profiles;
        this.tally = tally;
        this.virtualIps = virtualIps;
        this.endpoints = List.copyOf(endpoints);
        this.totalPairs = totalPairs;
        this.waiting.addAll(slots);
        this.scheduleStartingAt = scheduleStartingAt;
        this.warmedUp = warmedUp;
        this.selector = Selector.open();
        for (Endpoint endpoint : endpoints) {
            endpointsByIndex.put(endpoint.index(), endpoint);
            endpoint.ike().register(selector, SelectionKey.OP_READ, endpoint);
            if (endpoint.nat() != null) {
                endpoint.nat().register(selector, SelectionKey.OP_READ, endpoint);
            }
        }
    }

    // ------------------------------------------------------------------ control from the run

    /** Lets the loop start handshakes, the first one due at {@code nanos}. */
    void begin(long nanos) {
        startNanos = nanos;
        started.countDown();
    }

    /** Stops starting handshakes; the clients keep their IKE SAs. */
    void closeStarts() {
        startsClosed = true;
    }

    /**
     * Ends the loop. With {@code delete} set, it deletes the IKE SAs, and handshakes in flight may
     * still complete and are then deleted too. The loop exits when all are gone or at
     * {@code deadlineNanos}, and gives up the handshakes still in flight.
     */
    void stop(boolean delete, long deadlineNanos) {
        deleteOnStop = delete;
        stopDeadlineNanos = deadlineNanos;
        startsClosed = true;
        stopRequested = true;
        selector.wakeup();
    }

    boolean isDone() {
        return phase == Phase.DONE;
    }

    /** Tells whether every client number of this loop was started (storm scenario). */
    boolean allStarted() {
        return waitingCount == 0;
    }

    private volatile int waitingCount;

    // ------------------------------------------------------------------ the loop

    @Override
    public void run() {
        Thread.currentThread().setName("loadtest-loop-" + index);
        waitingCount = waiting.size();
        try {
            warmUp();
            warmedUp.countDown();
            started.await();
            schedule = scheduleStartingAt.apply(startNanos);
            while (phase != Phase.DONE) {
                long nowNanos = System.nanoTime();
                if (stopRequested && phase == Phase.RUNNING) {
                    beginStop(nowMillis(nowNanos));
                }
                if (phase == Phase.STOPPING && (clients.isEmpty() || !deleteOnStop || nowNanos - stopDeadlineNanos >= 0)) {
                    abandonHandshakes();
                    phase = Phase.DONE;
                    break;
                }
                if (phase == Phase.RUNNING && !startsClosed) {
                    startDue(nowNanos);
                }
                if (phase == Phase.STOPPING) {
                    sendFinalDeletes(nowMillis(nowNanos));
                }
                runTimers(nowMillis(nowNanos));
                waitForDatagrams(nowNanos);
                receiveAll();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | ClosedSelectorException e) {
            LOG.error("event loop {} stopped: {}", index, e.toString());
        } catch (RuntimeException e) {
            LOG.error("event loop {} stopped by an unexpected error", index, e);
        } finally {
            phase = Phase.DONE;
            close();
        }
    }

    /**
     * Seeds this thread's random generator and runs one key exchange of the first proposal's group,
     * so that one-time set-up costs (several seconds on a host short of entropy) do not count as
     * the first handshakes' latency.
     */
    private void warmUp() {
        SecureRandoms.nonce(32);
        int group = ProposalStrings.parseIke(plan.proposal()).get(0).transforms().stream()
                .filter(t -> t.type() == Algorithms.TYPE_KE).mapToInt(TransformId::id).findFirst().orElse(Algorithms.NONE);
        if (group == Algorithms.NONE) {
            return;
        }
        try {
            KeyExchanges.create(group).sharedSecret(KeyExchanges.create(group).publicValue());
        } catch (InvalidKeyExchangeException e) {
            LOG.debug("the warm-up key exchange failed: {}", e.getMessage());
        }
    }

    static long nowMillis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    private void startDue(long nowNanos) {
        while (true) {
            long intended = schedule.take(nowNanos, inFlight);
            if (intended == StartSchedule.NONE) {
                return;
            }
            Integer number = waiting.poll();
            waitingCount = waiting.size();
            if (number == null) {
                // An open loop's start with no client waiting is skipped, so starts never bunch up later.
                if (!plan.openLoop()) {
                    return;
                }
                continue;
            }
            start(number, intended, nowNanos);
        }
    }

    private void start(int number, long intendedNanos, long nowNanos) {
        Endpoint endpoint = endpointsByIndex.get((number - 1) % totalPairs);
        InetSocketAddress target = plan.targets().get((number - 1) % plan.targets().size());
        LoadClient client = new LoadClient(this, number, endpoint, target, false);
        long spiI = newIkeSpi(0);
        client.intendedStartNanos = intendedNanos;
        client.initiator = new IkeSaInitiator(profiles.settings(), profiles.connectionFor(number, target),
                profiles.child(), client, this, spiI, profiles.announcedLocal(endpoint), target, endpoint.natPort());
        if (virtualIps != null) {
            client.initiator.requestConfiguration(profiles.configurationRequest());
        }
        clients.put(spiI, client);
        inFlight++;
        counters.started(intendedNanos);
        if (tally != null) {
            tally.started(number, false);
        }

        client.initiator.start(nowMillis(nowNanos));
        afterEvent(client, nowMillis(nowNanos));
    }

    private void runTimers(long nowMillis) {
        while (!timers.isEmpty() && timers.peek().deadline() <= nowMillis) {
            TimerEntry entry = timers.poll();
            LoadClient client = entry.client();
            if (client.scheduledDeadline != entry.deadline()) {
                continue;
            }
            client.scheduledDeadline = Long.MAX_VALUE;
            client.onTimer(nowMillis);
            afterEvent(client, nowMillis);
        }
    }

    private void waitForDatagrams(long nowNanos) throws IOException {
        long wakeMillis = nowMillis(nowNanos) + MAX_SLEEP_MILLIS;
        if (!timers.isEmpty()) {
            wakeMillis = Math.min(wakeMillis, timers.peek().deadline());
        }
        if (phase == Phase.RUNNING && !startsClosed && !waiting.isEmpty()) {
            long due = schedule.nextDueNanos(nowNanos, inFlight);
            if (due != Long.MAX_VALUE) {
                wakeMillis = Math.min(wakeMillis, nowMillis(due));
            }
        }
        long sleep = wakeMillis - nowMillis(System.nanoTime());
        if (sleep <= 0) {
            selector.selectNow();
        } else {
            selector.select(sleep);
        }
    }

    private void receiveAll() throws IOException {
        for (SelectionKey key : selector.selectedKeys()) {
            Endpoint endpoint = (Endpoint) key.attachment();
            DatagramChannel channel = (DatagramChannel) key.channel();
            boolean nat = channel == endpoint.nat();
            InetSocketAddress local = nat ? endpoint.natLocal() : endpoint.ikeLocal();
            while (true) {
                buffer.clear();
                InetSocketAddress from = (InetSocketAddress) channel.receive(buffer);
                if (from == null) {
                    break;
                }
                buffer.flip();
                byte[] datagram = unframe(buffer, nat);
                if (datagram != null) {
                    dispatch(datagram, endpoint, from, local);
                }
            }
        }
        selector.selectedKeys().clear();
    }

    /** Copies the IKE message out of a datagram, dropping the NAT-T port's non-ESP marker; returns null for ESP. */
    static byte[] unframe(ByteBuffer received, boolean nat) {
        if (nat) {
            if (received.remaining() < NON_ESP_MARKER_LENGTH || received.getInt(received.position()) != 0) {
                return null;
            }
            received.position(received.position() + NON_ESP_MARKER_LENGTH);
        }
        byte[] datagram = new byte[received.remaining()];
        received.get(datagram);
        return datagram;
    }

    private void dispatch(byte[] datagram, Endpoint endpoint, InetSocketAddress from, InetSocketAddress local) {
        IkeHeader header;
        try {
            header = IkeCodec.decodeHeader(datagram, 0, datagram.length);
        } catch (MalformedMessageException e) {
            return;
        }
        long nowMillis = nowMillis(System.nanoTime());
        long ourSpi = header.isInitiator() ? header.spiR() : header.spiI();
        LoadClient client = clients.get(ourSpi);
        if (client != null) {
            client.receive(datagram, header, ourSpi, from, local, nowMillis);
            afterEvent(client, nowMillis);
        } else if (tally != null && isNewSaRequest(header) && respondedInits.containsKey(header.spiI())) {
            // A retransmitted IKE_SA_INIT: the IKE SA sends its cached response again.
            LoadClient responder = respondedInits.get(header.spiI());
            if (responder.sa != null) {
                responder.receive(datagram, header, responder.sa.ourSpi(), from, local, nowMillis);
                afterEvent(responder, nowMillis);
            }
        } else if (tally != null && phase == Phase.RUNNING && isNewSaRequest(header)) {
            answerInit(datagram, endpoint, from, local, nowMillis);
        }
    }

    private static boolean isNewSaRequest(IkeHeader header) {
        return header.exchangeType() == ExchangeType.IKE_SA_INIT && !header.isResponse() && header.isInitiator()
                && header.spiR() == 0 && header.messageId() == 0;
    }

    /** Responds to the target's IKE_SA_INIT as the peer whose address it reached (simultaneous scenario). */
    private void answerInit(byte[] datagram, Endpoint endpoint, InetSocketAddress from, InetSocketAddress local,
                            long nowMillis) {
        int peer = endpoint.index() + 1;
        if (peer > plan.sas()) {
            return;
        }
        IkeMessage request;
        try {
            request = IkeCodec.decode(datagram, 0, datagram.length);
        } catch (MalformedMessageException e) {
            return;
        }
        LoadClient client = new LoadClient(this, peer, endpoint, from, true);
        IkeSaInitResponder.Outcome outcome = IkeSaInitResponder.respond(request, datagram, newIkeSpi(0), local, from,
                profiles.settings(), client, this, nowMillis);
        if (outcome instanceof IkeSaInitResponder.Outcome.Created created) {
            client.sa = created.sa();
            clients.put(created.sa().ourSpi(), client);
            respondedInits.put(request.header().spiI(), client);
            tally.started(peer, true);
            afterEvent(client, nowMillis);
        } else {
            LOG.warn("peer {} did not accept the target's IKE_SA_INIT: {}", peer, outcome);
        }
    }

    // ------------------------------------------------------------------ after every event

    /** Settles the client's handshake if it ended, and puts it back into the timer queue. */
    private void afterEvent(LoadClient client, long nowMillis) {
        IkeSaInitiator initiator = client.initiator;
        if (initiator != null) {
            if (initiator.isFailed()) {
                handshakeFailed(client, FailureReasons.of(initiator));
            } else if (client.sendFailed && client.sa == null) {
                handshakeFailed(client, "SEND_ERROR");
            } else if (initiator.isDone()) {
                client.initiator = null;
            }
        }

        long deadline = client.nextDeadline();
        if (deadline != client.scheduledDeadline && client.isActive()) {
            client.scheduledDeadline = deadline;
            if (deadline != Long.MAX_VALUE) {
                timers.add(new TimerEntry(deadline, client));
            }
        }
    }

    private void handshakeFailed(LoadClient client, String reason) {
        clients.remove(client.initiator.spiI(), client);
        client.initiator = null;
        inFlight--;
        counters.failed(reason);
        clientEnded(client);
    }

    void clientEstablished(LoadClient client) {
        long nowNanos = System.nanoTime();
        if (client.responder) {
            counters.held.incrementAndGet();
        } else {
            inFlight--;
            counters.established(client.intendedStartNanos, nowNanos);
        }
        if (tally != null) {
            tally.established(client.number);
        }
        if (phase == Phase.STOPPING && deleteOnStop) {
            // The timer deletes it at once; deleting from inside the IKE SA's own callback is not safe.
            client.holdUntilMillis = nowMillis(nowNanos);
        } else if (plan.scenario() == Scenario.CHURN && !client.responder) {
            client.holdUntilMillis = nowMillis(nowNanos) + plan.hold().toMillis();
        }
    }

    boolean virtualIpRequested() {
        return virtualIps != null;
    }

    void clientGrantedAddresses(LoadClient client, List<InetAddress> addresses) {
        virtualIps.granted(client.number, addresses);
    }

    /**
     * Counts a handshake whose IKE SA came up without the virtual IP address requested as failed
     * with INTERNAL_ADDRESS_FAILURE, and has the timer delete the IKE SA, as a real client would.
     */
    void clientReceivedNoAddress(LoadClient client) {
        inFlight--;
        counters.failed(FailureReasons.INTERNAL_ADDRESS_FAILURE);
        virtualIps.addressFailed();
        LOG.debug("{} received no virtual IP address; deleting its IKE SA", client);

        // Deleting from inside the IKE SA's own callback is not safe, so the timer deletes it.
        client.holdUntilMillis = nowMillis(System.nanoTime());
    }

    /** Counts an IKE SA that closed: deleted by either side, or lost, or never established (responder). */
    void clientReleased(LoadClient client, String reason) {
        if (client.establishedOnce && !client.addressMissing) {
            counters.released();
            counters.deleted.increment();
        }
        if (virtualIps != null) {
            virtualIps.released(client.number);
        }
        LOG.debug("{} IKE SA closed: {}", client, reason);
        if (client.finalDeleteSent) {
            // This runs inside the closed IKE SA's own callback, so the loop sends the next deletes.
            client.finalDeleteSent = false;
            finalDeletesInFlight--;
        }
        clientEnded(client);
    }

    /** Queues a replacement for a client that ended, in the scenarios that keep a number of SAs up. */
    private void clientEnded(LoadClient client) {
        boolean replaces = plan.scenario() == Scenario.CHURN || plan.scenario() == Scenario.STEADY;
        if (replaces && !client.responder && phase == Phase.RUNNING && !startsClosed) {
            waiting.add(client.number);
            waitingCount = waiting.size();
        }
    }

    // ------------------------------------------------------------------ stopping

    /**
     * Deletes the IKE SAs held, at most {@link #deleteWindow} clients at a time, because 15,000
     * deletes sent at once lost 3,613 in the 4 MiB receive buffer of a one-core node. Handshakes in
     * flight may finish during the delete phase, because the target may already have completed them;
     * they are deleted once established, outside the window.
     */
    private void beginStop(long nowMillis) {
        phase = Phase.STOPPING;
        if (!deleteOnStop) {
            return;
        }
        deletesToSend.addAll(new HashSet<>(clients.values()));
        sendFinalDeletes(nowMillis);
    }

    private void sendFinalDeletes(long nowMillis) {
        while (finalDeletesInFlight < deleteWindow && !deletesToSend.isEmpty()) {
            LoadClient client = deletesToSend.poll();
            if (client.ikeSas().isEmpty() || client.finalDeleteSent) {
                continue;
            }

            client.finalDeleteSent = true;
            finalDeletesInFlight++;
            client.deleteAll(nowMillis);
            afterEvent(client, nowMillis);
        }
    }

    /** Gives up the handshakes still in flight when the loop exits; they count as neither established nor failed. */
    private void abandonHandshakes() {
        for (LoadClient client : new ArrayList<>(clients.values())) {
            if (client.initiator != null) {
                clients.remove(client.initiator.spiI(), client);
                client.initiator = null;
                inFlight--;
                counters.abandoned();
            }
        }
    }

    private void close() {
        try {
            selector.close();
        } catch (IOException e) {
            LOG.debug("closing the selector of loop {} failed: {}", index, e.getMessage());
        }
        for (Endpoint endpoint : endpoints) {
            endpoint.close();
        }
    }

    // ------------------------------------------------------------------ SPIs and sending

    void register(long ourSpi, LoadClient client) {
        clients.put(ourSpi, client);
    }

    void unregister(long ourSpi, LoadClient client) {
        clients.remove(ourSpi, client);
    }

    @Override
    public long newIkeSpi(long predecessorSpi) {
        long spi;
        do {
            spi = random.nextLong();
        } while (spi == 0 || clients.containsKey(spi));
        return spi;
    }

    @Override
    public int newChildSpi() {
        return 256 + random.nextInt(Integer.MAX_VALUE - 256);
    }

    /**
     * Sends from the client's own pair. Once the protocol floated to NAT-T, it names the NAT-T port
     * as our local port. The datagram then leaves from the NAT-T socket with the non-ESP marker and
     * goes to the target's NAT-T port.
     */
    void send(LoadClient client, byte[] datagram, InetSocketAddress local, InetSocketAddress remote) {
        Endpoint endpoint = client.endpoint;
        boolean nat = endpoint.nat() != null && local.getPort() == endpoint.natPort();
        DatagramChannel channel = nat ? endpoint.nat() : endpoint.ike();
        InetSocketAddress destination = remote;
        if (nat && !client.responder && remote.getAddress().equals(client.target.getAddress())
                && remote.getPort() != plan.targetNatPort()) {
            destination = new InetSocketAddress(client.target.getAddress(), plan.targetNatPort());
        }

        ByteBuffer out = sendBuffer.clear();
        if (nat) {
            out.putInt(0);
        }
        out.put(datagram).flip();
        try {
            if (channel.send(out, destination) == 0) {
                counters.sendDrops.increment();
            }
        } catch (IOException e) {
            client.sendFailed = true;
            if (reportedSendErrors.add(destination + " " + e.getMessage())) {
                LOG.warn("sending to {} from {} failed: {}", destination, channel.socket().getLocalSocketAddress(),
                        e.getMessage());
            }
        }
    }

    int clientCount() {
        return clients.size();
    }
}
