package org.ikec.node.radius;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.ikec.cluster.EapMethodFactory;
import org.ikec.protocol.config.AuthConfig;
import org.ikec.protocol.config.ConnectionConfig;
import org.ikec.protocol.config.SecretStore;
import org.ikec.protocol.eap.EapMethod;
import org.ikec.protocol.eap.EapStep;
import org.slf4j.Logger;

/**
 * The EAP methods of a node whose RADIUS servers can change at run time. Each EAP conversation
 * keeps the RADIUS client that was in use when it started, so a {@link #replace} applies to new
 * conversations only. A replaced client is closed once its last conversation ended, or once the
 * half-open timeout has passed since the replacement, after which no IKE SA that could still use
 * it exists.
 */
public final class RadiusEapService implements EapMethodFactory, AutoCloseable {

    static final Logger LOG = RadiusClient.LOG;

    private static final Duration RETIRE_CHECK_INTERVAL = Duration.ofSeconds(1);

    /** A started client with the NAS-Identifier it sends and its conversations that have not ended. */
    private record Active(RadiusClient client, RadiusEapMethods methods, AtomicInteger conversations) {
    }

    private record Retiring(Active active, long deadlineNanos) {
    }

    private final ScheduledExecutorService retirer;
    private final List<Retiring> retiring = new ArrayList<>();
    private volatile Active active;

    private RadiusEapService() {
        this.retirer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "radius-client-retirer");
            thread.setDaemon(true);
            return thread;
        });
        retirer.scheduleWithFixedDelay(this::closeIdle, RETIRE_CHECK_INTERVAL.toMillis(),
                RETIRE_CHECK_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Starts the RADIUS client for {@code config}, or none when it is empty, in which case every
     * peer authenticates against the local EAP users.
     */
    public static RadiusEapService start(Optional<RadiusClientConfig> config, String nasIdentifier)
            throws IOException {
        RadiusEapService service = new RadiusEapService();
        if (config.isPresent()) {
            service.active = service.open(config.get(), nasIdentifier);
        }
        return service;
    }

    private Active open(RadiusClientConfig config, String nasIdentifier) throws IOException {
        RadiusClient client = RadiusClient.start(config);
        return new Active(client, new RadiusEapMethods(client, nasIdentifier), new AtomicInteger());
    }

    /**
     * Starts a client for {@code config} and sends new EAP conversations to it; conversations in
     * progress finish on the previous client.
     *
     * @param halfOpenTimeout how long an IKE SA may take to complete IKE_AUTH, which bounds how long
     *                        the previous client stays open
     * @throws IOException when the new client cannot open its sockets; the previous one stays in use
     */
    public synchronized void replace(Optional<RadiusClientConfig> config, String nasIdentifier,
                                     Duration halfOpenTimeout) throws IOException {
        Active next = config.isPresent() ? open(config.get(), nasIdentifier) : null;

        Active previous = active;
        active = next;

        if (previous != null) {
            retiring.add(new Retiring(previous, System.nanoTime() + halfOpenTimeout.toNanos()));
            LOG.info("RADIUS servers replaced; {} EAP conversations in progress finish on the previous servers",
                    previous.conversations().get());
        }
    }

    @Override
    public EapMethod create(ConnectionConfig connection, SecretStore secrets, InetSocketAddress peer,
                            Consumer<EapStep> decided) {
        Active current = active;
        if (current == null || !AuthConfig.EAP_RADIUS.equals(connection.remote().method())) {
            return LOCAL.create(connection, secrets, peer, decided);
        }

        current.conversations().incrementAndGet();
        AtomicBoolean ended = new AtomicBoolean();
        Consumer<EapStep> counted = step -> {
            boolean last = step instanceof EapStep.Success || step instanceof EapStep.Failure;
            if (last && ended.compareAndSet(false, true)) {
                current.conversations().decrementAndGet();
            }
            decided.accept(step);
        };
        return current.methods().create(connection, secrets, peer, counted);
    }

    /** Returns each server's counters of the client for new conversations, empty without RADIUS. */
    public Map<String, RadiusCounters> serverCounters() {
        Active current = active;
        return current == null ? Map.of() : current.client().serverCounters();
    }

    /** Counts the replaced clients that are still open for conversations in progress. */
    synchronized int replacedClientsOpen() {
        return retiring.size();
    }

    private synchronized void closeIdle() {
        long now = System.nanoTime();
        retiring.removeIf(old -> {
            int conversations = old.active().conversations().get();
            boolean expired = now - old.deadlineNanos() >= 0;
            if (conversations > 0 && !expired) {
                return false;
            }

            if (conversations > 0) {
                LOG.info("closing the previous RADIUS client after the half-open timeout; {} EAP conversations "
                        + "that never ended are dropped", conversations);
            }
            old.active().client().close();
            return true;
        });
    }

    /** Closes the client in use and every replaced one. */
    @Override
    public synchronized void close() {
        retirer.shutdownNow();
        for (Retiring old : retiring) {
            old.active().client().close();
        }
        retiring.clear();
        if (active != null) {
            active.client().close();
        }
    }
}
