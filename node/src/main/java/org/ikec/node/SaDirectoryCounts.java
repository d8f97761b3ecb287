package org.ikec.node;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.ikec.cluster.SaDirectory;

/**
 * Counts the IKE SAs in every concentrator's SA directory, for a node that runs no directory of
 * its own (a gateway-only node). The directories are found through the receptionist.
 */
final class SaDirectoryCounts {

    private SaDirectoryCounts() {
    }

    /** Asks every registered directory for its IKE SAs; one that does not reply within {@code timeout} is left out.
     * The counts are keyed by member address such as {@code pekko://ikec@127.0.0.11:2552}. */
    static CompletionStage<Map<String, Integer>> ask(ActorSystem<?> system, Duration timeout) {
        CompletionStage<Receptionist.Listing> listing = AskPattern.ask(system.receptionist(),
                replyTo -> Receptionist.find(SaDirectory.SERVICE_KEY, replyTo), timeout, system.scheduler());
        return listing.thenCompose(found -> {
            Map<String, CompletableFuture<Integer>> asks = new HashMap<>();
            for (ActorRef<SaDirectory.Command> directory : found.getServiceInstances(SaDirectory.SERVICE_KEY)) {
                CompletableFuture<Integer> count = AskPattern.<SaDirectory.Command, SaDirectory.SaList>ask(directory,
                                SaDirectory.ListSas::new, timeout, system.scheduler())
                        .thenApply(list -> list.sas().size())
                        .toCompletableFuture()
                        .exceptionally(noReply -> null);
                asks.put(directory.path().address().toString(), count);
            }

            return CompletableFuture.allOf(asks.values().toArray(CompletableFuture[]::new)).thenApply(done -> {
                Map<String, Integer> counts = new HashMap<>();
                asks.forEach((address, count) -> {
                    if (count.join() != null) {
                        counts.put(address, count.join());
                    }
                });
                return counts;
            });
        });
    }
}
