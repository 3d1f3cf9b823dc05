package io.astraclear.node.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.WalletUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Creates a validator key as an Ethereum V3 keystore (scrypt), the format geth, Besu and cast read. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = "Create a validator key: an Ethereum V3 keystore file, encrypted with the password in --password-file.")
final class KeygenCommand implements Callable<Integer> {
    @Option(names = "--out-dir", description = "Directory for the keystore file (default: current directory).", defaultValue = ".")
    Path outDirectory;

    @Option(names = "--password-file", required = true, description = "File whose first line is the keystore password.")
    Path passwordFile;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(passwordFile)) {
            System.err.println("error: password file " + passwordFile + " does not exist; write the password into it first");
            return 2;
        }
        String password = Files.readAllLines(passwordFile).stream().findFirst().orElse("");
        if (password.length() < 8) {
            System.err.println("error: the password in " + passwordFile + " is shorter than 8 characters");
            return 2;
        }
        Files.createDirectories(outDirectory);
        ECKeyPair keyPair = Keys.createEcKeyPair();
        String fileName = WalletUtils.generateWalletFile(password, keyPair, outDirectory.toFile(), true);
        System.out.println("address  0x" + Keys.getAddress(keyPair));
        System.out.println("keystore " + outDirectory.resolve(fileName));
        System.out.println("use it in the node's config as signer.keystore with signer.password_file (or signer.password_env)");
        return 0;
    }
}
