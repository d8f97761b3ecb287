package org.ikec.loadtest.engine;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import org.ikec.protocol.ike.ChildSa;
import org.ikec.protocol.ike.IkeSa;
import org.ikec.protocol.ike.IkeSaInitiator;
import org.ikec.protocol.ike.IkeSaListener;
import org.ikec.protocol.wire.ExchangeType;
import org.ikec.protocol.wire.IkeCodec;
import org.ikec.protocol.wire.IkeHeader;
import org.ikec.protocol.wire.IkeMessage;
import org.ikec.protocol.wire.MalformedMessageException;
import org.ikec.protocol.wire.NotifyType;
import org.ikec.protocol.wire.PayloadType;

/**
 * One emulated client: its handshake while it runs, then the {@link IkeSa} it holds, plus the
 * predecessors of an IKE SA rekey until the target deletes them. It is the listener of all of
 * them, so it counts what they do. Once established, the initiator is dropped and only the IKE
 * SA's own state remains.
 */
final class LoadClient implements IkeSaListener {

    /** Offsets in the IKE header (RFC 7296 §3.1). */
    private static final int EXCHANGE_TYPE_OFFSET = 18;
    private static final int FLAGS_OFFSET = 19;

    final EventLoop loop;
    /** The client number, from 1; for the simultaneous scenario also the peer number. */
    final int number;
    final Endpoint endpoint;
    final InetSocketAddress target;
    /** Whether the target initiated this client's IKE SA (simultaneous scenario). */
    final boolean responder;

    IkeSaInitiator initiator;
    IkeSa sa;
    private List<IkeSa> retiring;
    long intendedStartNanos;
    long holdUntilMillis = Long.MAX_VALUE;
    /** The deadline of this client's entry in the timer queue; {@code Long.MAX_VALUE} when it has none. */
    long scheduledDeadline = Long.MAX_VALUE;
    boolean establishedOnce;
    /** Set when the IKE SA came up without the virtual IP address requested; it counts as failed, not established. */
    boolean addressMissing;
    /** Set once we started deleting this client's IKE SAs; a successor of a rekey that completes later is deleted too. */
    private boolean deleteRequested;
    /** Whether the stop phase sent this client's final deletes and counts them in flight. */
    boolean finalDeleteSent;
    boolean sendFailed;
    private boolean firstChildSeen;
    /** The identity hash of the last datagram sent; the protocol resends the same array when it retransmits. */
    private int lastSentIdentity;

    LoadClient(EventLoop loop, int number, Endpoint endpoint, InetSocketAddress target, boolean responder) {
        this.loop = loop;
        this.number = number;
        this.endpoint = endpoint;
        this.target = target;
        this.responder = responder;
    }

    // ------------------------------------------------------------------ driving

    void receive(byte[] datagram, IkeHeader header, long ourSpi, InetSocketAddress from, InetSocketAddress to,
                 long nowMillis) {
        if (initiator != null && sa == null) {
            countInitRefusal(datagram, header);
            initiator.receive(datagram, header, from, to, nowMillis);
            return;
        }
        IkeSa target = saWithSpi(ourSpi);
        if (target != null) {
            target.receive(datagram, header, from, to, nowMillis);
        }
    }

    /** Counts the COOKIE and INVALID_KE_PAYLOAD responses that make the initiator retry (RFC 7296 §2.6, §1.3). */
    private void countInitRefusal(byte[] datagram, IkeHeader header) {
        if (header.exchangeType() != ExchangeType.IKE_SA_INIT || header.nextPayload() != PayloadType.NOTIFY) {
            return;
        }
        IkeMessage message;
        try {
            message = IkeCodec.decode(datagram, 0, datagram.length);
        } catch (MalformedMessageException e) {
            return;
        }
        if (message.notify(NotifyType.COOKIE).isPresent()) {
            loop.counters.cookies.increment();
        } else if (message.notify(NotifyType.INVALID_KE_PAYLOAD).isPresent()) {
            loop.counters.invalidKeRetries.increment();
        }
    }

    private IkeSa saWithSpi(long ourSpi) {
        if (sa != null && sa.ourSpi() == ourSpi) {
            return sa;
        }
        if (retiring != null) {
            for (IkeSa old : retiring) {
                if (old.ourSpi() == ourSpi) {
                    return old;
                }
            }
        }
        return null;
    }

    void onTimer(long nowMillis) {
        if (initiator != null && initiator.nextDeadline() <= nowMillis) {
            initiator.onTimer(nowMillis);
        }
        if (sa != null && nowMillis >= holdUntilMillis) {
            holdUntilMillis = Long.MAX_VALUE;
            deleteAll(nowMillis);
        } else if (sa != null && sa.nextDeadline() <= nowMillis) {
            sa.onTimer(nowMillis);
        }
        if (retiring != null) {
            for (IkeSa old : List.copyOf(retiring)) {
                if (old.nextDeadline() <= nowMillis) {
                    old.onTimer(nowMillis);
                }
            }
        }
    }

    /** Deletes every IKE SA of this client with an INFORMATIONAL exchange (RFC 7296 §1.4.1). */
    void deleteAll(long nowMillis) {
        deleteRequested = true;
        for (IkeSa held : ikeSas()) {
            held.terminate(nowMillis);
        }
    }

    long nextDeadline() {
        long deadline = holdUntilMillis;
        if (initiator != null) {
            deadline = Math.min(deadline, initiator.nextDeadline());
        }
        if (sa != null) {
            deadline = Math.min(deadline, sa.nextDeadline());
        }
        if (retiring != null) {
            for (IkeSa old : retiring) {
                deadline = Math.min(deadline, old.nextDeadline());
            }
        }
        return deadline;
    }

    /** Tells whether this client still has a handshake or an IKE SA. */
    boolean isActive() {
        return initiator != null || sa != null || retiring != null;
    }

    /** Returns every IKE SA this client holds, newest first. */
    List<IkeSa> ikeSas() {
        List<IkeSa> result = new ArrayList<>();
        if (sa != null) {
            result.add(sa);
        }
        if (retiring != null) {
            result.addAll(retiring);
        }
        return result;
    }

    // ------------------------------------------------------------------ IkeSaListener

    @Override
    public void send(byte[] datagram, InetSocketAddress local, InetSocketAddress remote) {
        int identity = System.identityHashCode(datagram);
        boolean retransmission = identity == lastSentIdentity;
        lastSentIdentity = identity;
        if (retransmission) {
            loop.counters.retransmissions.increment();
        } else if (isOwnLivenessCheck(datagram)) {
            loop.counters.livenessChecks.increment();
        }
        loop.send(this, datagram, local, remote);
    }

    /**
     * Tells whether {@code datagram} is an INFORMATIONAL request of our current, established IKE
     * SA. An IKE SA delete goes out in state DELETING or REKEYED, so it is not counted.
     *
     * <p>NOTE: a CHILD SA delete after its hard lifetime is counted too; with rekeying on, the
     * hard lifetime is not reached.
     */
    private boolean isOwnLivenessCheck(byte[] datagram) {
        if (sa == null || datagram.length < IkeHeader.SIZE || sa.state() != IkeSa.State.ESTABLISHED
                || (datagram[EXCHANGE_TYPE_OFFSET] & 0xff) != ExchangeType.INFORMATIONAL
                || (datagram[FLAGS_OFFSET] & IkeHeader.FLAG_RESPONSE) != 0) {
            return false;
        }
        boolean fromOriginalInitiator = (datagram[FLAGS_OFFSET] & IkeHeader.FLAG_INITIATOR) != 0;
        long spi = readLong(datagram, fromOriginalInitiator ? 0 : 8);
        return spi == sa.ourSpi();
    }

    private static long readLong(byte[] bytes, int offset) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = value << 8 | (bytes[offset + i] & 0xff);
        }
        return value;
    }

    @Override
    public void established(IkeSa established) {
        if (establishedOnce) {
            return;
        }
        establishedOnce = true;
        sa = established;
        if (loop.virtualIpRequested() && !responder) {
            List<InetAddress> addresses = VirtualIpRequest.addressesIn(initiator.configurationReply());
            if (addresses.isEmpty()) {
                addressMissing = true;
                loop.clientReceivedNoAddress(this);
                return;
            }
            loop.clientGrantedAddresses(this, addresses);
        }
        loop.clientEstablished(this);
    }

    @Override
    public void childSaInstalled(IkeSa owner, ChildSa child) {
        if (firstChildSeen) {
            loop.counters.rekeysChild.increment();
        }
        firstChildSeen = true;
    }

    @Override
    public void childSaRemoved(IkeSa owner, ChildSa child) {
        // Nothing to count: a CHILD SA rekey is counted when its replacement is installed.
    }

    @Override
    public void rekeyed(IkeSa predecessor, IkeSa successor) {
        loop.counters.rekeysIke.increment();
        if (retiring == null) {
            retiring = new ArrayList<>(1);
        }
        retiring.add(predecessor);
        sa = successor;
        loop.register(successor.ourSpi(), this);
        if (deleteRequested) {
            // A rekey that was outstanding when the delete started completed after it; the timer deletes the successor.
            holdUntilMillis = Long.MIN_VALUE;
        }
    }

    @Override
    public void closed(IkeSa closedSa, String reason) {
        loop.unregister(closedSa.ourSpi(), this);
        if (closedSa == sa) {
            sa = null;
            loop.clientReleased(this, reason);
        } else if (retiring != null) {
            retiring.remove(closedSa);
            if (retiring.isEmpty()) {
                retiring = null;
            }
        }
    }

    @Override
    public String toString() {
        return "client " + number + (responder ? " (responder)" : "");
    }
}
