package io.astraclear.contracts.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.contracts.devnet.RepositoryRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Same sources and the pinned compiler give the same bytecode, run after run and as the build made it. */
class SolidityBuildReproducibilityIT {
    private static final List<String> CONTRACTS = List.of("BankToken", "Gateway", "Executor");
    private static final long COMPILE_TIMEOUT_SECONDS = 120;

    @Test
    void compilingTwiceGivesTheBytecodeTheBuildShipped(@TempDir Path first, @TempDir Path second) throws Exception {
        Path root = RepositoryRoot.locate();
        compile(root, first);
        compile(root, second);
        Path shipped = root.resolve("contracts/target/solidity");

        for (String contract : CONTRACTS) {
            byte[] firstBytecode = Files.readAllBytes(first.resolve(contract + ".bin"));
            assertThat(firstBytecode).as("%s.bin is not empty", contract).isNotEmpty();
            assertThat(second.resolve(contract + ".bin")).as("%s.bin, second run", contract).hasBinaryContent(firstBytecode);
            assertThat(shipped.resolve(contract + ".bin")).as("%s.bin, the build's", contract).hasBinaryContent(firstBytecode);
            assertThat(shipped.resolve(contract + ".abi")).as("%s.abi, the build's", contract)
                    .hasBinaryContent(Files.readAllBytes(first.resolve(contract + ".abi")));
        }
        try (Stream<Path> outputs = Files.list(first)) {
            assertThat(outputs.filter(file -> file.toString().endsWith(".bin")).count()).isEqualTo(CONTRACTS.size());
        }
    }

    private static void compile(Path root, Path outputDirectory) throws IOException, InterruptedException {
        Path log = Files.createTempFile("compile-solidity-", ".log");
        try {
            Process compiler = new ProcessBuilder("node", "contracts/build/compile-solidity.mjs", outputDirectory.toString())
                    .directory(root.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            boolean finished = compiler.waitFor(COMPILE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!finished) {
                compiler.destroyForcibly().waitFor();
            }
            assertThat(finished).as("compiler finished within %d s", COMPILE_TIMEOUT_SECONDS).isTrue();
            assertThat(compiler.exitValue()).as("compiler exit status; output:%n%s", Files.readString(log)).isZero();
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
