package io.astraclear.contracts.devnet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.web3j.crypto.Credentials;

/**
 * A local anvil EVM node, started from the pinned npm package, listening on loopback only.
 * {@link #close()} stops it; a JVM shutdown hook stops it too if the JVM exits first, so no anvil
 * outlives a crashed test run.
 *
 * <pre>{@code
 * try (AnvilNode anvil = AnvilNode.builder().chainId(1001).start()) {
 *     Web3j web3j = JsonRpcHttp.connect(anvil.rpcUrl());
 *     Credentials owner = anvil.credentials(0);
 * }
 * }</pre>
 */
public final class AnvilNode implements AutoCloseable {
    /** anvil's default chain id. */
    public static final long DEFAULT_CHAIN_ID = 31337;
    public static final String LOOPBACK_HOST = "127.0.0.1";

    private static final String ANVIL_PROPERTY = "astra.anvil";
    private static final String ANVIL_ENVIRONMENT = "ASTRA_ANVIL";
    private static final String ANVIL_IN_REPOSITORY = "node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil";
    private static final Duration READINESS_POLL_INTERVAL = Duration.ofMillis(20);
    private static final Duration READINESS_REQUEST_TIMEOUT = Duration.ofSeconds(2);
    private static final Pattern CHAIN_ID_RESULT = Pattern.compile("\"result\"\\s*:\\s*\"0x([0-9a-fA-F]+)\"");

    private final Process process;
    private final int port;
    private final long chainId;
    private final List<DevAccount> accounts;
    private final Path logFile;
    private final boolean deleteLogOnClose;
    private final Duration shutdownTimeout;
    private final Thread shutdownHook;
    private volatile boolean closed;

    private AnvilNode(Process process, Thread shutdownHook, int port, Builder options, Path logFile) {
        this.process = process;
        this.shutdownHook = shutdownHook;
        this.port = port;
        this.chainId = options.chainId;
        this.accounts = DevAccounts.derive(options.accountCount);
        this.logFile = logFile;
        this.deleteLogOnClose = options.logFile == null;
        this.shutdownTimeout = options.shutdownTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A fresh chain with anvil's defaults (chain id 31337, instant mining) on a free loopback port. */
    public static AnvilNode start() {
        return builder().start();
    }

    /** The HTTP JSON-RPC endpoint, e.g. {@code http://127.0.0.1:40123}. */
    public String rpcUrl() {
        return "http://" + LOOPBACK_HOST + ":" + port;
    }

    public int port() {
        return port;
    }

    public long chainId() {
        return chainId;
    }

    /** The pre-funded development accounts (10000 ETH each on a fresh chain). */
    public List<DevAccount> accounts() {
        return accounts;
    }

    public DevAccount account(int index) {
        Objects.checkIndex(index, accounts.size());
        return accounts.get(index);
    }

    public Credentials credentials(int index) {
        return account(index).credentials();
    }

    /** anvil's stdout and stderr (after start-up only when not silent); deleted on close unless the builder named it. */
    public Path logFile() {
        return logFile;
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** Stops anvil: SIGTERM first (it writes {@code --dump-state} then), forcibly after the shutdown timeout. */
    @Override
    public void close() {
        stopProcess();
        removeShutdownHook(shutdownHook);
        if (deleteLogOnClose) {
            try {
                Files.deleteIfExists(logFile);
            } catch (IOException ignored) {
                // a temp file we could not delete is not worth failing a close for
            }
        }
    }

    private synchronized void stopProcess() {
        if (closed) {
            return;
        }
        closed = true;
        destroyAndWait(process, shutdownTimeout);
    }

    private static void removeShutdownHook(Thread shutdownHook) {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shutdownInProgress) {
            // the hook is running or about to: nothing left to undo
        }
    }

    private static void destroyAndWait(Process process, Duration shutdownTimeout) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        boolean interrupted = false;
        try {
            if (!process.waitFor(shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            interrupted = true;
            process.destroyForcibly();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "AnvilNode[" + rpcUrl() + ", chainId " + chainId + ", pid " + process.pid() + "]";
    }

    /** Finds the anvil binary: system property, environment, then the repository's node_modules. */
    public static Path locateExecutable() {
        String configured = System.getProperty(ANVIL_PROPERTY);
        String source = "system property " + ANVIL_PROPERTY;
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(ANVIL_ENVIRONMENT);
            source = "environment variable " + ANVIL_ENVIRONMENT;
        }
        Path executable;
        if (configured != null && !configured.isBlank()) {
            executable = Path.of(configured);
        } else {
            Path root = RepositoryRoot.locate();
            executable = root.resolve(ANVIL_IN_REPOSITORY);
            source = "the repository root " + root;
        }
        if (!Files.isExecutable(executable)) {
            throw new IllegalStateException("anvil not found at " + executable + " (from " + source
                    + "). It comes from the pinned npm package @foundry-rs/anvil-linux-amd64: run `npm ci` at the repository root.");
        }
        return executable;
    }

    /** Options of one anvil process. Host is always 127.0.0.1. */
    public static final class Builder {
        private Path executable;
        private int port;
        private long chainId = DEFAULT_CHAIN_ID;
        private long blockTimeSeconds;
        private Long blockGasLimit;
        private int accountCount = 10;
        private Path state;
        private Path dumpState;
        private Path loadState;
        private boolean silent = true;
        private Path logFile;
        private Duration startupTimeout = Duration.ofSeconds(30);
        private Duration shutdownTimeout = Duration.ofSeconds(10);
        private final List<String> extraArguments = new ArrayList<>();

        private Builder() {}

        /** The anvil binary; default {@link #locateExecutable()}. */
        public Builder executable(Path executable) {
            this.executable = Objects.requireNonNull(executable, "executable");
            return this;
        }

        /** A fixed port; 0 (the default) lets the operating system pick a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be in 0..65535, got " + port);
            }
            this.port = port;
            return this;
        }

        public Builder chainId(long chainId) {
            if (chainId < 1) {
                throw new IllegalArgumentException("chain id must be positive, got " + chainId);
            }
            this.chainId = chainId;
            return this;
        }

        /** Interval mining every so many seconds; 0 (the default) mines each transaction at once. */
        public Builder blockTimeSeconds(long blockTimeSeconds) {
            if (blockTimeSeconds < 0) {
                throw new IllegalArgumentException("block time must not be negative, got " + blockTimeSeconds);
            }
            this.blockTimeSeconds = blockTimeSeconds;
            return this;
        }

        /** The block gas limit; anvil's default is 30 million. */
        public Builder blockGasLimit(long blockGasLimit) {
            if (blockGasLimit < 21_000) {
                throw new IllegalArgumentException("block gas limit must be at least 21000, got " + blockGasLimit);
            }
            this.blockGasLimit = blockGasLimit;
            return this;
        }

        /** How many dev accounts anvil funds (default 10). */
        public Builder accounts(int accountCount) {
            if (accountCount < 1 || accountCount > 1_000) {
                throw new IllegalArgumentException("account count must be in 1..1000, got " + accountCount);
            }
            this.accountCount = accountCount;
            return this;
        }

        /** {@code --state}: load the chain from this file if it exists, write it back on exit. */
        public Builder state(Path state) {
            this.state = Objects.requireNonNull(state, "state");
            return this;
        }

        /** {@code --dump-state}: write the chain to this file on exit. */
        public Builder dumpState(Path dumpState) {
            this.dumpState = Objects.requireNonNull(dumpState, "dumpState");
            return this;
        }

        /** {@code --load-state}: start from a chain written by {@code --dump-state}. */
        public Builder loadState(Path loadState) {
            this.loadState = Objects.requireNonNull(loadState, "loadState");
            return this;
        }

        /**
         * Silent (the default): after start-up anvil's output, which names every request and block,
         * is dropped; otherwise it goes on into the log file.
         */
        public Builder silent(boolean silent) {
            this.silent = silent;
            return this;
        }

        /** Keep anvil's output in this file; by default it goes to a temp file deleted on close. */
        public Builder logFile(Path logFile) {
            this.logFile = Objects.requireNonNull(logFile, "logFile");
            return this;
        }

        /** How long to wait for {@code eth_chainId} to answer (default 30 s). */
        public Builder startupTimeout(Duration startupTimeout) {
            this.startupTimeout = requirePositive(startupTimeout, "startup timeout");
            return this;
        }

        /** How long close() waits after SIGTERM before it kills anvil (default 10 s). */
        public Builder shutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = requirePositive(shutdownTimeout, "shutdown timeout");
            return this;
        }

        /** Further anvil flags, e.g. {@code --hardfork london}; --host and --port are managed here. */
        public Builder extraArguments(String... arguments) {
            for (String argument : arguments) {
                String flag = Objects.requireNonNull(argument, "argument");
                if (flag.equals("--host") || flag.startsWith("--host=") || flag.equals("--port") || flag.startsWith("--port=")
                        || flag.equals("-p")) {
                    throw new IllegalArgumentException("host and port are set by the builder, not by extra arguments: " + flag);
                }
                extraArguments.add(flag);
            }
            return this;
        }

        /**
         * Starts anvil and returns once it answers {@code eth_chainId} with the configured chain id.
         * With port 0 anvil binds a port the operating system picks, and says which: no other
         * process can take it between choosing and binding, so there is nothing to retry.
         */
        public AnvilNode start() {
            Path binary = executable != null ? executable : locateExecutable();
            long deadline = System.nanoTime() + startupTimeout.toNanos();
            Path output = prepareLogFile();
            Process process;
            try {
                process = new ProcessBuilder(command(binary))
                        .redirectErrorStream(true)
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start anvil " + binary, e);
            }
            // from here on, a JVM that exits for any reason takes anvil with it
            Thread shutdownHook = new Thread(() -> destroyAndWait(process, shutdownTimeout), "anvil-shutdown-" + process.pid());
            Runtime.getRuntime().addShutdownHook(shutdownHook);
            AnvilOutput anvilOutput = AnvilOutput.follow(process, output, silent);
            boolean ready = false;
            try {
                // anvil prints its address after binding it: the port it names is its own, not another node's
                int listenPort;
                try {
                    listenPort = anvilOutput.awaitListeningPort(deadline - System.nanoTime());
                } catch (IllegalStateException notListening) {
                    String address = port == 0 ? "a free loopback port" : LOOPBACK_HOST + ":" + port;
                    throw new IllegalStateException("anvil could not listen on " + address + ": " + notListening.getMessage(), notListening);
                }
                awaitChainId(process, listenPort, deadline, anvilOutput);
                AnvilNode node = new AnvilNode(process, shutdownHook, listenPort, this, output);
                ready = true;
                return node;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting anvil", e);
            } finally {
                if (!ready) {
                    destroyAndWait(process, shutdownTimeout);
                    removeShutdownHook(shutdownHook);
                    if (logFile == null) {
                        deleteQuietly(output);
                    }
                }
            }
        }

        private List<String> command(Path binary) {
            List<String> command = new ArrayList<>();
            command.add(binary.toString());
            command.addAll(List.of("--host", LOOPBACK_HOST, "--port", Integer.toString(port)));
            command.addAll(List.of("--chain-id", Long.toString(chainId)));
            command.addAll(List.of("--accounts", Integer.toString(accountCount)));
            if (blockTimeSeconds > 0) {
                command.addAll(List.of("--block-time", Long.toString(blockTimeSeconds)));
            }
            if (blockGasLimit != null) {
                command.addAll(List.of("--gas-limit", Long.toString(blockGasLimit)));
            }
            if (state != null) {
                command.addAll(List.of("--state", state.toString()));
            }
            if (dumpState != null) {
                command.addAll(List.of("--dump-state", dumpState.toString()));
            }
            if (loadState != null) {
                command.addAll(List.of("--load-state", loadState.toString()));
            }
            // never --silent: the "Listening on" line is how we learn the port; silence is applied to the log
            command.addAll(extraArguments);
            return command;
        }

        private Path prepareLogFile() {
            try {
                if (logFile != null) {
                    Path parent = logFile.toAbsolutePath().getParent();
                    if (parent != null) {
                        Files.createDirectories(parent);
                    }
                    return logFile;
                }
                return Files.createTempFile("anvil-", ".log");
            } catch (IOException e) {
                throw new UncheckedIOException("could not create anvil's log file", e);
            }
        }

        /** Polls until anvil answers: a readiness probe of an external process, not a wait for an event. */
        private void awaitChainId(Process process, int listenPort, long deadline, AnvilOutput anvilOutput)
                throws InterruptedException {
            URI endpoint = URI.create("http://" + LOOPBACK_HOST + ":" + listenPort);
            HttpRequest request = HttpRequest.newBuilder(endpoint)
                    .timeout(READINESS_REQUEST_TIMEOUT)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\",\"params\":[]}"))
                    .build();
            try (HttpClient client = HttpClient.newBuilder()
                    // plain HTTP/1.1: no h2c upgrade attempt for anvil to puzzle over
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(READINESS_REQUEST_TIMEOUT)
                    .build()) {
                while (true) {
                    if (!process.isAlive()) {
                        anvilOutput.awaitEnd(shutdownTimeout.toMillis());
                        throw new IllegalStateException("anvil exited with status " + process.exitValue()
                                + " before it answered on " + endpoint + ". Its output:\n" + anvilOutput.text());
                    }
                    Long answered = queryChainId(client, request);
                    if (answered != null) {
                        if (answered != chainId) {
                            throw new IllegalStateException("anvil on " + endpoint + " answers chain id " + answered
                                    + ", expected " + chainId);
                        }
                        return;
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("anvil did not answer eth_chainId on " + endpoint + " within "
                                + startupTimeout + ". Its output:\n" + anvilOutput.text());
                    }
                    Thread.sleep(READINESS_POLL_INTERVAL);
                }
            }
        }

        private static Long queryChainId(HttpClient client, HttpRequest request) throws InterruptedException {
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                Matcher result = CHAIN_ID_RESULT.matcher(response.body());
                return response.statusCode() == 200 && result.find() ? Long.parseLong(result.group(1), 16) : null;
            } catch (IOException notListeningYet) {
                return null;
            }
        }

        private static Duration requirePositive(Duration duration, String what) {
            if (duration == null || duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, got " + duration);
            }
            return duration;
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // best effort for a temp file
        }
    }
}
