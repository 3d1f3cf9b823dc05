package io.astraclear.node.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExtensionCatalogTest {
    private static final Path DIRECTORY = Path.of("/opt/astra/plugins");
    private static final PluginInfo BILATERAL_PLUGIN = plugin("netting-bilateral", "bilateral");
    private static final PluginInfo EXAMPLES_PLUGIN = plugin("examples", "half-bilateral", "noop");

    private final ExtensionCatalog<String> catalog = new ExtensionCatalog<>(PluginKind.NETTING, DIRECTORY, List.of(
            entry(BILATERAL_PLUGIN, 0), entry(EXAMPLES_PLUGIN, 0), entry(EXAMPLES_PLUGIN, 1)));

    @Test
    void selectsByExtensionId() {
        assertThat(catalog.select("bilateral")).isEqualTo("instance of bilateral");
        assertThat(catalog.select("noop")).isEqualTo("instance of noop");
    }

    @Test
    void selectsByPluginIdWhenThePluginProvidesExactlyOneExtensionOfTheKind() {
        assertThat(catalog.select("netting-bilateral")).isEqualTo("instance of bilateral");
    }

    @Test
    void refusesAPluginIdThatWouldBeAmbiguous() {
        assertThatThrownBy(() -> catalog.select("examples"))
                .isInstanceOf(PluginStartupException.class)
                .hasMessage("plugin examples provides more than one netting strategy: half-bilateral 1.0 from plugin examples 2.0"
                        + " (examples.jar), noop 1.0 from plugin examples 2.0 (examples.jar); set plugins.netting to one of their ids");
    }

    @Test
    void namesTheMissingIdAndListsWhatIsAvailable() {
        assertThatThrownBy(() -> catalog.select("multilateral"))
                .isInstanceOf(PluginStartupException.class)
                .hasMessage("netting strategy 'multilateral' (plugins.netting) is not provided by any plugin in /opt/astra/plugins;"
                        + " available: bilateral 1.0 from plugin netting-bilateral 2.0 (netting-bilateral.jar),"
                        + " half-bilateral 1.0 from plugin examples 2.0 (examples.jar), noop 1.0 from plugin examples 2.0 (examples.jar)");
    }

    @Test
    void saysWhereToDropAJarWhenNothingIsAvailable() {
        ExtensionCatalog<String> empty = new ExtensionCatalog<>(PluginKind.SIGNER, DIRECTORY, List.of());

        assertThatThrownBy(() -> empty.select("secp256k1-bouncycastle"))
                .hasMessage("signer provider 'secp256k1-bouncycastle' (plugins.signer) is not provided by any plugin in"
                        + " /opt/astra/plugins; available: none (drop a plugin jar that provides a signer provider into /opt/astra/plugins)");
        assertThatThrownBy(() -> empty.select(" ")).hasMessageStartingWith("no signer provider is configured: set plugins.signer");
    }

    @Test
    void refusesAnIdThatTwoPluginsProvide() {
        PluginInfo copy = plugin("bilateral-fork", "bilateral");
        ExtensionCatalog<String> twice = new ExtensionCatalog<>(PluginKind.NETTING, DIRECTORY,
                List.of(entry(BILATERAL_PLUGIN, 0), entry(copy, 0)));

        assertThatThrownBy(() -> twice.select("bilateral"))
                .hasMessageContaining("netting strategy 'bilateral' (plugins.netting) is provided by more than one plugin")
                .hasMessageContaining("netting-bilateral.jar")
                .hasMessageContaining("bilateral-fork.jar");
    }

    private static PluginInfo plugin(String id, String... extensionIds) {
        List<PluginExtension> extensions = java.util.Arrays.stream(extensionIds)
                .map(extensionId -> new PluginExtension(PluginKind.NETTING, extensionId, "1.0", "com.example." + extensionId))
                .toList();
        return new PluginInfo(id, "2.0", "example", Path.of("/opt/astra/plugins/" + id + ".jar"), extensions);
    }

    private static ExtensionCatalog.Entry<String> entry(PluginInfo plugin, int index) {
        PluginExtension extension = plugin.extensions().get(index);
        return new ExtensionCatalog.Entry<>(plugin, extension, "instance of " + extension.id());
    }
}
