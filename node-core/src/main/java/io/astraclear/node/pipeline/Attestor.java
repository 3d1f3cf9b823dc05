package io.astraclear.node.pipeline;

import io.astraclear.node.config.NodeConfig;
import io.astraclear.ports.chain.ObservedTransfer;
import io.astraclear.ports.consensus.Vote;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.MintCommand;
import java.util.Optional;

/**
 * Turns an observed transfer into this validator's vote: the mint command the event calls for,
 * signed. The signature is both the vote and this validator's part of the Executor's multisig.
 */
final class Attestor {
    private final PipelineContext pipeline;

    Attestor(PipelineContext pipeline) {
        this.pipeline = pipeline;
    }

    /** The command for {@code transfer}, or empty when its destination bank is not configured here. */
    Optional<MintCommand> commandFor(ObservedTransfer transfer) {
        Optional<NodeConfig.Bank> destination = pipeline.config().bank(transfer.destinationBank());
        return destination.map(bank -> new MintCommand(
                transfer.commandId(),
                transfer.sourceBank(),
                transfer.destinationBank(),
                transfer.recipient(),
                transfer.amount(),
                bank.chainId(),
                bank.executor()));
    }

    Vote sign(MintCommand command) {
        Bytes32 digest = command.digest();
        return new Vote(command, digest, pipeline.signer().address(), pipeline.signer().sign(digest));
    }
}
