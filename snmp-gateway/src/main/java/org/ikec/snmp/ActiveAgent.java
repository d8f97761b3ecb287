package org.ikec.snmp;

import java.io.IOException;
import java.time.Duration;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.ClusterSingletonSettings;
import org.apache.pekko.cluster.typed.SingletonActor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes exactly one gateway-role node of the cluster serve SNMP. This actor is a Pekko cluster
 * singleton on the nodes with role {@value SnmpGateway#ROLE}, so it runs on the oldest of them.
 * While it runs, it keeps that node's agent socket bound, and it closes the socket when it stops.
 * When the node leaves or is downed, the singleton starts on the next oldest gateway node, whose
 * tables are already current, and that node binds the same address.
 *
 * <p>The singleton manager starts the new instance only after the old one stopped, so both nodes
 * may be configured with one address and port on one host. A bind that fails anyway (the port not
 * yet released, a floating address not yet moved) is retried every {@link #BIND_RETRY_INTERVAL}.
 * A node that is killed without leaving keeps the singleton until the split-brain resolver downs
 * it, which takes {@code pekko.cluster.split-brain-resolver.stable-after} (20 s by default) or more.
 */
public final class ActiveAgent extends AbstractBehavior<ActiveAgent.Command> {

    static final Duration BIND_RETRY_INTERVAL = Duration.ofMillis(500);

    private static final Logger LOG = LoggerFactory.getLogger("org.ikec.snmp");
    private static final String SINGLETON_NAME = "snmp-active-agent";

    public sealed interface Command {
    }

    /** Tells the singleton to close the socket and stop, before it moves to another node. */
    enum Release implements Command {
        INSTANCE
    }

    private enum RetryBind implements Command {
        INSTANCE
    }

    private final SnmpGateway gateway;
    private final TimerScheduler<Command> timers;
    private int failedBinds;

    /** Starts the singleton manager on {@code system}. Only a node with the gateway role runs the singleton. */
    public static void init(ActorSystem<?> system, SnmpGateway gateway) {
        ClusterSingleton.get(system).init(SingletonActor.of(create(gateway), SINGLETON_NAME)
                .withSettings(ClusterSingletonSettings.create(system).withRole(SnmpGateway.ROLE))
                .withStopMessage(Release.INSTANCE));
    }

    static Behavior<Command> create(SnmpGateway gateway) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> new ActiveAgent(context, timers, gateway)));
    }

    private ActiveAgent(ActorContext<Command> context, TimerScheduler<Command> timers, SnmpGateway gateway) {
        super(context);
        this.gateway = gateway;
        this.timers = timers;
        tryBind();
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(RetryBind.class, message -> onRetryBind())
                .onMessage(Release.class, message -> onRelease())
                .onSignal(PostStop.class, signal -> onPostStop())
                .build();
    }

    private Behavior<Command> onRetryBind() {
        tryBind();
        return this;
    }

    private Behavior<Command> onRelease() {
        return Behaviors.stopped();
    }

    private Behavior<Command> onPostStop() {
        try {
            gateway.unbind();
        } catch (IOException e) {
            LOG.warn("closing the active SNMP agent failed: {}", e.getMessage());
        }

        LOG.info("this node's SNMP agent is no longer the active one");
        return this;
    }

    private void tryBind() {
        try {
            gateway.bind();
        } catch (IOException e) {
            failedBinds++;
            timers.startSingleTimer(RetryBind.INSTANCE, BIND_RETRY_INTERVAL);
            // One line per 20 attempts, about every 10 s, while the address stays taken.
            if (failedBinds % 20 == 1) {
                LOG.warn("binding the SNMP agent to udp {}:{} failed (attempt {}), retrying every {} ms: {}",
                        gateway.settings().address(), gateway.settings().port(), failedBinds,
                        BIND_RETRY_INTERVAL.toMillis(), e.getMessage());
            }
            return;
        }

        LOG.info("this node's SNMP agent is the active one, serving udp {}:{}",
                gateway.settings().address(), gateway.port());
    }
}
