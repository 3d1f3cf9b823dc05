package io.astraclear.node.plugins;

import io.astraclear.ports.netting.NettingStrategy;
import io.astraclear.ports.signing.SignerProvider;

/** The extension points a plugin can fill, with the configuration key that selects one by id. */
public enum PluginKind {
    SIGNER(SignerProvider.class, "signer provider", "plugins.signer"),
    NETTING(NettingStrategy.class, "netting strategy", "plugins.netting");

    private final Class<?> extensionPoint;
    private final String label;
    private final String configurationKey;

    PluginKind(Class<?> extensionPoint, String label, String configurationKey) {
        this.extensionPoint = extensionPoint;
        this.label = label;
        this.configurationKey = configurationKey;
    }

    public Class<?> extensionPoint() {
        return extensionPoint;
    }

    /** Human name used in messages, e.g. {@code netting strategy}. */
    public String label() {
        return label;
    }

    /** The node's YAML key that selects an extension of this kind by id. */
    public String configurationKey() {
        return configurationKey;
    }
}
