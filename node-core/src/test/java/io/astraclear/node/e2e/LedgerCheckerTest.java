package io.astraclear.node.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.adapters.memory.InMemoryStorage;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.netting.BalanceSnapshot;
import io.astraclear.ports.netting.Obligation;
import io.astraclear.ports.state.BlockEffects;
import io.astraclear.ports.state.HubHead;
import io.astraclear.ports.state.JournalEntry;
import io.astraclear.ports.state.NettingRecord;
import io.astraclear.ports.state.EntryType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The e2e tests' ledger checker finds what it is there to find: each invariant broken once, on purpose. */
class LedgerCheckerTest {
    private static final BankId A = BankId.of("BANK_A");
    private static final BankId B = BankId.of("BANK_B");
    private static final BankId C = BankId.of("BANK_C");
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    private final LedgerChecker checker = new LedgerChecker(InMemoryStorage.hubStore());
    private long height;
    private long journal = 1;
    private long round = 1;

    @Test
    void issuesNettingAndSettlementThatKeepTheInvariantsPass() {
        block(List.of(issue(A, B, 100, "t1"), issue(B, A, 30, "t2")), List.of(owes(A, B, 100), owes(B, A, 30)), List.of());
        NettingRecord netting = round(snapshot(owes(A, B, 100), owes(B, A, 30)), snapshot(owes(A, B, 70)));
        block(List.of(burn(EntryType.NETTING_BURN, A, B, 30, netting), burn(EntryType.NETTING_BURN, B, A, 30, netting)),
                List.of(owes(A, B, 70), owes(B, A, 0)), List.of(netting));
        block(List.of(entry(EntryType.SETTLEMENT_BURN, A, B, 70, "wire-1")), List.of(owes(A, B, 0)), List.of());

        checker.check();

        assertThat(checker.violations()).isEmpty();
        assertThat(checker.blocksChecked()).isEqualTo(3);
        assertThat(checker.roundsChecked()).isEqualTo(1);
        assertThat(checker.balances().obligations()).isEmpty();
    }

    @Test
    void aReportedBalanceTheJournalDoesNotSumIsFound() {
        block(List.of(issue(A, B, 100, "t1")), List.of(owes(A, B, 101)), List.of());
        checker.check();
        assertThat(checker.violations()).singleElement().asString().contains("reports").contains("the journal sums 100");
    }

    @Test
    void aBalanceMovedWithoutBeingReportedIsFound() {
        block(List.of(issue(A, B, 100, "t1")), List.of(), List.of());
        checker.check();
        assertThat(checker.violations()).singleElement().asString().contains("does not report it");
    }

    @Test
    void aBurnBelowZeroIsFound() {
        block(List.of(issue(A, B, 10, "t1")), List.of(owes(A, B, 10)), List.of());
        block(List.of(entry(EntryType.SETTLEMENT_BURN, A, B, 11, "wire-1")), List.of(owes(A, B, 0)), List.of());
        checker.check();
        assertThat(checker.violations()).anySatisfy(violation -> assertThat(violation).contains("below zero"));
    }

    @Test
    void aTransferIssuedTwiceIsFound() {
        block(List.of(issue(A, B, 10, "t1")), List.of(owes(A, B, 10)), List.of());
        block(List.of(issue(A, B, 10, "t1")), List.of(owes(A, B, 20)), List.of());
        checker.check();
        assertThat(checker.violations()).singleElement().asString().contains("issued a second time");
    }

    @Test
    void aNettingRoundThatMovesANetPositionOrRaisesABalanceIsFound() {
        block(List.of(issue(A, B, 100, "t1"), issue(B, C, 50, "t2")), List.of(owes(A, B, 100), owes(B, C, 50)), List.of());
        NettingRecord netting = round(snapshot(owes(A, B, 100), owes(B, C, 50)), snapshot(owes(A, B, 50), owes(B, C, 50)));
        block(List.of(burn(EntryType.NETTING_BURN, A, B, 50, netting)), List.of(owes(A, B, 50)), List.of(netting));
        checker.check();
        assertThat(checker.violations()).singleElement().asString().contains("changed net positions");
    }

    @Test
    void aRoundRecordThatDisagreesWithItsBurnsIsFound() {
        block(List.of(issue(A, B, 100, "t1"), issue(B, A, 30, "t2")), List.of(owes(A, B, 100), owes(B, A, 30)), List.of());
        NettingRecord netting = round(snapshot(owes(A, B, 100), owes(B, A, 30)), snapshot(owes(A, B, 60)));
        block(List.of(burn(EntryType.NETTING_BURN, A, B, 30, netting), burn(EntryType.NETTING_BURN, B, A, 30, netting)),
                List.of(owes(A, B, 70), owes(B, A, 0)), List.of(netting));
        checker.check();
        assertThat(checker.violations()).singleElement().asString().contains("records");
    }

    @Test
    void aMissingHeightIsFound() {
        block(List.of(), List.of(), List.of());
        height++;
        block(List.of(), List.of(), List.of());
        checker.check();
        assertThat(checker.violations()).singleElement().asString().contains("follows block");
    }

    private void block(List<JournalEntry> entries, List<Obligation> balances, List<NettingRecord> rounds) {
        height++;
        List<JournalEntry> stamped = new ArrayList<>();
        for (JournalEntry entry : entries) {
            stamped.add(new JournalEntry(entry.sequence(), height, T, entry.type(), entry.issuer(), entry.holder(), entry.amount(), entry.reference()));
        }
        HubHead head = new HubHead(height, T.plusSeconds(height), Bytes32.ZERO, Bytes32.ZERO, 1, journal, round, 1, 0, Map.of());
        checker.committed(new BlockEffects(head, List.of(), List.of(), List.of(), List.of(), Optional.empty(), balances, stamped, rounds, List.of(),
                List.of(), List.of(), List.of()));
    }

    private JournalEntry issue(BankId issuer, BankId holder, long amount, String transfer) {
        return entry(EntryType.ISSUE, issuer, holder, amount, transfer);
    }

    private JournalEntry burn(EntryType type, BankId issuer, BankId holder, long amount, NettingRecord netting) {
        return entry(type, issuer, holder, amount, Long.toString(netting.roundId()));
    }

    private JournalEntry entry(EntryType type, BankId issuer, BankId holder, long amount, String reference) {
        return new JournalEntry(journal++, Math.max(1, height), T, type, issuer, holder, Amount.of(amount), reference);
    }

    private NettingRecord round(BalanceSnapshot before, BalanceSnapshot after) {
        return new NettingRecord(round++, height + 1, T, "bilateral", "1", Bytes32.ZERO, before, after, "test");
    }

    private static Obligation owes(BankId debtor, BankId creditor, long amount) {
        return new Obligation(debtor, creditor, Amount.of(amount));
    }

    private static BalanceSnapshot snapshot(Obligation... obligations) {
        return BalanceSnapshot.canonical(List.of(obligations));
    }
}
