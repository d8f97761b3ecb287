package org.ikec.node.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.ikec.protocol.crypto.WeakProposals;

/**
 * A connection's {@code allow_weak} option, which turns on the weak algorithms 3des, sha1, prfsha1
 * and modp1024. The default {@code no} rejects them, and {@code yes} accepts them in the
 * connection's own proposals. One or more preset names, such as
 * {@code windows-default, macos-legacy}, accept them too and append the presets' IKE proposals to
 * {@code proposals} and their ESP proposals to every child's {@code esp_proposals}.
 *
 * @param allowed whether the connection's proposals may name weak algorithms
 * @param presets the presets whose proposals the connection gains, in the order given
 */
record WeakOptIn(boolean allowed, List<WeakProposals.Preset> presets) {

    static final String KEY = "allow_weak";

    WeakOptIn {
        presets = List.copyOf(presets);
    }

    static WeakOptIn parse(ConfigReader connection) {
        List<String> values = connection.stringListOr(KEY, List.of("no"));
        if (values.equals(List.of("no"))) {
            return new WeakOptIn(false, List.of());
        }
        if (values.equals(List.of("yes"))) {
            return new WeakOptIn(true, List.of());
        }

        List<WeakProposals.Preset> presets = new ArrayList<>();
        for (String value : values) {
            Optional<WeakProposals.Preset> preset = WeakProposals.preset(value);
            if (preset.isEmpty()) {
                throw new ConfigError(connection.pathOf(KEY), "unknown value '" + value + "'; use no, yes, or one or"
                        + " more of the presets " + WeakProposals.presetNames());
            }
            presets.add(preset.get());
        }
        return new WeakOptIn(true, presets);
    }

    /** Returns {@code proposals} followed by the presets' IKE ({@code ike}) or ESP proposals, each once. */
    List<String> withPresetProposals(List<String> proposals, boolean ike) {
        Set<String> combined = new LinkedHashSet<>(proposals);
        for (WeakProposals.Preset preset : presets) {
            combined.addAll(ike ? preset.ikeProposals() : preset.espProposals());
        }
        return List.copyOf(combined);
    }
}
