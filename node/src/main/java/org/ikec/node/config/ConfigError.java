package org.ikec.node.config;

/**
 * A mistake in the node's configuration, with the HOCON path it sits at and what to do about it.
 * The node prints {@link #getMessage()} and exits with status 2, without a stack trace.
 */
public final class ConfigError extends RuntimeException {

    private final String path;

    public ConfigError(String path, String problem) {
        super(path + ": " + problem);
        this.path = path;
    }

    public String path() {
        return path;
    }
}
