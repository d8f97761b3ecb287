package org.ikec.loadtest.engine;

import java.util.List;

/**
 * The virtual IP addresses the emulated clients received during one run.
 *
 * @param requested which address families the clients requested: {@code v4}, {@code v6} or {@code both}
 * @param granted IKE SAs that received at least one address, counting every reconnect
 * @param clientsGranted client identities that received an address at least once
 * @param distinctAddresses different addresses received over the whole run
 * @param duplicates grants of an address that another client's live IKE SA held at that moment; must be 0
 * @param duplicateExamples the first few duplicates, as {@code address (clients a and b)}
 * @param addressFailures IKE SAs that came up without any address (INTERNAL_ADDRESS_FAILURE or no CFG_REPLY)
 * @param reconnectsSame grants to an identity that had received an address before, of the same addresses
 * @param reconnectsOther grants to an identity that had received an address before, of other addresses
 */
public record VirtualIpSummary(String requested, long granted, int clientsGranted, int distinctAddresses,
                               long duplicates, List<String> duplicateExamples, long addressFailures,
                               long reconnectsSame, long reconnectsOther) {

    public VirtualIpSummary {
        duplicateExamples = List.copyOf(duplicateExamples);
    }
}
