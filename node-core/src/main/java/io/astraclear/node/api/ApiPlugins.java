package io.astraclear.node.api;

import io.astraclear.node.plugins.LoadedPlugins;
import io.astraclear.node.plugins.PluginExtension;
import io.astraclear.node.plugins.PluginInfo;
import io.astraclear.node.plugins.PluginKind;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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

    JsonObject toJson() {
        JsonArray items = new JsonArray();
        for (PluginInfo plugin : loaded) {
            JsonArray extensions = new JsonArray();
            boolean pluginActive = false;
            for (PluginExtension extension : plugin.extensions()) {
                boolean active = isActive(plugin, extension);
                pluginActive |= active;
                extensions.add(new JsonObject().put("kind", extension.kind().name()).put("id", extension.id())
                        .put("version", extension.version()).put("active", active));
            }
            items.add(new JsonObject()
                    .put("id", plugin.id())
                    .put("version", plugin.version())
                    .put("provider", plugin.provider())
                    .put("jar", plugin.jar().getFileName().toString())
                    .put("kinds", new JsonArray(plugin.kinds().stream().map(kind -> (Object) kind.name()).toList()))
                    .put("active", pluginActive)
                    .put("extensions", extensions));
        }
        return new JsonObject()
                .put("active", new JsonObject().put("signer", active(signer)).put("netting", active(netting)))
                .put("items", items);
    }

    private static JsonObject active(Active active) {
        return new JsonObject().put("id", active.id()).put("version", active.version()).put("plugin", active.pluginId());
    }
}
