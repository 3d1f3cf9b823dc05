package io.astraclear.node.plugins;

/**
 * The node cannot start with the plugins it has: a configured plugin is missing, or a jar in the
 * plugins directory is broken. The message names the plugin or jar and says what is available.
 */
public final class PluginStartupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PluginStartupException(String message) {
        super(message);
    }

    public PluginStartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
