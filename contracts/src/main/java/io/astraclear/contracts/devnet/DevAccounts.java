package io.astraclear.contracts.devnet;

import io.astraclear.ports.domain.Address;
import java.util.ArrayList;
import java.util.List;
import org.web3j.crypto.Bip32ECKeyPair;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.MnemonicUtils;
import org.web3j.utils.Numeric;

/** anvil's default development accounts, from its well-known mnemonic. */
public final class DevAccounts {
    /** anvil's (and hardhat's) default mnemonic; its accounts are funded in every fresh anvil chain. */
    public static final String MNEMONIC = "test test test test test test test test test test test junk";

    /**
     * The first ten keys of {@link #MNEMONIC}, public knowledge. Deriving them costs over a second
     * per JVM (2048 PBKDF2 rounds in pure Java), which every test JVM would pay; DevAccountsTest
     * checks them against the derivation.
     */
    static final List<String> FIRST_PRIVATE_KEYS = List.of(
            "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
            "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
            "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
            "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
            "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
            "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
            "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
            "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
            "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97",
            "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6");

    /** The BIP-39 seed is expensive: derive the root once per JVM, and only when needed. */
    private static final class Root {
        static final Bip32ECKeyPair MASTER = Bip32ECKeyPair.generateKeyPair(MnemonicUtils.generateSeed(MNEMONIC, ""));
    }

    private DevAccounts() {}

    /** Accounts {@code 0 .. count-1}, as anvil funds them with {@code --accounts count}. */
    public static List<DevAccount> derive(int count) {
        if (count < 1 || count > 1_000) {
            throw new IllegalArgumentException("dev account count must be in 1..1000, got " + count);
        }
        List<DevAccount> accounts = new ArrayList<>(count);
        for (int index = 0; index < count; index++) {
            accounts.add(index < FIRST_PRIVATE_KEYS.size() ? fromKey(index, FIRST_PRIVATE_KEYS.get(index)) : deriveFromMnemonic(index));
        }
        return List.copyOf(accounts);
    }

    /** Index {@code index} of {@link #MNEMONIC} at {@code m/44'/60'/0'/0/index}. */
    static DevAccount deriveFromMnemonic(int index) {
        int[] path = {
            44 | Bip32ECKeyPair.HARDENED_BIT, 60 | Bip32ECKeyPair.HARDENED_BIT, Bip32ECKeyPair.HARDENED_BIT, 0, index
        };
        Bip32ECKeyPair child = Bip32ECKeyPair.deriveKeyPair(Root.MASTER, path);
        return fromKey(index, Numeric.toHexStringWithPrefixZeroPadded(child.getPrivateKey(), 64));
    }

    private static DevAccount fromKey(int index, String privateKey) {
        return new DevAccount(index, Address.of(Credentials.create(privateKey).getAddress()), privateKey);
    }
}
