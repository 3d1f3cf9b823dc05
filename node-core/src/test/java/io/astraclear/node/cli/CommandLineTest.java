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
