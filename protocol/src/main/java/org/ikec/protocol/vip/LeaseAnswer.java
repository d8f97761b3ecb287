package org.ikec.protocol.vip;

import java.util.List;

/**
 * The addresses leased for one {@link LeaseRequest}: one per requested family that a pool could
 * serve. A family that no pool could serve is named in {@code failure}, and the responder answers
 * with INTERNAL_ADDRESS_FAILURE when no address at all was leased.
 *
 * @param failure why a requested family got no address, or null when every family got one
 */
public record LeaseAnswer(List<Lease> leases, String failure) {

    public LeaseAnswer {
        leases = List.copyOf(leases);
    }
}
