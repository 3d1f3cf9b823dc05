package io.astraclear.contracts.devnet;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Follows anvil's output on a daemon thread: learns the port anvil bound from its
 * {@code Listening on 127.0.0.1:<port>} line, and copies the output to the log file (after start-up
 * only when not silent). Reading the pipe also keeps anvil from blocking on a full one.
 */
final class AnvilOutput {
    private static final Pattern LISTENING = Pattern.compile("Listening on 127\\.0\\.0\\.1:(\\d+)");

    private final Path logFile;
    private final boolean silentAfterStart;
    private final CompletableFuture<Integer> listeningPort = new CompletableFuture<>();
    private final Thread reader;

    private AnvilOutput(Process process, Path logFile, boolean silentAfterStart) {
        this.logFile = logFile;
        this.silentAfterStart = silentAfterStart;
        this.reader = Thread.ofPlatform().daemon().name("anvil-output-" + process.pid()).unstarted(() -> follow(process));
    }

    static AnvilOutput follow(Process process, Path logFile, boolean silentAfterStart) {
        AnvilOutput output = new AnvilOutput(process, logFile, silentAfterStart);
        output.reader.start();
        return output;
    }

    /**
     * The port anvil listens on, once it says so.
     *
     * @throws IllegalStateException when anvil exits first, or says nothing within the timeout
     */
    int awaitListeningPort(long timeoutNanos) throws InterruptedException {
        try {
            return listeningPort.get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("anvil did not report a listening address in time. Its output:\n" + text());
        }
    }

    /** Waits for the process's output to end (after it exited), so the log is complete. */
    void awaitEnd(long timeoutMillis) throws InterruptedException {
        reader.join(timeoutMillis);
    }

    String text() {
        try {
            return Files.readString(logFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(could not read " + logFile + ": " + e.getMessage() + ")";
        }
    }

    private void follow(Process process) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                BufferedWriter log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8)) {
            String line;
            while ((line = lines.readLine()) != null) {
                boolean starting = !listeningPort.isDone();
                if (starting || !silentAfterStart) {
                    log.write(line);
                    log.newLine();
                    log.flush();
                }
                Matcher listening = LISTENING.matcher(line);
                if (starting && listening.find()) {
                    listeningPort.complete(Integer.parseInt(listening.group(1)));
                }
            }
        } catch (IOException e) {
            listeningPort.completeExceptionally(new IllegalStateException("could not follow anvil's output: " + e.getMessage(), e));
        }
        // end of output: anvil exited (or closed its output) before saying where it listens
        listeningPort.completeExceptionally(new IllegalStateException(
                "anvil exited before it listened. Its output:\n" + text()));
    }
}
