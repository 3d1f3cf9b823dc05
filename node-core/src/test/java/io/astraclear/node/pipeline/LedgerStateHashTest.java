package io.astraclear.node.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.netting.BalanceSnapshot;
import io.astraclear.ports.netting.Obligation;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LedgerStateHashTest {
    private static final Obligation A_OWES_B = new Obligation(BankId.of("BANK_A"), BankId.of("BANK_B"), Amount.of(70));
    private static final Obligation C_OWES_A = new Obligation(BankId.of("BANK_C"), BankId.of("BANK_A"), Amount.of(5));

    @Test
    void equalLedgersHashEquallyWhateverOrderTheyWereWrittenIn() {
        Optional<Bytes32> round = Optional.of(Bytes32.of("0x" + "12".repeat(32)));
        LedgerStateHash one = LedgerStateHash.of(BalanceSnapshot.canonical(List.of(A_OWES_B, C_OWES_A)), 1, round);
        LedgerStateHash other = LedgerStateHash.of(BalanceSnapshot.canonical(List.of(C_OWES_A, A_OWES_B)), 1, round);
        assertThat(other).isEqualTo(one);
        assertThat(LedgerStateHash.of(BalanceSnapshot.canonical(List.of(A_OWES_B)), 1, round).stateHash()).isNotEqualTo(one.stateHash());
        assertThat(LedgerStateHash.of(BalanceSnapshot.canonical(List.of(A_OWES_B, C_OWES_A)), 2, round).stateHash()).isNotEqualTo(one.stateHash());
        assertThat(LedgerStateHash.of(BalanceSnapshot.canonical(List.of(A_OWES_B, C_OWES_A)), 1, Optional.empty()).stateHash()).isNotEqualTo(one.stateHash());
    }
}
