package io.astraclear.ports.domain;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Mint commands for one destination Executor that validators authorise with one set of signatures
 * over its digest ({@code ProtocolDigests.batchDigest}, {@code Executor.executeBatch}). Canonical: commands strictly ascending by
 * command id, so that the same set of commands always gives the same digest and no command appears
 * twice. At least one command and at most {@link #MAX_SIZE}, the Executor's {@code MAX_BATCH_SIZE}.
 */
public record MintBatch(List<MintCommand> commands) {
    /** {@code Executor.MAX_BATCH_SIZE}. */
    public static final int MAX_SIZE = 256;

    public MintBatch {
        if (commands == null || commands.isEmpty()) {
            throw new IllegalArgumentException("a mint batch needs at least one command");
        }
        if (commands.size() > MAX_SIZE) {
            throw new IllegalArgumentException("a mint batch holds at most " + MAX_SIZE + " commands, got " + commands.size());
        }
        commands = List.copyOf(commands); // also rejects null elements
        MintCommand first = commands.getFirst();
        for (int i = 1; i < commands.size(); i++) {
            MintCommand command = commands.get(i);
            if (command.destinationChainId() != first.destinationChainId()
                    || !command.destinationExecutor().equals(first.destinationExecutor())
                    || !command.destinationBank().equals(first.destinationBank())) {
                throw new IllegalArgumentException("every command of a mint batch must go to the same bank, chain and Executor: "
                        + command.commandId() + " differs from " + first.commandId());
            }
            if (command.commandId().value().compareTo(commands.get(i - 1).commandId().value()) <= 0) {
                throw new IllegalArgumentException("mint batch commands must be strictly ascending by command id: "
                        + command.commandId() + " at " + i + " follows " + commands.get(i - 1).commandId());
            }
        }
    }

    /** The canonical batch of these commands (sorted by command id). */
    public static MintBatch of(Collection<MintCommand> commands) {
        return new MintBatch(commands.stream().sorted(Comparator.comparing(command -> command.commandId().value())).toList());
    }

    public int size() {
        return commands.size();
    }

    public BankId destinationBank() {
        return commands.getFirst().destinationBank();
    }

    public long destinationChainId() {
        return commands.getFirst().destinationChainId();
    }

    public Address destinationExecutor() {
        return commands.getFirst().destinationExecutor();
    }

    public List<CommandId> commandIds() {
        return commands.stream().map(MintCommand::commandId).toList();
    }

    public List<Address> recipients() {
        return commands.stream().map(MintCommand::recipient).toList();
    }

    public List<Amount> amounts() {
        return commands.stream().map(MintCommand::amount).toList();
    }
}
