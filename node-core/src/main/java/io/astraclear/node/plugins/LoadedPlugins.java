package io.astraclear.node.plugins;

import io.astraclear.node.config.NodeConfig;
import io.astraclear.ports.netting.NettingStrategy;
import io.astraclear.ports.signing.SignerProvider;

/**
 * The plugins a node runs with: every jar of {@code plugins.directory} loaded, and the signer
 * provider ({@code plugins.signer}) and netting strategy ({@code plugins.netting}) selected. Built
 * at start-up, before anything else; a missing or broken plugin fails {@link #load} with a
 * {@link PluginStartupException} that names it.
 */
public final class LoadedPlugins implements AutoCloseable {
    private final PluginHost host;
    private final SignerProvider signerProvider;
    private final NettingStrategy nettingStrategy;

    private LoadedPlugins(PluginHost host, SignerProvider signerProvider, NettingStrategy nettingStrategy) {
        this.host = host;
        this.signerProvider = signerProvider;
        this.nettingStrategy = nettingStrategy;
    }

    public static LoadedPlugins load(NodeConfig.Plugins configuration) {
        PluginHost host = PluginHost.start(configuration.directory());
        try {
            return new LoadedPlugins(host,
                    host.signerProvider(configuration.signerProvider()),
                    host.nettingStrategy(configuration.nettingStrategy()));
        } catch (RuntimeException e) {
            host.close();
            throw e;
        }
    }

    public SignerProvider signerProvider() {
        return signerProvider;
    }

    public NettingStrategy nettingStrategy() {
        return nettingStrategy;
    }

    /** The plugin the netting strategy came from, for the round's audit record and messages. */
    public PluginInfo nettingPlugin() {
        return host.pluginOf(nettingStrategy).orElseThrow();
    }

    public PluginInfo signerPlugin() {
        return host.pluginOf(signerProvider).orElseThrow();
    }

    /** All loaded plugins, for the API's and the log's plugin listing. */
    public PluginHost host() {
        return host;
    }

    @Override
    public void close() {
        host.close();
    }
}
