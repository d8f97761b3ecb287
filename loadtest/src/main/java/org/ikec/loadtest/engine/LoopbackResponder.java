package org.ikec.loadtest.engine;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.ikec.protocol.config.AuthConfig;
import org.ikec.protocol.config.ChildConfig;
import org.ikec.protocol.config.ConnectionConfig;
import org.ikec.protocol.config.IkeIdentity;
import org.ikec.protocol.config.IkeSettings;
import org.ikec.protocol.config.TrafficSelectorSpec;
import org.ikec.protocol.crypto.DhReuse;
import org.ikec.protocol.ike.ChildSa;
import org.ikec.protocol.ike.IkeSa;
import org.ikec.protocol.ike.IkeSaInitResponder;
import org.ikec.protocol.ike.IkeSaListener;
import org.ikec.protocol.ike.SpiSource;
import org.ikec.protocol.wire.ExchangeType;
import org.ikec.protocol.wire.IkeCodec;
import org.ikec.protocol.wire.IkeHeader;
import org.ikec.protocol.wire.IkeMessage;
import org.ikec.protocol.wire.MalformedMessageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A minimal IKEv2 responder on a local address, with an IKE and a NAT-T socket, built from the
 * protocol's own responder code. The generator runs its real event loop against it before a run
 * (see {@link JitWarmUp}), so that the JIT compiler has compiled the socket, event loop and client
 * paths as well as the protocol before the first packet reaches the target. It responds to
 * IKE_SA_INIT and IKE_AUTH with PSK and drops each IKE SA once it has sent the IKE_AUTH response; it
 * never sends a request.
 */
final class LoopbackResponder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("org.ikec.loadtest");
    private static final int RECEIVE_BUFFER = 65536;
    private static final DhReuse KEY_PAIR_REUSE = new DhReuse(1_000, Duration.ofMinutes(1));

    private final DatagramChannel ike;
    private final DatagramChannel nat;
    private final InetSocketAddress ikeLocal;
    private final InetSocketAddress natLocal;
    private final Selector selector;
    private final IkeSettings settings;
    private final Map<Long, IkeSa> halfOpen = new HashMap<>();
    private final Sender sender = new Sender();
    private final Thread thread;
    private long nextSpi = 0x5741_524d_0000_0000L;
    private volatile boolean closing;

    private LoopbackResponder(DatagramChannel ike, DatagramChannel nat, Selector selector, IkeSettings settings)
            throws IOException {
        this.ike = ike;
        this.nat = nat;
        this.ikeLocal = (InetSocketAddress) ike.getLocalAddress();
        this.natLocal = (InetSocketAddress) nat.getLocalAddress();
        this.selector = selector;
        this.settings = settings;
        this.thread = new Thread(this::loop, "loadtest-warmup-responder");
        this.thread.setDaemon(true);
    }

    /**
     * Binds two sockets on {@code address} with free ports and starts responding on them.
     *
     * @param localId the identity the responder sends, which is the generator's {@code --remote-id} unless
     *     that is {@code %any}
     */
    static LoopbackResponder start(InetAddress address, String ikeProposal, String espProposal, byte[] psk,
                                   IkeIdentity localId) throws IOException {
        DatagramChannel ike = DatagramChannel.open();
        DatagramChannel nat = DatagramChannel.open();
        Selector selector = null;
        try {
            ike.bind(new InetSocketAddress(address, 0)).configureBlocking(false);
            nat.bind(new InetSocketAddress(address, 0)).configureBlocking(false);
            selector = Selector.open();
            ike.register(selector, SelectionKey.OP_READ);
            nat.register(selector, SelectionKey.OP_READ);
            LoopbackResponder responder = new LoopbackResponder(ike, nat, selector,
                    settings(address, ikeProposal, espProposal, psk, localId));
            responder.thread.start();
            return responder;
        } catch (IOException | RuntimeException e) {
            ike.close();
            nat.close();
            if (selector != null) {
                selector.close();
            }
            throw e;
        }
    }

    private static IkeSettings settings(InetAddress address, String ikeProposal, String espProposal, byte[] psk,
                                        IkeIdentity localId) {
        TrafficSelectorSpec everything = TrafficSelectorSpec.parse(address instanceof Inet6Address ? "::/0" : "0.0.0.0/0");
        ChildConfig child = new ChildConfig("warmup", List.of(espProposal), List.of(everything), List.of(everything),
                Duration.ZERO, Duration.ZERO, Duration.ZERO, "tunnel");
        ConnectionConfig connection = new ConnectionConfig("warmup", List.of(ikeProposal), List.of(), List.of(), 500,
                new AuthConfig(AuthConfig.PSK, localId), new AuthConfig(AuthConfig.PSK, IkeIdentity.parse("%any")),
                List.of(child), Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);
        byte[] key = psk.clone();
        // Its key pairs serve many IKE SAs, so that more of the warm-up's time goes to the generator's side.
        return new IkeSettings(List.of(connection), (local, remote) -> Optional.of(key.clone()), Integer.MAX_VALUE,
                Duration.ofSeconds(2), 1.8, 0, Duration.ofSeconds(30)).withDhReuse(KEY_PAIR_REUSE);
    }

    InetSocketAddress ikeAddress() {
        return ikeLocal;
    }

    int natPort() {
        return natLocal.getPort();
    }

    private void loop() {
        ByteBuffer buffer = ByteBuffer.allocate(RECEIVE_BUFFER);
        try {
            while (!closing) {
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    DatagramChannel channel = (DatagramChannel) key.channel();
                    InetSocketAddress remote;
                    while ((remote = receive(channel, buffer)) != null) {
                        buffer.flip();
                        respond(buffer, channel == nat, remote);
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException | ClosedSelectorException e) {
            if (!closing) {
                LOG.debug("the warm-up responder stopped: {}", e.toString());
            }
        }
    }

    private static InetSocketAddress receive(DatagramChannel channel, ByteBuffer buffer) throws IOException {
        buffer.clear();
        return (InetSocketAddress) channel.receive(buffer);
    }

    private void respond(ByteBuffer received, boolean onNatPort, InetSocketAddress remote) {
        byte[] datagram = EventLoop.unframe(received, onNatPort);
        if (datagram == null) {
            return;
        }
        InetSocketAddress local = onNatPort ? natLocal : ikeLocal;
        long nowMillis = System.currentTimeMillis();

        try {
            IkeHeader header = IkeCodec.decodeHeader(datagram, 0, datagram.length);
            if (header.exchangeType() == ExchangeType.IKE_SA_INIT && header.spiR() == 0 && !header.isResponse()) {
                IkeMessage request = IkeCodec.decode(datagram, 0, datagram.length);
                long spiR = ++nextSpi;
                IkeSaInitResponder.Outcome outcome = IkeSaInitResponder.respond(request, datagram, spiR, local,
                        remote, settings, sender, sender, nowMillis);
                if (outcome instanceof IkeSaInitResponder.Outcome.Created created) {
                    halfOpen.put(spiR, created.sa());
                }
                return;
            }
            IkeSa sa = halfOpen.remove(header.spiR());
            if (sa != null) {
                sa.receive(datagram, header, remote, local, nowMillis);
            }
        } catch (MalformedMessageException e) {
            LOG.debug("the warm-up responder dropped a malformed message: {}", e.getMessage());
        }
    }

    /** Stops responding and closes the sockets. */
    @Override
    public void close() {
        closing = true;
        try {
            thread.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            selector.close();
            ike.close();
            nat.close();
        } catch (IOException e) {
            // Closing only releases descriptors, so nothing is left to undo.
        }
    }

    /** The responder's listener and SPI source, which sends its datagrams and keeps nothing about the IKE SAs. */
    private final class Sender implements IkeSaListener, SpiSource {

        private int childSpi = 0x5741_0000;

        @Override
        public void send(byte[] datagram, InetSocketAddress local, InetSocketAddress remote) {
            boolean onNatPort = local.getPort() == natLocal.getPort();
            ByteBuffer out = ByteBuffer.allocate(datagram.length + (onNatPort ? EventLoop.NON_ESP_MARKER_LENGTH : 0));
            if (onNatPort) {
                out.putInt(0);
            }
            out.put(datagram).flip();
            try {
                (onNatPort ? nat : ike).send(out, remote);
            } catch (IOException e) {
                LOG.debug("the warm-up responder could not send to {}: {}", remote, e.toString());
            }
        }

        @Override
        public void established(IkeSa sa) {
        }

        @Override
        public void childSaInstalled(IkeSa sa, ChildSa child) {
        }

        @Override
        public void childSaRemoved(IkeSa sa, ChildSa child) {
        }

        @Override
        public void rekeyed(IkeSa predecessor, IkeSa successor) {
        }

        @Override
        public void closed(IkeSa sa, String reason) {
        }

        @Override
        public long newIkeSpi(long predecessorSpi) {
            return ++nextSpi;
        }

        @Override
        public int newChildSpi() {
            return ++childSpi;
        }
    }
}
