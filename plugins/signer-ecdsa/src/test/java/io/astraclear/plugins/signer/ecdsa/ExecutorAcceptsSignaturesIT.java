package io.astraclear.plugins.signer.ecdsa;

import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.contracts.devnet.AnvilNode;
import io.astraclear.contracts.devnet.BankContracts;
import io.astraclear.contracts.devnet.BankDeployer;
import io.astraclear.contracts.devnet.ChainAccount;
import io.astraclear.contracts.generated.Executor;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.MintCommand;
import io.astraclear.ports.domain.Signature;
import io.astraclear.ports.domain.TransferId;
import io.astraclear.ports.protocol.ProtocolDigests;
import io.astraclear.ports.domain.Threshold;
import io.astraclear.ports.signing.Signer;
import io.astraclear.ports.signing.SignerSettings;
import java.math.BigInteger;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/**
 * The acceptance test that matters: the Executor contract, on a real EVM (anvil), mints for a
 * command signed by validators whose keys live in this signer — ecrecover agrees with our
 * signatures, v, low-s and all.
 */
class ExecutorAcceptsSignaturesIT {
    private static final int VALIDATORS = 4;
    private static final int OWNER = 0;
    private static final int RECIPIENT = 2;
    private static final int RELAYER = 3;
    private static final EcdsaSignerProvider PROVIDER = new EcdsaSignerProvider();

    private static AnvilNode anvil;
    private static Web3j web3j;
    private static BankContracts bank;
    private static List<Signer> validators;

    @BeforeAll
    static void deployBankWithOurValidators() throws Exception {
        anvil = AnvilNode.builder().chainId(4242).start();
        web3j = Web3j.build(new HttpService(anvil.rpcUrl()));
        Random random = new Random(31337L);
        validators = IntStream.range(0, VALIDATORS)
                .mapToObj(i -> PROVIDER.create(SignerSettings.devRawKey(
                        String.format("%064x", EcdsaSignerTest.randomKey(random)))))
                .toList();
        ChainAccount owner = ChainAccount.connect(web3j, anvil.credentials(OWNER), anvil.chainId());
        bank = new BankDeployer(owner).deploy(BankId.of("BANK_B"), "Bank B Euro", "BEUR", 2,
                validators.stream().map(Signer::address).toList());
    }

    @AfterAll
    static void stopChain() {
        if (web3j != null) {
            web3j.shutdown();
        }
        if (anvil != null) {
            anvil.close();
        }
    }

    @Test
    void executorMintsForACommandSignedByAThresholdOfOurSigners() throws Exception {
        Address recipient = anvil.account(RECIPIENT).address();
        Amount amount = Amount.of(4_200);
        TransferId transferId = ProtocolDigests.transferId(1001, Address.of("0x" + "11".repeat(20)), BigInteger.ONE);
        MintCommand command = new MintCommand(ProtocolDigests.commandId(1001, Address.of("0x" + "11".repeat(20)), transferId),
                BankId.of("BANK_A"), BankId.of("BANK_B"), recipient, amount, anvil.chainId(), bank.executor());
        Bytes32 digest = ProtocolDigests.mintDigest(command);
        int threshold = Threshold.of(VALIDATORS);

        // what the relayer sends: a threshold of signatures, ordered by the signer the contract recovers
        List<byte[]> signatures = validators.stream()
                .map(signer -> signer.sign(digest))
                .sorted(Comparator.comparing((Signature signature) -> PROVIDER.recover(digest, signature).orElseThrow()))
                .limit(threshold)
                .map(Signature::toByteArray)
                .toList();

        ChainAccount relayer = ChainAccount.connect(web3j, anvil.credentials(RELAYER), anvil.chainId());
        Executor executor = relayer.executor(bank.executor());
        var receipt = executor.execute(command.commandId().value().toByteArray(), recipient.value(), amount.value(), signatures).send();

        assertThat(receipt.isStatusOK()).isTrue();
        assertThat(executor.processedCommands(command.commandId().value().toByteArray()).send()).isTrue();
        assertThat(relayer.bankToken(bank.token()).balanceOf(recipient.value()).send()).isEqualTo(amount.value());
    }

    @Test
    void everyValidatorRecoversToItsOwnAddressForTheContractsDigest() {
        Bytes32 digest = Bytes32.of("0x" + "c3".repeat(32));

        for (Signer validator : validators) {
            assertThat(PROVIDER.recover(digest, validator.sign(digest))).contains(validator.address());
        }
    }
}
