package io.astraclear.node.plugins;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The extensions of one kind that the loaded plugins provide, and selection by id. A configured id
 * matches an extension id ({@code bilateral}); failing that, the id of a plugin that provides
 * exactly one extension of this kind ({@code netting-bilateral}). Anything else fails with a
 * message naming the id and listing what is available.
 */
final class ExtensionCatalog<T> {
    record Entry<T>(PluginInfo plugin, PluginExtension extension, T instance) {}

    private final PluginKind kind;
    private final Path directory;
    private final List<Entry<T>> entries;

    ExtensionCatalog(PluginKind kind, Path directory, List<Entry<T>> entries) {
        this.kind = kind;
        this.directory = directory;
        this.entries = List.copyOf(entries);
    }

    List<Entry<T>> entries() {
        return entries;
    }

    T select(String id) {
        return selectEntry(id).instance();
    }

    Entry<T> selectEntry(String id) {
        if (id == null || id.isBlank()) {
            throw new PluginStartupException("no " + kind.label() + " is configured: set " + kind.configurationKey()
                    + " to one of " + available());
        }
        List<Entry<T>> byExtensionId = entries.stream().filter(entry -> entry.extension().id().equals(id)).toList();
        if (byExtensionId.size() == 1) {
            return byExtensionId.getFirst();
        }
        if (byExtensionId.size() > 1) {
            throw new PluginStartupException(kind.label() + " '" + id + "' (" + kind.configurationKey() + ") is provided by more than one plugin: "
                    + describe(byExtensionId) + "; remove all but one of these jars from " + directory);
        }
        List<Entry<T>> byPluginId = entries.stream().filter(entry -> entry.plugin().id().equals(id)).toList();
        if (byPluginId.size() == 1) {
            return byPluginId.getFirst();
        }
        if (byPluginId.size() > 1) {
            throw new PluginStartupException("plugin " + id + " provides more than one " + kind.label() + ": " + describe(byPluginId)
                    + "; set " + kind.configurationKey() + " to one of their ids");
        }
        throw new PluginStartupException(kind.label() + " '" + id + "' (" + kind.configurationKey()
                + ") is not provided by any plugin in " + directory + "; available: " + available());
    }

    private String available() {
        return entries.isEmpty()
                ? "none (drop a plugin jar that provides a " + kind.label() + " into " + directory + ")"
                : describe(entries);
    }

    private static String describe(List<? extends Entry<?>> entries) {
        return entries.stream()
                .map(entry -> entry.extension().id() + " " + entry.extension().version() + " from " + entry.plugin().describe())
                .collect(Collectors.joining(", "));
    }
}
