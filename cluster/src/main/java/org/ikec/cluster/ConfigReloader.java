package org.ikec.cluster;

import java.util.function.Supplier;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * Rereads this node's configuration file when any node of the cluster sends {@link Reload}, so that one
 * {@code reload --cluster} reaches every node. The node supplies how to reread and apply it.
 */
public final class ConfigReloader extends AbstractBehavior<ConfigReloader.Command> {

    public sealed interface Command extends CborSerializable {
    }

    /** Rereads the configuration file and replies with what changed or why it was rejected. */
    public record Reload(ActorRef<ReloadResult> replyTo) implements Command {
    }

    /** Every node's reloader registers under this key. */
    public static final ServiceKey<Command> SERVICE_KEY = ServiceKey.create(Command.class, "ikec-config-reloader");

    private final Supplier<ReloadResult> reload;

    public static Behavior<Command> create(Supplier<ReloadResult> reload) {
        return Behaviors.setup(context -> new ConfigReloader(context, reload));
    }

    private ConfigReloader(ActorContext<Command> context, Supplier<ReloadResult> reload) {
        super(context);
        this.reload = reload;
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Reload.class, this::onReload)
                .build();
    }

    /**
     * Reads the file and applies it on the actor's thread, which blocks while the address pools
     * resize. The actor runs on Pekko's dispatcher for blocking work, so that no IKE SA waits.
     */
    private Behavior<Command> onReload(Reload message) {
        message.replyTo().tell(reload.get());
        return this;
    }
}
