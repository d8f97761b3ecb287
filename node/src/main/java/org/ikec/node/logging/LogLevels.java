package org.ikec.node.logging;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;

/**
 * Reads and sets the level of each log group at run time. A group is a subsystem logger
 * {@code org.ikec.<subsystem>}; a level set here lasts until the next change or restart.
 */
public final class LogLevels {

    /** The subsystems whose levels can be set, in the order {@link #current} lists them. */
    public static final List<String> SUBSYSTEMS = List.of("ike", "enc", "net", "cfg", "cluster", "snmp", "radius");

    private static final List<String> LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");
    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger("org.ikec.cluster");

    private LogLevels() {
    }

    /**
     * Sets the level of one subsystem's logger.
     *
     * @param level one of TRACE, DEBUG, INFO, WARN, ERROR, OFF, in any case
     * @throws IllegalArgumentException for an unknown subsystem or level, with a message naming the valid ones
     */
    public static void set(String subsystem, String level) {
        if (!SUBSYSTEMS.contains(subsystem)) {
            throw new IllegalArgumentException("unknown log subsystem '" + subsystem + "'; expected one of "
                    + String.join(", ", SUBSYSTEMS));
        }
        String upper = level.toUpperCase(Locale.ROOT);
        if (!LEVELS.contains(upper)) {
            throw new IllegalArgumentException("unknown log level '" + level + "'; expected one of "
                    + String.join(", ", LEVELS));
        }

        Logger logger = logger(subsystem);
        String previous = logger.getEffectiveLevel().toString();
        logger.setLevel(Level.toLevel(upper));

        LOG.info("log level of {} changed from {} to {}", subsystem, previous, upper);
    }

    /** Returns each subsystem's effective level, such as {@code ike=INFO}, in {@link #SUBSYSTEMS} order. */
    public static Map<String, String> current() {
        Map<String, String> levels = new LinkedHashMap<>();
        for (String subsystem : SUBSYSTEMS) {
            levels.put(subsystem, logger(subsystem).getEffectiveLevel().toString());
        }
        return levels;
    }

    private static Logger logger(String subsystem) {
        return (Logger) LoggerFactory.getLogger("org.ikec." + subsystem);
    }
}
