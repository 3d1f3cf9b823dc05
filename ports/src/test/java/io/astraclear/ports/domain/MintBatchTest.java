package io.astraclear.ports.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.astraclear.ports.protocol.ProtocolDigests;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MintBatchTest {
    private static final Address EXECUTOR = Address.of("0x" + "22".repeat(20));
    private static final Address RECIPIENT = Address.of("0x" + "11".repeat(20));

    @Test
    void ofSortsByCommandIdSoThatTheSameSetGivesTheSameDigest() {
        MintCommand low = command(1, 100);
        MintCommand high = command(2, 200);

        MintBatch batch = MintBatch.of(List.of(high, low));

        assertThat(batch.commands()).containsExactly(low, high);
        assertThat(ProtocolDigests.batchDigest(batch)).isEqualTo(ProtocolDigests.batchDigest(MintBatch.of(List.of(low, high))));
        assertThat(ProtocolDigests.batchDigest(batch)).isEqualTo(ProtocolDigests.batchDigest(List.of(low.commandId(), high.commandId()),
                List.of(RECIPIENT, RECIPIENT), List.of(Amount.of(100), Amount.of(200)), 1002, EXECUTOR));
        assertThat(batch.destinationExecutor()).isEqualTo(EXECUTOR);
        assertThat(batch.destinationChainId()).isEqualTo(1002);
        assertThat(batch.destinationBank()).isEqualTo(BankId.of("BANK_B"));
    }

    @Test
    void rejectsUnsortedAndRepeatedCommands() {
        MintCommand low = command(1, 100);
        MintCommand high = command(2, 200);

        assertThatThrownBy(() -> new MintBatch(List.of(high, low))).hasMessageContaining("strictly ascending");
        assertThatThrownBy(() -> MintBatch.of(List.of(low, low))).hasMessageContaining("strictly ascending");
    }

    @Test
    void rejectsEmptyAndOversizedBatches() {
        assertThatThrownBy(() -> new MintBatch(List.of())).hasMessageContaining("at least one");
        List<MintCommand> tooMany = new ArrayList<>();
        for (int i = 1; i <= MintBatch.MAX_SIZE + 1; i++) {
            tooMany.add(command(i, 1));
        }
        assertThatThrownBy(() -> MintBatch.of(tooMany)).hasMessageContaining("at most 256");
        assertThat(MintBatch.of(tooMany.subList(0, MintBatch.MAX_SIZE)).size()).isEqualTo(MintBatch.MAX_SIZE);
    }

    @Test
    void rejectsCommandsForDifferentDestinations() {
        MintCommand here = command(1, 100);
        MintCommand otherExecutor = new MintCommand(commandId(2), BankId.of("BANK_A"), BankId.of("BANK_B"), RECIPIENT,
                Amount.of(1), 1002, RECIPIENT);
        MintCommand otherChain = new MintCommand(commandId(3), BankId.of("BANK_A"), BankId.of("BANK_B"), RECIPIENT,
                Amount.of(1), 1003, EXECUTOR);

        assertThatThrownBy(() -> MintBatch.of(List.of(here, otherExecutor))).hasMessageContaining("same bank, chain and Executor");
        assertThatThrownBy(() -> MintBatch.of(List.of(here, otherChain))).hasMessageContaining("same bank, chain and Executor");
    }

    private static MintCommand command(int id, long amount) {
        return new MintCommand(commandId(id), BankId.of("BANK_A"), BankId.of("BANK_B"), RECIPIENT, Amount.of(amount), 1002, EXECUTOR);
    }

    private static CommandId commandId(int id) {
        return CommandId.of(String.format("0x%064x", id));
    }
}
