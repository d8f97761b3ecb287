package org.ikec.node.logging;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import org.ikec.protocol.ike.ChildSa;
import org.ikec.protocol.ike.IkeSa;

/**
 * Secret byte strings of a test run and the forms a log line could show them in: lower- and
 * upper-case hex and base64 of every 12-byte window, so a key logged in part is found too.
 */
final class Secrets {

    private static final int WINDOW = 12;

    private final List<byte[]> values = new ArrayList<>();

    void addText(String secret) {
        values.add(secret.getBytes(StandardCharsets.UTF_8));
    }

    /** Adds SK_d, SK_a, SK_e and SK_p of the IKE SA as one array, and the keys of its CHILD SAs. */
    void addKeysOf(IkeSa sa) {
        values.add(sa.exportState().keys().keymat().clone());
        for (ChildSa child : sa.children()) {
            for (byte[] key : List.of(child.encryptionKeyIn(), child.integrityKeyIn(), child.encryptionKeyOut(),
                    child.integrityKeyOut())) {
                if (key.length > 0) {
                    values.add(key.clone());
                }
            }
        }
    }

    /** Returns every form, each tagged with the encoding, for assertion messages. */
    List<String> forms() {
        List<String> forms = new ArrayList<>();
        for (byte[] value : values) {
            forms.add(new String(value, StandardCharsets.UTF_8));
            for (int start = 0; start + Math.min(WINDOW, value.length) <= value.length; start++) {
                byte[] window = Arrays.copyOfRange(value, start, start + Math.min(WINDOW, value.length));
                String hex = HexFormat.of().formatHex(window);
                forms.add(hex);
                forms.add(hex.toUpperCase());
                forms.add(Base64.getEncoder().withoutPadding().encodeToString(window));
            }
        }
        return forms;
    }

    /** Returns the lines that contain any form of any secret. */
    List<String> linesLeaking(List<String> lines) {
        List<String> forms = forms();
        return lines.stream().filter(line -> forms.stream().anyMatch(line::contains)).toList();
    }
}
