package org.ikec.protocol.ike;

import java.util.function.Consumer;

/**
 * The result of a rekey started with {@link IkeSa#rekeyChild} or {@link IkeSa#rekeyIke}
 * (RFC 7296 §1.3.2, §1.3.3, §2.8).
 */
public sealed interface RekeyOutcome {

    /**
     * The CHILD SA was replaced. After a rekey collision that our exchange lost (§2.8.1), the SPIs
     * are those of the peer's replacement, which is the one that stays.
     */
    record ChildRekeyed(String name, int oldInboundSpi, int oldOutboundSpi, int inboundSpi, int outboundSpi)
            implements RekeyOutcome {
    }

    /** The IKE SA was replaced by {@code successor}, which now carries its CHILD SAs. */
    record IkeRekeyed(long successorSpiI, long successorSpiR, long successorOurSpi) implements RekeyOutcome {
    }

    /** The rekey did not happen. A CHILD SA or IKE SA whose lifetime runs out is still rekeyed later. */
    record Failed(String reason) implements RekeyOutcome {
    }

    /** Passes on only the first outcome, so a request and the retry it queues after INVALID_KE_PAYLOAD report once. */
    final class Once implements Consumer<RekeyOutcome> {

        private final Consumer<RekeyOutcome> target;
        private boolean reported;

        Once(Consumer<RekeyOutcome> target) {
            this.target = target;
        }

        static Once none() {
            return new Once(outcome -> { });
        }

        @Override
        public void accept(RekeyOutcome outcome) {
            if (reported) {
                return;
            }
            reported = true;
            target.accept(outcome);
        }
    }
}
