package io.astraclear.node.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.ports.netting.NettingStrategy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.pf4j.Extension;

/**
 * Plugin jars for the ITs: the ones this repository's plugin modules built, and third-party ones
 * compiled here from sources under {@code src/test/resources/third-party-plugins/}, the way an
 * outside developer would build them — javac against the astra-ports and pf4j jars only.
 */
final class PluginJars {
    /**
     * The repository root, set by the build (root pom, failsafe {@code systemPropertyVariables}).
     * Built plugin jars are {@code ${astra.root}/plugins/<module>/target/astra-plugin-<module>-<version>.jar}.
     */
    static final String ROOT_PROPERTY = "astra.root";

    private PluginJars() {}

    /** The shaded jar the {@code plugins/<module>} build produced, copied into {@code directory}. */
    static Path copyBuiltPlugin(String module, Path directory) throws IOException {
        String root = System.getProperty(ROOT_PROPERTY);
        assertThat(root).as("system property %s (failsafe sets it; or pass -D%s=/path/to/repo)", ROOT_PROPERTY, ROOT_PROPERTY).isNotNull();
        Path target = Path.of(root, "plugins", module, "target");
        List<Path> jars;
        try (Stream<Path> files = Files.list(target)) {
            jars = files.filter(file -> file.getFileName().toString().matches("astra-plugin-" + module + "-.*\\.jar")).toList();
        } catch (IOException e) {
            throw new AssertionError(target + " is missing: build the plugin first, e.g. ./mvnw -pl node-core -am verify", e);
        }
        assertThat(jars).as("one plugin jar in %s (build with ./mvnw -pl node-core -am verify)", target).hasSize(1);
        return Files.copy(jars.getFirst(), directory.resolve(jars.getFirst().getFileName()));
    }

    /** How to build a third-party plugin jar from {@code third-party-plugins/<sources>}. */
    record ThirdParty(String sources, String pluginId, String pluginClass, boolean runAnnotationProcessor, boolean bundlePorts,
            boolean withManifest) {
        static ThirdParty of(String sources, String pluginId) {
            return new ThirdParty(sources, pluginId, "", true, false, true);
        }

        ThirdParty withPluginClass(String className) {
            return new ThirdParty(sources, pluginId, className, runAnnotationProcessor, bundlePorts, withManifest);
        }

        ThirdParty withoutAnnotationProcessor() {
            return new ThirdParty(sources, pluginId, pluginClass, false, bundlePorts, withManifest);
        }

        ThirdParty bundlingPorts() {
            return new ThirdParty(sources, pluginId, pluginClass, runAnnotationProcessor, true, withManifest);
        }

        ThirdParty withoutPluginManifest() {
            return new ThirdParty(sources, pluginId, pluginClass, runAnnotationProcessor, bundlePorts, false);
        }
    }

    /** Compiles and packages a third-party plugin as {@code <pluginId>-0.1.0.jar} in {@code directory}. */
    static Path buildThirdParty(ThirdParty plugin, Path directory) throws IOException {
        return buildThirdParty(plugin, directory, plugin.pluginId() + "-0.1.0.jar");
    }

    static Path buildThirdParty(ThirdParty plugin, Path directory, String jarName) throws IOException {
        Path work = Files.createTempDirectory("third-party-" + plugin.pluginId());
        Path classes = Files.createDirectories(work.resolve("classes"));
        Path portsJar = codeSourceOf(NettingStrategy.class);
        Path pf4jJar = codeSourceOf(Extension.class);

        List<String> arguments = new ArrayList<>(List.of(
                "--release", "21", "-d", classes.toString(),
                "--class-path", portsJar + java.io.File.pathSeparator + pf4jJar));
        if (plugin.runAnnotationProcessor()) {
            arguments.addAll(List.of("--processor-path", pf4jJar.toString(), "-processor", "org.pf4j.processor.ExtensionAnnotationProcessor"));
        } else {
            arguments.add("-proc:none");
        }
        try (Stream<Path> files = Files.walk(sourcesOf(plugin.sources()))) {
            files.filter(file -> file.toString().endsWith(".java")).map(Path::toString).sorted().forEach(arguments::add);
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac).as("a JDK (not a JRE) runs the tests").isNotNull();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int exitCode = javac.run(null, diagnostics, diagnostics, arguments.toArray(String[]::new));
        assertThat(exitCode).as("javac of %s: %s", plugin.sources(), diagnostics.toString(StandardCharsets.UTF_8)).isZero();

        Path jar = directory.resolve(jarName);
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (plugin.withManifest()) {
            manifest.getMainAttributes().putValue("Plugin-Id", plugin.pluginId());
            manifest.getMainAttributes().putValue("Plugin-Version", "0.1.0");
            manifest.getMainAttributes().putValue("Plugin-Provider", "Example Bank Tech Ltd");
            if (!plugin.pluginClass().isEmpty()) {
                manifest.getMainAttributes().putValue("Plugin-Class", plugin.pluginClass());
            }
        }
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            addTree(classes, out);
            if (plugin.bundlePorts()) {
                addPortsClasses(portsJar, out);
            }
        }
        return jar;
    }

    static Path codeSourceOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path sourcesOf(String name) {
        try {
            return Path.of(PluginJars.class.getResource("/third-party-plugins/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("no sources under third-party-plugins/" + name, e);
        }
    }

    private static void addTree(Path root, JarOutputStream out) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            out.putNextEntry(new JarEntry(root.relativize(file).toString().replace('\\', '/')));
            Files.copy(file, out);
            out.closeEntry();
        }
    }

    /** The astra-ports classes, from its jar or its classes directory, whichever the build put on the class path. */
    private static void addPortsClasses(Path ports, JarOutputStream out) throws IOException {
        if (Files.isDirectory(ports)) {
            addTree(ports, out);
            return;
        }
        try (JarFile jar = new JarFile(ports.toFile())) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                if (entry.isDirectory() || !entry.getName().endsWith(".class")) {
                    continue;
                }
                out.putNextEntry(new JarEntry(entry.getName()));
                try (InputStream in = jar.getInputStream(entry)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
    }
}
