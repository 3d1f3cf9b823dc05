package io.astraclear.contracts.testing;

import io.astraclear.contracts.devnet.BankContracts;
import io.astraclear.contracts.devnet.BankDeployer;
import io.astraclear.contracts.generated.Executor;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.CommandId;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.web3j.crypto.Hash;

/** Deploys test banks and makes test identifiers. */
public final class TestBanks {
    /** Dev account 0 owns every test bank; the others are customers and relayers. */
    public static final int OWNER_ACCOUNT = 0;
    public static final int TOKEN_DECIMALS = 2;

    private TestBanks() {}

    public static BankContracts deploy(TestChain chain, BankId bankId, List<Address> validators) throws Exception {
        return new BankDeployer(chain.account(OWNER_ACCOUNT))
                .deploy(bankId, bankId.value() + " deposit token", bankId.value(), TOKEN_DECIMALS, validators);
    }

    public static BankDeployer deployer(TestChain chain) {
        return new BankDeployer(chain.account(OWNER_ACCOUNT));
    }

    /** A command id no other test uses: {@code keccak256(label)}. */
    public static CommandId commandId(String label) {
        return new CommandId(new Bytes32(Hash.sha3(label.getBytes(StandardCharsets.UTF_8))));
    }

    /** The Executor's validators; the generated wrapper returns a raw List. */
    @SuppressWarnings("unchecked")
    public static List<String> validators(Executor executor) throws Exception {
        return (List<String>) executor.getValidators().send();
    }

    public static byte[] bytes32(BankId bankId) {
        return bankId.toBytes32().toByteArray();
    }
}
