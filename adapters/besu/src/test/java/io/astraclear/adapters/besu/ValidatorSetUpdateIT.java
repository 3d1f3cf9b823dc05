package io.astraclear.adapters.besu;

import static io.astraclear.adapters.besu.AnvilBank.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.contracts.devnet.AnvilNode;
import io.astraclear.contracts.testing.TestValidators;
import io.astraclear.ports.chain.ExecutionOutcome;
import io.astraclear.ports.domain.ValidatorSet;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.MintCommand;
import io.astraclear.ports.domain.Signature;
import io.astraclear.ports.protocol.ProtocolDigests;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Replacing the Executor's validator set through the adapter, signed by the current set. */
class ValidatorSetUpdateIT {
    private static final TestValidators NEXT = TestValidators.create("next-validators", 5);

    @RegisterExtension
    static final ConnectedBank CONNECTED = new ConnectedBank(AnvilNode.builder().chainId(1701));

    @Test
    void theCurrentSetHandsOverToTheNextAndOnlyTheNextSignsAfterwards() throws Exception {
        assertThat(await(CONNECTED.chain().validatorSet())).isEqualTo(new ValidatorSet(0, AnvilBank.VALIDATORS.addresses()));

        ExecutionOutcome stale = await(CONNECTED.chain().updateValidators(2, NEXT.addresses(), signedBy(AnvilBank.VALIDATORS, 2, NEXT.addresses())));
        assertThat(stale).isEqualTo(new ExecutionOutcome.Reverted("StaleValidatorSetNonce(1, 2)", 1));

        ExecutionOutcome update = await(CONNECTED.chain().updateValidators(1, NEXT.addresses(), signedBy(AnvilBank.VALIDATORS, 1, NEXT.addresses())));
        assertThat(update).isInstanceOf(ExecutionOutcome.Executed.class);
        assertThat(await(CONNECTED.chain().validatorSet())).isEqualTo(new ValidatorSet(1, NEXT.addresses()));

        MintCommand command = CONNECTED.bank().mintCommand("after-handover", 9);
        List<Signature> allOfTheOldSet = AnvilBank.VALIDATORS.sign(ProtocolDigests.mintDigest(command), 4).stream().map(Signature::fromBytes).toList();
        ExecutionOutcome byOldSet = await(CONNECTED.chain().execute(command, allOfTheOldSet));
        assertThat(byOldSet).isInstanceOfSatisfying(ExecutionOutcome.Reverted.class,
                reverted -> assertThat(reverted.reason()).startsWith("NotValidator(0, "));
        List<Signature> byNextSet = NEXT.signThreshold(ProtocolDigests.mintDigest(command)).stream().map(Signature::fromBytes).toList();
        assertThat(await(CONNECTED.chain().execute(command, byNextSet))).isInstanceOf(ExecutionOutcome.Executed.class);
    }

    private static List<Signature> signedBy(TestValidators signers, long nonce, List<Address> newValidators) {
        var digest = ProtocolDigests.validatorSetDigest(CONNECTED.bank().chainId(), CONNECTED.bank().contracts().executor(), nonce, newValidators);
        return signers.signThreshold(digest).stream().map(Signature::fromBytes).toList();
    }
}
