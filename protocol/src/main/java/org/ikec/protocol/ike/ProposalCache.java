package org.ikec.protocol.ike;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.ikec.protocol.crypto.ProposalSpec;
import org.ikec.protocol.crypto.ProposalStrings;

/** Parses configured proposal strings once; configuration is validated at start, so they parse. */
final class ProposalCache {

    private static final Map<List<String>, List<ProposalSpec>> IKE = new ConcurrentHashMap<>();
    private static final Map<List<String>, List<ProposalSpec>> ESP = new ConcurrentHashMap<>();

    private ProposalCache() {
    }

    static List<ProposalSpec> ike(List<String> proposals) {
        return IKE.computeIfAbsent(proposals, p -> parse(p, true));
    }

    static List<ProposalSpec> esp(List<String> proposals) {
        return ESP.computeIfAbsent(proposals, p -> parse(p, false));
    }

    private static List<ProposalSpec> parse(List<String> proposals, boolean ike) {
        List<ProposalSpec> specs = new ArrayList<>();
        for (String proposal : proposals) {
            specs.addAll(ike ? ProposalStrings.parseIke(proposal) : ProposalStrings.parseEsp(proposal));
        }
        return List.copyOf(specs);
    }
}
