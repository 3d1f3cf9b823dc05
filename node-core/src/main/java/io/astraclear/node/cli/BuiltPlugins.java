package io.astraclear.node.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * The plugin jars built in this repository, gathered into one directory for dev mode, as an
 * operator would drop them into a production node's plugins directory.
 */
final class BuiltPlugins {
    private BuiltPlugins() {}

    static Path directory() {
        Path root = repositoryRoot();
        Path target = root.resolve("target").resolve("plugins");
        try (Stream<Path> modules = Files.list(root.resolve("plugins"))) {
            List<Path> jars = modules.filter(Files::isDirectory)
                    .map(module -> module.resolve("target"))
                    .filter(Files::isDirectory)
                    .flatMap(BuiltPlugins::pluginJars)
                    .toList();
            if (jars.isEmpty()) {
                throw new IllegalStateException("no plugin jars under " + root.resolve("plugins") + "/*/target; build them with ./astra build");
            }
            Files.createDirectories(target);
            for (Path jar : jars) {
                Files.copy(jar, target.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot gather the built plugins into " + target, e);
        }
    }

    private static Stream<Path> pluginJars(Path targetDirectory) {
        try (Stream<Path> files = Files.list(targetDirectory)) {
            return files.filter(file -> file.getFileName().toString().startsWith("astra-plugin-") && file.toString().endsWith(".jar")
                            && !file.getFileName().toString().startsWith("original-"))
                    .toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path repositoryRoot() {
        String property = System.getProperty("astra.root", System.getenv("ASTRA_ROOT"));
        if (property != null) {
            return Path.of(property).toAbsolutePath();
        }
        Path directory = Path.of("").toAbsolutePath();
        while (directory != null) {
            if (Files.isRegularFile(directory.resolve("mvnw")) && Files.isDirectory(directory.resolve("plugins"))) {
                return directory;
            }
            directory = directory.getParent();
        }
        throw new IllegalStateException("cannot find the astra-clear repository root; run from inside it or set ASTRA_ROOT");
    }
}
