package org.ikec.node.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

/**
 * Typed access to one section of the HOCON tree that turns every problem into a {@link ConfigError}
 * naming the full path. Keys keep swanctl's spelling ({@code local_ts}, {@code rekey_time}).
 */
final class ConfigReader {

    private static final Pattern DURATION_WITH_UNIT = Pattern.compile("\\s*[0-9]+(\\.[0-9]+)?\\s*[a-zA-Z]+\\s*");

    private final Config config;
    private final String path;

    ConfigReader(Config config, String path) {
        this.config = config;
        this.path = path;
    }

    String path() {
        return path;
    }

    String pathOf(String key) {
        return path.isEmpty() ? ConfigUtil.joinPath(key) : path + "." + ConfigUtil.joinPath(key);
    }

    boolean has(String key) {
        return config.hasPath(ConfigUtil.joinPath(key));
    }

    /** Rejects keys outside {@code known}, suggesting the closest known key to catch typos. */
    void requireKnownKeys(Set<String> known) {
        for (String key : new TreeSet<>(config.root().keySet())) {
            if (!known.contains(key)) {
                throw new ConfigError(pathOf(key), "unknown key" + suggestion(key, known)
                        + "; known keys here: " + String.join(", ", new TreeSet<>(known)));
            }
        }
    }

    private static String suggestion(String key, Set<String> known) {
        return known.stream()
                .filter(candidate -> editDistance(key, candidate) <= 2)
                .min(Comparator.comparingInt((String candidate) -> editDistance(key, candidate)))
                .map(candidate -> "; did you mean '" + candidate + "'?")
                .orElse("");
    }

    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        Arrays.setAll(previous, i -> i);
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    ConfigReader section(String key) {
        ConfigValue value = value(key, "missing; add a " + key + " { ... } section");
        if (value.valueType() != ConfigValueType.OBJECT) {
            throw new ConfigError(pathOf(key), "expected a section { ... }, got a " + typeName(value));
        }
        return new ConfigReader(((ConfigObject) value).toConfig(), pathOf(key));
    }

    /** Returns this section's keys sorted by name, because HOCON does not keep their file order. */
    List<String> keys() {
        return new ArrayList<>(new TreeSet<>(config.root().keySet()));
    }

    String string(String key, String missingHint) {
        ConfigValue value = value(key, missingHint);
        if (value.valueType() == ConfigValueType.OBJECT || value.valueType() == ConfigValueType.LIST
                || value.valueType() == ConfigValueType.NULL) {
            throw new ConfigError(pathOf(key), "expected a string, got a " + typeName(value));
        }
        return String.valueOf(value.unwrapped());
    }

    String stringOr(String key, String fallback) {
        return has(key) ? string(key, "") : fallback;
    }

    /** Reads a list of strings; a single string is split at commas, as swanctl writes lists. */
    List<String> stringList(String key, String missingHint) {
        ConfigValue value = value(key, missingHint);
        List<String> items = new ArrayList<>();
        if (value.valueType() == ConfigValueType.STRING) {
            for (String item : ((String) value.unwrapped()).split(",")) {
                if (!item.isBlank()) {
                    items.add(item.trim());
                }
            }
            return items;
        }
        if (value.valueType() != ConfigValueType.LIST) {
            throw new ConfigError(pathOf(key), "expected a list of strings, got a " + typeName(value));
        }
        for (Object item : (List<?>) value.unwrapped()) {
            if (item instanceof List || item instanceof java.util.Map || item == null) {
                throw new ConfigError(pathOf(key), "expected a list of strings, found an element that is not a string");
            }
            items.add(String.valueOf(item).trim());
        }
        return items;
    }

    List<String> stringListOr(String key, List<String> fallback) {
        return has(key) ? stringList(key, "") : fallback;
    }

    int integer(String key, int min, int max) {
        ConfigValue value = value(key, "missing");
        if (value.valueType() != ConfigValueType.NUMBER || !(value.unwrapped() instanceof Integer)) {
            throw new ConfigError(pathOf(key), "expected a whole number between " + min + " and " + max
                    + ", got " + value.render());
        }
        int number = (Integer) value.unwrapped();
        if (number < min || number > max) {
            throw new ConfigError(pathOf(key), "expected a whole number between " + min + " and " + max
                    + ", got " + number);
        }
        return number;
    }

    boolean bool(String key) {
        ConfigValue value = value(key, "missing; write true or false");
        if (value.valueType() != ConfigValueType.BOOLEAN) {
            throw new ConfigError(pathOf(key), "expected true or false, got " + value.render());
        }
        return (Boolean) value.unwrapped();
    }

    /** Reads a list of sections, each {@code { ... }}; element i is reported as {@code key[i]}. */
    List<ConfigReader> sectionList(String key) {
        ConfigValue value = value(key, "missing; write [] for none");
        if (value.valueType() != ConfigValueType.LIST) {
            throw new ConfigError(pathOf(key), "expected a list of sections [ { ... } ], got a " + typeName(value));
        }
        List<ConfigReader> sections = new ArrayList<>();
        List<?> items = (List<?>) value;
        for (int i = 0; i < items.size(); i++) {
            ConfigValue item = (ConfigValue) items.get(i);
            if (item.valueType() != ConfigValueType.OBJECT) {
                throw new ConfigError(pathOf(key) + "[" + i + "]", "expected a section { ... }, got a " + typeName(item));
            }
            sections.add(new ConfigReader(((ConfigObject) item).toConfig(), pathOf(key) + "[" + i + "]"));
        }
        return sections;
    }

    int integerOr(String key, int min, int max, int fallback) {
        return has(key) ? integer(key, min, max) : fallback;
    }

    double decimal(String key, double min) {
        ConfigValue value = value(key, "missing");
        if (value.valueType() != ConfigValueType.NUMBER) {
            throw new ConfigError(pathOf(key), "expected a number, got " + value.render());
        }
        double number = ((Number) value.unwrapped()).doubleValue();
        if (number < min) {
            throw new ConfigError(pathOf(key), "expected a number of at least " + min + ", got " + number);
        }
        return number;
    }

    /**
     * Reads a duration such as {@code 30s} or {@code 4h}. A bare number is rejected although HOCON
     * would read it as milliseconds, because swanctl reads the same number as seconds.
     */
    Duration duration(String key) {
        ConfigValue value = value(key, "missing");
        String text = String.valueOf(value.unwrapped());
        if (text.strip().startsWith("-")) {
            throw new ConfigError(pathOf(key), "the duration '" + text + "' is negative; write 0s or more");
        }
        if (value.valueType() == ConfigValueType.NUMBER
                || value.valueType() == ConfigValueType.STRING && !DURATION_WITH_UNIT.matcher(text).matches()) {
            throw new ConfigError(pathOf(key), "the duration '" + text
                    + "' has no unit; write it with one, for example 30s, 10m or 4h");
        }
        try {
            return config.getDuration(ConfigUtil.joinPath(key));
        } catch (ConfigException e) {
            throw new ConfigError(pathOf(key), "invalid duration '" + text
                    + "'; use a number and a unit such as ms, s, m, h or d");
        }
    }

    Duration durationOr(String key, Duration fallback) {
        return has(key) ? duration(key) : fallback;
    }

    long bytes(String key) {
        ConfigValue value = value(key, "missing");
        try {
            return config.getBytes(ConfigUtil.joinPath(key));
        } catch (ConfigException e) {
            throw new ConfigError(pathOf(key), "invalid size " + value.render()
                    + "; use a number of bytes or a size such as 4MiB");
        }
    }

    private ConfigValue value(String key, String missingHint) {
        String hoconPath = ConfigUtil.joinPath(key);
        if (!config.hasPathOrNull(hoconPath)) {
            throw new ConfigError(pathOf(key), missingHint);
        }
        return config.root().get(key);
    }

    private static String typeName(ConfigValue value) {
        return switch (value.valueType()) {
            case OBJECT -> "section";
            case LIST -> "list";
            case NUMBER -> "number";
            case BOOLEAN -> "boolean";
            case NULL -> "null";
            case STRING -> "string";
        };
    }
}
