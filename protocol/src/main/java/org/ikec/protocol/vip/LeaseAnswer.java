package org.ikec.protocol.vip;

import java.util.List;

/**
 * The addresses leased for one {@link LeaseRequest}: one per requested family that a pool could
 * serve. A family that no pool could serve is named in {@code failure}, and the responder answers
 * with INTERNAL_ADDRESS_FAILURE when no address at all was leased.
 *
 * @param failure why a requested family got no address, or null when every family got one
 * @param assignedAddressInUse whether no address was leased because an address that a RADIUS
 *     server assigned to the peer is leased to another IKE SA
 */
public record LeaseAnswer(List<Lease> leases, String failure, boolean assignedAddressInUse) {

    public LeaseAnswer {
        leases = List.copyOf(leases);
    }

    /** Creates an answer whose failure, if any, is not an assigned address in use. */
    public LeaseAnswer(List<Lease> leases, String failure) {
        this(leases, failure, false);
    }
}
