package org.ikec.loadtest.engine;

/** An inclusive range of UDP ports, written {@code 500} or {@code 40000-40063}. */
public record PortRange(int first, int last) {

    public PortRange {
        if (first < 1 || last > 65_535) {
            throw new IllegalArgumentException("invalid port range " + first + "-" + last + "; ports are 1 to 65535");
        }
        if (first > last) {
            throw new IllegalArgumentException("the port range " + first + "-" + last + " ends before it starts");
        }
    }

    /** Parses {@code P} or {@code P-Q}. */
    public static PortRange parse(String text) {
        String[] ends = text.split("-", -1);
        if (ends.length > 2) {
            throw new IllegalArgumentException("invalid port range '" + text + "'; expected PORT or PORT-PORT");
        }
        int first = port(ends[0], text);
        int last = ends.length == 2 ? port(ends[1], text) : first;
        return new PortRange(first, last);
    }

    private static int port(String text, String range) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid port '" + text + "' in '" + range + "'; expected a number from 1 to 65535");
        }
    }

    public int size() {
        return last - first + 1;
    }

    @Override
    public String toString() {
        return first == last ? Integer.toString(first) : first + "-" + last;
    }
}
