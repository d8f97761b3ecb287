package org.ikec.node.interop;

import java.util.List;
import java.util.Map;

/** Typed access to the values of a parsed vici section, see {@link ViciRawParser}. */
final class ViciValues {

    private ViciValues() {
    }

    static String text(Map<String, Object> section, String key) {
        Object value = section.get(key);
        if (!(value instanceof String text)) {
            throw new IllegalArgumentException("vici key " + key + " is missing or not a value in " + section);
        }
        return text;
    }

    static boolean flag(Map<String, Object> section, String key) {
        return "yes".equals(section.get(key));
    }

    @SuppressWarnings("unchecked")
    static List<String> list(Map<String, Object> section, String key) {
        Object value = section.getOrDefault(key, List.of());
        if (!(value instanceof List<?>)) {
            throw new IllegalArgumentException("vici key " + key + " is not a list in " + section);
        }
        return (List<String>) value;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> section(Object value) {
        if (!(value instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("expected a vici section but found " + value);
        }
        return (Map<String, Object>) value;
    }

    /**
     * Joins the algorithm keys of an IKE or CHILD SA the way {@code swanctl --list-sas} prints
     * them: encryption with its key size, integrity, PRF and key exchange group, each only when
     * present, separated by slashes.
     */
    static String proposal(Map<String, Object> sa) {
        StringBuilder out = new StringBuilder(text(sa, "encr-alg"));
        if (sa.containsKey("encr-keysize")) {
            out.append('-').append(text(sa, "encr-keysize"));
        }
        for (String key : List.of("integ-alg", "prf-alg", "dh-group")) {
            if (sa.containsKey(key)) {
                out.append('/').append(text(sa, key));
            }
        }
        return out.toString();
    }
}
