package io.astraclear.node.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The node as a production operator runs it: {@code java -jar node-core/target/astra-node.jar node
 * --config FILE} in a process of its own, its output in a log file.
 */
final class NodeProcess {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final Path log;
    private final int apiPort;
    private final long startedNanos = System.nanoTime();

    private NodeProcess(Process process, Path log, int apiPort) {
        this.process = process;
        this.log = log;
        this.apiPort = apiPort;
    }

    /** The shaded node jar the package phase built. */
    static Path nodeJar() {
        Path jar = BuiltPluginJars.repositoryRoot().resolve("node-core").resolve("target").resolve("astra-node.jar");
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError(jar + " is missing: the package phase builds it (./mvnw -pl node-core -am verify)");
        }
        return jar;
    }

    static NodeProcess start(Path config, int apiPort, Path log) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(List.of(java.toString(), "-Xmx512m", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED",
                "-jar", nodeJar().toString(), "node", "--config", config.toString()))
                .directory(BuiltPluginJars.repositoryRoot().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(variable -> variable.startsWith("ASTRA_")); // the file alone configures it
        return new NodeProcess(builder.start(), log, apiPort);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Duration uptime() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /** Polls {@code GET /health/ready} until it answers 200; fails, with the log's tail, if the process dies or time runs out. */
    void awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the node (pid " + pid() + ") exited with " + process.exitValue() + " before it was ready:\n" + tail());
            }
            try {
                HttpResponse<String> ready = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + "/health/ready"))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
                last = ready.statusCode() + " " + ready.body();
            } catch (IOException e) {
                last = e.toString();
            }
            TimeUnit.MILLISECONDS.sleep(50); // readiness polling period
        }
        throw new AssertionError("the node (pid " + pid() + ") was not ready within " + timeout + " (last answer: " + last + "):\n" + tail());
    }

    /** SIGKILL to the node's JVM (not to anything else), and waits until it is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new AssertionError("the node (pid " + pid() + ") survived SIGKILL for 10 s");
        }
    }

    /** SIGTERM, as a service manager stops it; true if it exited within the bound. */
    boolean stop(Duration timeout) throws InterruptedException {
        process.destroy();
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    int exitValue() {
        return process.exitValue();
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(log " + log + " unreadable: " + e + ")";
        }
    }
}
