package io.astraclear.contracts.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.astraclear.ports.domain.Address;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.http.HttpService;

class AnvilNodeIT {

    @Test
    void startsOnAFreeLoopbackPortAndAnswersTheConfiguredChainId() throws Exception {
        try (AnvilNode anvil = AnvilNode.builder().chainId(4242).start()) {
            Web3j web3j = Web3j.build(new HttpService(anvil.rpcUrl()));
            try {
                assertThat(anvil.rpcUrl()).startsWith("http://127.0.0.1:");
                assertThat(anvil.port()).isPositive();
                assertThat(web3j.ethChainId().send().getChainId()).isEqualTo(BigInteger.valueOf(4242));
            } finally {
                web3j.shutdown();
            }
        }
    }

    @Test
    void exposesTheDevAccountsAnvilFunds() throws Exception {
        try (AnvilNode anvil = AnvilNode.builder().accounts(3).start()) {
            Web3j web3j = Web3j.build(new HttpService(anvil.rpcUrl()));
            try {
                List<String> funded = web3j.ethAccounts().send().getAccounts();
                assertThat(anvil.accounts()).extracting(account -> account.address().value()).containsExactlyElementsOf(funded);
                // the first two keys every Ethereum developer knows: a check of the derivation path itself
                assertThat(anvil.account(0).address().value()).isEqualTo("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
                assertThat(anvil.account(0).privateKey())
                        .isEqualTo("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
                assertThat(anvil.account(1).privateKey())
                        .isEqualTo("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
                assertThat(anvil.credentials(2).getAddress()).isEqualTo(funded.get(2));
            } finally {
                web3j.shutdown();
            }
        }
    }

    @Test
    void closeStopsTheProcessAndDeletesItsTemporaryLog() {
        AnvilNode anvil = AnvilNode.start();
        ProcessHandle process = ProcessHandle.of(anvil.pid()).orElseThrow();
        Path log = anvil.logFile();

        anvil.close();

        assertThat(process.isAlive()).isFalse();
        assertThat(anvil.isRunning()).isFalse();
        assertThat(log).doesNotExist();
        anvil.close(); // idempotent
    }

    @Test
    void keepsAnvilsOutputInANamedLogFileWhenNotSilent(@TempDir Path directory) throws Exception {
        Path log = directory.resolve("logs/anvil.log");
        try (AnvilNode anvil = AnvilNode.builder().silent(false).logFile(log).start()) {
            Web3j web3j = Web3j.build(new HttpService(anvil.rpcUrl()));
            try {
                web3j.ethBlockNumber().send();
            } finally {
                web3j.shutdown();
            }
            // anvil writes its request log after it has answered: wait for the line, do not race it
            assertThat(awaitLogContaining(log, "eth_blockNumber")).contains("Listening on 127.0.0.1:");
        }
        assertThat(Files.readString(log)).contains("eth_blockNumber"); // kept after close
    }

    private static String awaitLogContaining(Path log, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String content = "";
        while (System.nanoTime() < deadline) {
            content = Files.exists(log) ? Files.readString(log) : "";
            if (content.contains(text)) {
                return content;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("anvil's log " + log + " did not contain \"" + text + "\" within 10 s:\n" + content);
    }

    @Test
    void aJvmThatExitsWithoutClosingTakesAnvilWithIt() throws Exception {
        String javaLauncher = ProcessHandle.current().info().command().orElseThrow();
        Process child = new ProcessBuilder(javaLauncher,
                "-Dastra.anvil=" + AnvilNode.locateExecutable(),
                "-cp", System.getProperty("java.class.path"),
                AnvilInAnExitingJvm.class.getName())
                .redirectErrorStream(true)
                .start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as("child output: %s", output).isEqualTo(3);

        Matcher pid = Pattern.compile("anvil-pid=(\\d+)").matcher(output);
        assertThat(pid.find()).as("child output: %s", output).isTrue();
        assertThat(ProcessHandle.of(Long.parseLong(pid.group(1))).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
    }

    @Test
    void twoNodesRunSideBySideOnDifferentPorts() {
        try (AnvilNode first = AnvilNode.builder().chainId(1001).start();
                AnvilNode second = AnvilNode.builder().chainId(1002).start()) {
            assertThat(first.port()).isNotEqualTo(second.port());
            assertThat(first.isRunning()).isTrue();
            assertThat(second.isRunning()).isTrue();
        }
    }

    @Test
    void failsClearlyWhenAFixedPortIsTaken() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> AnvilNode.builder().port(taken.getLocalPort()).start())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("could not listen on 127.0.0.1:" + taken.getLocalPort())
                    .hasMessageContaining("Address already in use");
        }
    }

    @Test
    void failsClearlyWhenTheBinaryIsMissing(@TempDir Path directory) {
        Path missing = directory.resolve("anvil");
        String previous = System.getProperty("astra.anvil");
        System.setProperty("astra.anvil", missing.toString());
        try {
            assertThatThrownBy(AnvilNode::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(missing.toString())
                    .hasMessageContaining("npm ci");
        } finally {
            if (previous == null) {
                System.clearProperty("astra.anvil");
            } else {
                System.setProperty("astra.anvil", previous);
            }
        }
    }

    @Test
    void keepsTheChainAcrossARestartWithState(@TempDir Path directory) throws Exception {
        Path state = directory.resolve("chain-state.json");
        Address recipient = Address.of("0x000000000000000000000000000000000000beef");
        BigInteger sent = BigInteger.valueOf(123_456_789);

        try (AnvilNode anvil = AnvilNode.builder().state(state).start()) {
            Web3j web3j = Web3j.build(new HttpService(anvil.rpcUrl()));
            try {
                ChainAccount payer = ChainAccount.connect(web3j, anvil.credentials(0));
                payer.sendEther(recipient, sent);
            } finally {
                web3j.shutdown();
            }
        }
        assertThat(state).exists();
        assertThat(Files.size(state)).isPositive();

        try (AnvilNode restarted = AnvilNode.builder().state(state).start()) {
            Web3j web3j = Web3j.build(new HttpService(restarted.rpcUrl()));
            try {
                BigInteger balance = web3j.ethGetBalance(recipient.value(), DefaultBlockParameterName.LATEST).send().getBalance();
                assertThat(balance).isEqualTo(sent);
            } finally {
                web3j.shutdown();
            }
        }
    }
}
