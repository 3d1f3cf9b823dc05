package io.astraclear.contracts.devnet;

import io.astraclear.ports.domain.Address;
import org.web3j.crypto.Credentials;

/**
 * One of anvil's pre-funded development accounts: index {@code i} of the well-known mnemonic,
 * derived at {@code m/44'/60'/0'/0/i}. Public test keys: never use them outside a devnet.
 *
 * @param privateKey 0x-prefixed 32-byte hex
 */
public record DevAccount(int index, Address address, String privateKey) {
    public DevAccount {
        if (index < 0) {
            throw new IllegalArgumentException("dev account index must not be negative: " + index);
        }
        if (address == null || privateKey == null || !privateKey.matches("0x[0-9a-f]{64}")) {
            throw new IllegalArgumentException("dev account needs an address and a 0x-prefixed 32-byte private key");
        }
    }

    public Credentials credentials() {
        return Credentials.create(privateKey);
    }

    /** Hides the key: these records end up in logs. */
    @Override
    public String toString() {
        return "DevAccount[" + index + ", " + address + "]";
    }
}
