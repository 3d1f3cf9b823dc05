package io.astraclear.node.api;

import io.astraclear.node.plugins.LoadedPlugins;
import io.astraclear.node.plugins.PluginExtension;
import io.astraclear.node.plugins.PluginInfo;
import io.astraclear.node.plugins.PluginKind;
import java.util.List;

/** The loaded plugins and the active signer provider and netting strategy, as the API shows them. */
public record ApiPlugins(List<PluginInfo> loaded, Active signer, Active netting) {
    /** An active extension: its id and version and the plugin it came from. */
    public record Active(String id, String version, String pluginId) {}

    public ApiPlugins {
        loaded = List.copyOf(loaded);
    }

    public static ApiPlugins of(LoadedPlugins plugins) {
        return new ApiPlugins(plugins.host().plugins(),
                new Active(plugins.signerProvider().id(), plugins.signerProvider().version(), plugins.signerPlugin().id()),
                new Active(plugins.nettingStrategy().id(), plugins.nettingStrategy().version(), plugins.nettingPlugin().id()));
    }

    boolean isActive(PluginInfo plugin, PluginExtension extension) {
        Active active = extension.kind() == PluginKind.SIGNER ? signer : netting;
        return active.pluginId().equals(plugin.id()) && active.id().equals(extension.id());
    }
}
