package io.astraclear.node.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The dashboard in a real browser: Debian's Chromium, driven by playwright-core (npm) from
 * {@code src/test/browser/dashboard-check.mjs}, against a real dev network and node. The script
 * signs in with the admin token, sends transfers through the API and waits for them to reach
 * EXECUTED on the page, runs netting from the page, and tries a bad token. Screenshots go to
 * {@code target/screenshots/}. A missing Chromium fails the test with how to install it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardIT {
    private static final Duration BROWSER_RUN_TIMEOUT = Duration.ofMinutes(5);
    private static final Path DEFAULT_CHROMIUM = Path.of("/usr/bin/chromium");

    private final Path root = Path.of(System.getProperty("astra.root", "..")).toAbsolutePath().normalize();
    private DevNodeHarness harness;
    private Path chromium;

    @BeforeAll
    void startNode() throws Exception {
        chromium = chromium(); // before the network starts: a missing browser fails at once
        harness = DevNodeHarness.start(2, "memory", Files.createTempDirectory("astra-dashboard"));
        harness.awaitCaughtUp();
    }

    @AfterAll
    void stopNode() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void operatorSeesTransfersExecuteLiveRunsNettingAndBadTokenIsRejected() throws Exception {
        Path script = root.resolve("node-core/src/test/browser/dashboard-check.mjs");
        if (!Files.isDirectory(root.resolve("node_modules/playwright-core"))) {
            fail("playwright-core is not installed under " + root.resolve("node_modules") + "; run 'npm ci' in " + root + " (./astra test does)");
        }
        Path screenshots = root.resolve("node-core/target/screenshots");
        Files.createDirectories(screenshots);

        ProcessBuilder builder = new ProcessBuilder("node", script.toString()).directory(root.toFile()).redirectErrorStream(true);
        builder.environment().put("ASTRA_URL", harness.apiUrl());
        builder.environment().put("ASTRA_TOKEN", harness.network.adminToken());
        builder.environment().put("ASTRA_CHROMIUM", chromium.toString());
        builder.environment().put("ASTRA_SCREENSHOTS", screenshots.toString());
        // never let Playwright fetch a browser of its own
        builder.environment().put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        Process process = builder.start();
        List<String> output = new ArrayList<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                lines.lines().forEach(line -> {
                    System.out.println(line);
                    synchronized (output) {
                        output.add(line);
                    }
                });
            } catch (Exception ignored) {
                // the process ended; what it printed is already kept
            }
        });
        if (!process.waitFor(BROWSER_RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            fail("the browser check did not finish within " + BROWSER_RUN_TIMEOUT);
        }
        reader.join(Duration.ofSeconds(10));
        String printed;
        synchronized (output) {
            printed = String.join("\n", output);
        }
        assertThat(process.exitValue()).as("browser check (screenshots in %s):%n%s", screenshots, printed).isZero();
        assertThat(printed).contains("all checks passed");
        assertThat(screenshots.resolve("03-after-netting-1280x800.png")).exists();
    }

    private static Path chromium() {
        String configured = System.getenv("ASTRA_CHROMIUM");
        Path chromium = configured == null || configured.isBlank() ? DEFAULT_CHROMIUM : Path.of(configured);
        if (!Files.isExecutable(chromium)) {
            fail("Chromium not found at " + chromium + ". The dashboard test needs Debian's chromium: "
                    + "'apt-get update && apt-get install -y chromium' (./astra test does this when run as root), "
                    + "or set ASTRA_CHROMIUM to a Chromium binary.");
        }
        return chromium;
    }
}
