package io.astraclear.node.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The plugin jars this repository's plugin modules built, copied into a fresh directory as an
 * operator would drop them into a node's plugins directory; never on the test's class path.
 */
final class BuiltPluginJars {
    private BuiltPluginJars() {}

    /** The repository root the build passes as {@code astra.root} (failsafe's system properties). */
    static Path repositoryRoot() {
        String root = System.getProperty("astra.root");
        if (root == null || root.isBlank()) {
            throw new AssertionError("system property astra.root is not set: run the ITs through Maven (failsafe sets it) or pass -Dastra.root=/path/to/repo");
        }
        return Path.of(root).toAbsolutePath().normalize();
    }

    /** A new directory with the built jar of every named module ({@code plugins/<module>}). */
    static Path directory(String... modules) throws IOException {
        Path directory = Files.createTempDirectory("astra-plugins");
        for (String module : modules) {
            Path target = repositoryRoot().resolve("plugins").resolve(module).resolve("target");
            List<Path> jars;
            try (Stream<Path> files = Files.list(target)) {
                jars = files.filter(file -> file.getFileName().toString().matches("astra-plugin-" + module + "-.*\\.jar")).toList();
            } catch (IOException e) {
                throw new AssertionError(target + " is missing: build the plugins first (./mvnw -pl node-core -am verify runs package before the ITs)", e);
            }
            if (jars.size() != 1) {
                throw new AssertionError("expected one plugin jar of " + module + " in " + target + ", found " + jars);
            }
            Files.copy(jars.getFirst(), directory.resolve(jars.getFirst().getFileName()));
        }
        return directory;
    }
}
