package io.astraclear.contracts.devnet;

import java.nio.file.Files;
import java.nio.file.Path;

/** The astra-clear checkout: where package.json (the pinned npm tools) and mvnw live. */
public final class RepositoryRoot {
    private static final String ROOT_PROPERTY = "astra.root";

    private RepositoryRoot() {}

    /** System property {@code astra.root}, else the nearest directory above the working directory holding both. */
    public static Path locate() {
        String configured = System.getProperty(ROOT_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path start = Path.of("").toAbsolutePath();
        for (Path directory = start; directory != null; directory = directory.getParent()) {
            if (Files.isRegularFile(directory.resolve("package.json")) && Files.isRegularFile(directory.resolve("mvnw"))) {
                return directory;
            }
        }
        throw new IllegalStateException("cannot find the astra-clear repository root (a directory with package.json and mvnw) above "
                + start + "; set the system property " + ROOT_PROPERTY);
    }
}
