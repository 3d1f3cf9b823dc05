package io.astraclear.node.plugins;

/** One extension a plugin provides: its kind, the id configuration selects it by, its version. */
public record PluginExtension(PluginKind kind, String id, String version, String className) {
    public PluginExtension {
        if (kind == null || id == null || id.isBlank() || version == null || className == null) {
            throw new IllegalArgumentException("plugin extension needs a kind, an id, a version and a class name");
        }
    }

    @Override
    public String toString() {
        return kind.label() + " " + id + " " + version;
    }
}
