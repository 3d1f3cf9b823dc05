package io.astraclear.node.plugins;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A plugin jar the host loaded and started.
 *
 * @param id         {@code Plugin-Id} of its manifest, e.g. {@code netting-bilateral}
 * @param version    {@code Plugin-Version}
 * @param provider   {@code Plugin-Provider}, may be empty
 * @param jar        the jar it was loaded from
 * @param extensions what it provides, in class-name order
 */
public record PluginInfo(String id, String version, String provider, Path jar, List<PluginExtension> extensions) {
    public PluginInfo {
        if (id == null || version == null || jar == null) {
            throw new IllegalArgumentException("a loaded plugin needs an id, a version and its jar");
        }
        provider = provider == null ? "" : provider;
        extensions = List.copyOf(extensions);
    }

    /** Which extension points it fills: signer, netting, or both. */
    public Set<PluginKind> kinds() {
        Set<PluginKind> kinds = EnumSet.noneOf(PluginKind.class);
        extensions.forEach(extension -> kinds.add(extension.kind()));
        return kinds;
    }

    /** e.g. {@code plugin netting-bilateral 0.1.0 (astra-plugin-netting-bilateral-0.1.0.jar)}. */
    public String describe() {
        return "plugin " + id + " " + version + " (" + jar.getFileName() + ")";
    }
}
