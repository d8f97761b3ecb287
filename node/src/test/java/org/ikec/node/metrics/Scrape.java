package org.ikec.node.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One Prometheus text-format scrape parsed into series, each named by metric and sorted labels. */
public record Scrape(Map<String, Double> series) {

    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    static Scrape parse(String text) {
        Map<String, Double> series = new TreeMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line.trim());
            if (!sample.matches()) {
                throw new AssertionError("not a Prometheus sample line: " + line);
            }
            series.put(key(sample.group(1), sample.group(3) == null ? "" : sample.group(3)),
                    Double.parseDouble(sample.group(4)));
        }
        return new Scrape(series);
    }

    private static String key(String name, String labels) {
        TreeSet<String> sorted = new TreeSet<>();
        Matcher label = LABEL.matcher(labels);
        while (label.find()) {
            sorted.add(label.group(1) + "=" + label.group(2));
        }
        return name + sorted;
    }

    /**
     * Returns the value of the series, 0 when the scrape lacks it.
     *
     * @param labels name, value, name, value...
     */
    double value(String name, String... labels) {
        TreeSet<String> sorted = new TreeSet<>();
        for (int i = 0; i < labels.length; i += 2) {
            sorted.add(labels[i] + "=" + labels[i + 1]);
        }
        return series.getOrDefault(name + sorted, 0.0);
    }

    /** Returns the metric names in the scrape, without labels. */
    TreeSet<String> names() {
        TreeSet<String> names = new TreeSet<>();
        for (String key : series.keySet()) {
            names.add(key.substring(0, key.indexOf('[')));
        }
        return names;
    }
}
