package io.astraclear.node.config;

/** The configuration is invalid; the message names the key and says how to fix it. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
