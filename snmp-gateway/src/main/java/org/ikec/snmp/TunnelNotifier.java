package org.ikec.snmp;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.ikec.cluster.SaSnapshot;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.VariableBinding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a tunnel up notification when a row appears in jnxIkeTunnelTable and a tunnel down
 * notification when one disappears (see {@link TunnelNotification} for OIDs and variable
 * bindings), within a per-second budget.
 *
 * <p>A removed row is reported only after {@link #DOWN_SETTLE_TIME}: when a row with the same
 * index appears again within it, neither notification is sent. That covers an SA that moves to
 * another node, whose old node may report the removal before the new one reports the SA, and a
 * full list that replaces a node's rows. The row store calls in from the gateway's actor; all
 * sending and timing runs on one thread of its own, so a slow socket never delays the actor.
 */
final class TunnelNotifier implements SaRowStore.TunnelListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("org.ikec.snmp");

    static final Duration DOWN_SETTLE_TIME = Duration.ofSeconds(3);
    static final Duration DROP_REPORT_INTERVAL = Duration.ofSeconds(10);

    /** Notifications sent, dropped over the budget, and failed in the socket, since start. */
    record Counters(long sent, long dropped, long failed) {
    }

    private final TrapSender sender;
    private final NotificationBudget budget;
    private final int maxPerSecond;
    private final LongSupplier uptimeHundredths;
    private final Clock clock;
    private final ScheduledExecutorService executor;
    /** Tunnel rows removed within the settle time, by row index; touched only on the executor's thread. */
    private final Map<OID, ScheduledFuture<?>> pendingDowns = new HashMap<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    private TunnelNotifier(TrapSender sender, int maxPerSecond, LongSupplier uptimeHundredths, Clock clock) {
        this.sender = sender;
        this.budget = new NotificationBudget(maxPerSecond);
        this.maxPerSecond = maxPerSecond;
        this.uptimeHundredths = uptimeHundredths;
        this.clock = clock;
        this.executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "snmp-notifications");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Opens the sending socket on {@code settings.address()} and starts the notifier's thread. */
    static TunnelNotifier start(AgentSettings settings, String systemName, LongSupplier uptimeHundredths, Clock clock)
            throws IOException {
        NotificationSettings notifications = settings.notifications();
        TrapSender sender = TrapSender.open(settings.address(), notifications, settings.users(), systemName);
        TunnelNotifier notifier = new TunnelNotifier(sender, notifications.maxPerSecond(), uptimeHundredths, clock);
        long interval = DROP_REPORT_INTERVAL.toMillis();
        notifier.executor.scheduleAtFixedRate(notifier::reportDropped, interval, interval, TimeUnit.MILLISECONDS);

        LOG.info("SNMP tunnel notifications to {}, at most {} per second, SNMPv3 engine ID {}",
                notifications.receivers(), notifications.maxPerSecond(), HexFormat.of().formatHex(sender.engineId()));
        return notifier;
    }

    @Override
    public void tunnelAdded(OID rowIndex, SaSnapshot sa) {
        executor.execute(() -> onTunnelAdded(rowIndex, sa));
    }

    @Override
    public void tunnelRemoved(OID rowIndex, SaSnapshot sa) {
        executor.execute(() -> onTunnelRemoved(rowIndex, sa));
    }

    private void onTunnelAdded(OID rowIndex, SaSnapshot sa) {
        ScheduledFuture<?> pendingDown = pendingDowns.remove(rowIndex);
        if (pendingDown != null) {
            pendingDown.cancel(false);
            return;
        }
        send(sa, true);
    }

    private void onTunnelRemoved(OID rowIndex, SaSnapshot sa) {
        ScheduledFuture<?> down = executor.schedule(() -> {
            pendingDowns.remove(rowIndex);
            send(sa, false);
        }, DOWN_SETTLE_TIME.toMillis(), TimeUnit.MILLISECONDS);
        ScheduledFuture<?> earlier = pendingDowns.put(rowIndex, down);
        if (earlier != null) {
            earlier.cancel(false);
        }
    }

    private void send(SaSnapshot sa, boolean up) {
        List<VariableBinding> bindings = TunnelNotification.of(sa, up, uptimeHundredths.getAsLong());
        if (bindings == null) {
            return;
        }
        if (!budget.tryTake(clock.millis())) {
            dropped.incrementAndGet();
            return;
        }

        try {
            sender.send(bindings);
            sent.incrementAndGet();
        } catch (IOException e) {
            failed.incrementAndGet();
            LOG.warn("tunnel {} notification for IKE SA {} (tunnel {}) not sent: {}", up ? "up" : "down", sa.id(),
                    sa.tunnelIndex(), e.getMessage());
        }
    }

    private void reportDropped() {
        long count = budget.takeDroppedSinceReport();
        if (count > 0) {
            LOG.warn("{} tunnel notifications dropped in the last {} s: more than {} per second", count,
                    DROP_REPORT_INTERVAL.toSeconds(), maxPerSecond);
        }
    }

    Counters counters() {
        return new Counters(sent.get(), dropped.get(), failed.get());
    }

    byte[] engineId() {
        return sender.engineId();
    }

    @Override
    public void close() throws IOException {
        executor.shutdownNow();
        sender.close();
    }
}
