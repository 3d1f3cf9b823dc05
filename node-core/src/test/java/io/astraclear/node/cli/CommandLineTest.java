package io.astraclear.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;

class CommandLineTest {
    @TempDir
    Path directory;

    private record Run(int exitCode, String out, String err) {}

    private static Run run(String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exitCode = Main.execute(args);
            return new Run(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    @Test
    void nodeWithAMissingConfigFileSaysWhatToPass() {
        Run run = run("node", "--config", directory.resolve("missing.yaml").toString());
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("missing.yaml does not exist").contains("--config");
    }

    @Test
    void nodeWithAnInvalidConfigNamesTheKey() throws Exception {
        Path config = directory.resolve("node.yaml");
        Files.writeString(config, "protocol:\n  retry_max: many\n");
        Run run = run("node", "--config", config.toString());
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("protocol.retry_max must be a whole number");
    }

    @Test
    void nodeWithARemovedKeyNamesItAsUnknown() throws Exception {
        Path config = directory.resolve("old.yaml");
        Files.writeString(config, "relayer:\n  batch_size: 50\n");
        Run run = run("node", "--config", config.toString());
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("unknown key 'relayer.batch_size'");
    }

    @Test
    void nodeWithTwoValidatorsSaysTheSoloEngineRunsOne() throws Exception {
        Path config = directory.resolve("two.yaml");
        Files.writeString(config, """
                node: {dev_mode: true}
                signer: {dev_private_key: "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6"}
                relayer: {private_key: "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"}
                validators: ["0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"]
                banks:
                  - {id: BANK_A, chain_id: 1001, rpc_url: "http://127.0.0.1:1", token: "0x5FbDB2315678afecb367f032d93F642f64180aa3", gateway: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512", executor: "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0"}
                  - {id: BANK_B, chain_id: 1002, rpc_url: "http://127.0.0.1:2", token: "0x5FbDB2315678afecb367f032d93F642f64180aa3", gateway: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512", executor: "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0"}
                """);
        Run run = run("node", "--config", config.toString());
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("2 validators need a consortium engine (CometBFT)").contains("the solo engine runs exactly one validator");
    }

    @Test
    void devWithSeveralValidatorsIsRefusedBeforeAnythingStarts() {
        Run run = run("dev", "--validators", "3", "--port", "0", "--state-dir", directory.resolve("dev").toString());
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("--validators 3").contains("CometBFT");
        assertThat(directory.resolve("dev").resolve("network.json")).doesNotExist();
    }

    @Test
    void theCommandsAndBenchmarksAreListed() {
        Run top = run("--help");
        assertThat(top.exitCode()).isZero();
        assertThat(top.out()).contains("dev", "node", "keygen", "bench");
        Run bench = run("bench", "--help");
        assertThat(bench.exitCode()).isZero();
        assertThat(bench.out()).contains("hub", "e2e", "gas", "netting");
    }

    @Test
    void keygenWritesAV3KeystoreThatAnotherImplementationOpens() throws Exception {
        Path password = directory.resolve("password.txt");
        Files.writeString(password, "correct horse battery staple\n");
        Run run = run("keygen", "--password-file", password.toString(), "--out-dir", directory.resolve("keys").toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        String address = run.out().lines().filter(line -> line.startsWith("address")).findFirst().orElseThrow().split("\\s+")[1];
        List<Path> keystores;
        try (var files = Files.list(directory.resolve("keys"))) {
            keystores = files.toList();
        }
        assertThat(keystores).hasSize(1);
        Credentials credentials = WalletUtils.loadCredentials("correct horse battery staple", keystores.get(0).toFile());
        assertThat(credentials.getAddress()).isEqualTo(address);
        assertThat(run.out()).doesNotContain(credentials.getEcKeyPair().getPrivateKey().toString(16));
    }

    @Test
    void keygenRefusesAShortPassword() throws Exception {
        Path password = directory.resolve("short.txt");
        Files.writeString(password, "abc\n");
        Run run = run("keygen", "--password-file", password.toString(), "--out-dir", directory.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("shorter than 8 characters");
    }
}
