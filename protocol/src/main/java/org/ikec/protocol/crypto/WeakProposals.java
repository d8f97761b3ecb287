package org.ikec.protocol.crypto;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The weak proposal sets that common native IKEv2 clients offer with their default settings, and
 * the list of weak algorithms a proposal names (see {@link Algorithms#isWeak}).
 *
 * <p>A set is written in the syntax of {@link ProposalStrings}, so a connection that opts in to it
 * just gains its proposals. The sets follow the proposals that strongSwan's interoperability notes
 * list for these clients, without the algorithms this implementation does not support (single DES
 * and NULL encryption, which Windows also offers for ESP, and MODP-1536).
 */
public final class WeakProposals {

    /**
     * A named weak set.
     *
     * @param name         the name a configuration uses, such as {@code windows-default}
     * @param clients      the clients that offer it, for documentation and logs
     * @param ikeProposals IKE proposals in {@link ProposalStrings} syntax
     * @param espProposals ESP proposals in {@link ProposalStrings} syntax
     */
    public record Preset(String name, String clients, List<String> ikeProposals, List<String> espProposals) {

        public Preset {
            ikeProposals = List.copyOf(ikeProposals);
            espProposals = List.copyOf(espProposals);
        }

        /** Returns the parsed IKE proposals. */
        public List<ProposalSpec> ike() {
            List<ProposalSpec> parsed = new ArrayList<>();
            ikeProposals.forEach(proposal -> parsed.addAll(ProposalStrings.parseIke(proposal)));
            return parsed;
        }

        /** Returns the parsed ESP proposals. */
        public List<ProposalSpec> esp() {
            List<ProposalSpec> parsed = new ArrayList<>();
            espProposals.forEach(proposal -> parsed.addAll(ProposalStrings.parseEsp(proposal)));
            return parsed;
        }
    }

    /**
     * The built-in client of Windows 7 to 11 with no registry or PowerShell changes: every CBC
     * cipher with SHA-1 or SHA-2 integrity, but only MODP-1024, for IKE, and AES-CBC or 3DES with
     * SHA-1 for ESP. 3DES comes in proposals of its own, after AES, so that the responder, which
     * prefers its configured order, takes AES whenever the client offers it.
     */
    public static final Preset WINDOWS_DEFAULT = new Preset("windows-default",
            "the Windows built-in IKEv2 client",
            List.of("aes256-aes192-aes128-sha384-sha256-sha1-modp1024", "3des-sha384-sha256-sha1-modp1024"),
            List.of("aes256-aes128-sha1", "3des-sha1"));

    /**
     * The built-in clients of macOS and iOS set up by hand without a configuration profile, as older
     * releases offer them: AES-CBC-256 with SHA-256 and MODP-2048 or MODP-1024, then AES-CBC or 3DES
     * with SHA-1 and MODP-1024, and the matching ESP proposals.
     */
    public static final Preset MACOS_LEGACY = new Preset("macos-legacy",
            "older macOS and iOS built-in IKEv2 clients",
            List.of("aes256-sha256-modp2048", "aes256-sha256-modp1024", "aes256-aes128-sha1-modp1024",
                    "3des-sha1-modp1024"),
            List.of("aes256-sha256", "aes256-aes128-sha1", "3des-sha1"));

    private static final List<Preset> PRESETS = List.of(WINDOWS_DEFAULT, MACOS_LEGACY);

    private WeakProposals() {
    }

    /** Returns every preset, in the order logs and error messages name them. */
    public static List<Preset> presets() {
        return PRESETS;
    }

    /** Returns the names of every preset, such as "windows-default, macos-legacy". */
    public static String presetNames() {
        return String.join(", ", PRESETS.stream().map(Preset::name).toList());
    }

    /** Returns the preset with that name, if there is one. */
    public static Optional<Preset> preset(String name) {
        return PRESETS.stream().filter(preset -> preset.name().equals(name)).findFirst();
    }

    /** Returns the names of the weak algorithms that the proposals contain, each once, in order. */
    public static List<String> weakAlgorithms(List<ProposalSpec> proposals) {
        Set<String> names = new LinkedHashSet<>();
        for (ProposalSpec proposal : proposals) {
            for (TransformId transform : proposal.transforms()) {
                if (Algorithms.isWeak(transform)) {
                    names.add(Algorithms.name(transform));
                }
            }
        }
        return List.copyOf(names);
    }
}
