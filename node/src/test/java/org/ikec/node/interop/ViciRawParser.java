package org.ikec.node.interop;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the {@code --raw} output of swanctl, which prints each vici message on one line as
 * {@code <type> {key=value list=[a b] section {...}}}.
 *
 * <p>A value runs to the next space or closing brace, and list items are separated by spaces,
 * so values that contain spaces (identities such as {@code "CN=a b"}) are not supported. The
 * result maps a key to a {@code String}, a {@code List<String>} or a nested {@code Map}.
 */
final class ViciRawParser {

    private final String text;
    private int position;

    private ViciRawParser(String text) {
        this.text = text;
    }

    /** Parses every line that starts with {@code messageType}, for example {@code "list-sa event"}. */
    static List<Map<String, Object>> parseMessages(String output, String messageType) {
        List<Map<String, Object>> messages = new ArrayList<>();
        for (String line : output.lines().toList()) {
            if (line.startsWith(messageType + " {")) {
                ViciRawParser parser = new ViciRawParser(line);
                parser.position = messageType.length() + 1;
                messages.add(parser.parseSection());
            }
        }
        return messages;
    }

    private Map<String, Object> parseSection() {
        expect('{');
        Map<String, Object> section = new LinkedHashMap<>();
        while (true) {
            skipSpaces();
            if (peek() == '}') {
                position++;
                return section;
            }

            String key = readUntil(" ={}");
            skipSpaces();
            if (peek() == '{') {
                section.put(key, parseSection());
            } else {
                expect('=');
                section.put(key, peek() == '[' ? parseList() : readUntil(" }"));
            }
        }
    }

    private List<String> parseList() {
        expect('[');
        String body = readUntil("]");
        expect(']');
        return body.isBlank() ? List.of() : List.of(body.trim().split(" +"));
    }

    private String readUntil(String stopCharacters) {
        int start = position;
        while (position < text.length() && stopCharacters.indexOf(text.charAt(position)) < 0) {
            position++;
        }
        return text.substring(start, position);
    }

    private void skipSpaces() {
        while (position < text.length() && text.charAt(position) == ' ') {
            position++;
        }
    }

    private char peek() {
        if (position >= text.length()) {
            throw new IllegalArgumentException("vici message ends early: " + text);
        }
        return text.charAt(position);
    }

    private void expect(char expected) {
        if (peek() != expected) {
            throw new IllegalArgumentException("expected '" + expected + "' at offset " + position + " in: " + text);
        }
        position++;
    }
}
