package io.astraclear.ports.netting;

import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import java.util.List;
import org.junit.jupiter.api.Test;

class NettingInvariantsTest {
    private static final BankId A = BankId.of("BANK_A");
    private static final BankId B = BankId.of("BANK_B");
    private static final BankId C = BankId.of("BANK_C");

    /** A→B 100, B→A 30, B→C 50. */
    private static final BalanceSnapshot BEFORE = snapshot(owes(A, B, 100), owes(B, A, 30), owes(B, C, 50));

    @Test
    void acceptsBilateralBurnsOfTheSeedExample() {
        NettingProposal bilateral = proposal(owes(A, B, 70), owes(B, C, 50));

        NettingCheck check = NettingInvariants.check("bilateral", "1.0.0", false, BEFORE, bilateral);

        assertThat(check).isEqualTo(new NettingCheck.Passed("bilateral 1.0.0"));
        assertThat(check.passed()).isTrue();
    }

    @Test
    void acceptsAnUnchangedSnapshotAndAnEmptyOne() {
        assertThat(NettingInvariants.check("noop", "1", false, BEFORE, new NettingProposal(BEFORE)).passed()).isTrue();
        BalanceSnapshot empty = snapshot();
        assertThat(NettingInvariants.check("noop", "1", false, empty, new NettingProposal(empty)).passed()).isTrue();
    }

    @Test
    void rejectsAOneSidedBurnBecauseItChangesNetPositions() {
        // burns 30 of A→B but keeps B→A: A's position improves, B's worsens
        NettingProposal oneSided = proposal(owes(A, B, 70), owes(B, A, 30), owes(B, C, 50));

        NettingCheck check = NettingInvariants.check("greedy", "0.3.0", false, BEFORE, oneSided);

        assertViolated(check, NettingInvariant.NET_POSITION_UNCHANGED);
        assertThat(((NettingCheck.Violated) check).message())
                .isEqualTo("netting strategy greedy 0.3.0 broke invariant NET_POSITION_UNCHANGED:"
                        + " net position of BANK_A changed from -70 to -40");
    }

    @Test
    void rejectsDroppingABalanceEntirely() {
        NettingProposal forgetsBtoC = proposal(owes(A, B, 70));

        NettingCheck check = NettingInvariants.check("forgetful", "1", false, BEFORE, forgetsBtoC);

        assertViolated(check, NettingInvariant.NET_POSITION_UNCHANGED);
        assertThat(((NettingCheck.Violated) check).message()).contains("forgetful 1", "BANK_B", "from 20 to 70");
    }

    @Test
    void rejectsAnIncreasedBalanceFromABurnOnlyStrategyEvenWhenNetPositionsHold() {
        // both directions grow by 10: net positions unchanged, but a burn-only strategy issued credit
        NettingProposal inflates = proposal(owes(A, B, 110), owes(B, A, 40), owes(B, C, 50));

        NettingCheck check = NettingInvariants.check("inflating", "2.0.0", false, BEFORE, inflates);

        assertViolated(check, NettingInvariant.NO_BALANCE_INCREASE);
        assertThat(((NettingCheck.Violated) check).message())
                .contains("inflating 2.0.0", "NO_BALANCE_INCREASE", "BANK_A owes BANK_B grew from 100 to 110");
    }

    @Test
    void rejectsANewObligationFromABurnOnlyStrategy() {
        // multilateral: A pays C directly instead of via B; positions hold, but A→C is new
        NettingProposal novating = proposal(owes(A, B, 20), owes(A, C, 50));

        NettingCheck check = NettingInvariants.check("multilateral", "1", false, BEFORE, novating);

        assertViolated(check, NettingInvariant.NO_NEW_OBLIGATION);
        assertThat(((NettingCheck.Violated) check).message()).contains("multilateral 1", "BANK_A owes BANK_C 50");
    }

    @Test
    void aNovatingStrategyMayCreateAndIncreaseObligationsButNotMoveNetPositions() {
        NettingProposal novating = proposal(owes(A, B, 20), owes(A, C, 50));
        assertThat(NettingInvariants.check("multilateral", "1", true, BEFORE, novating).passed()).isTrue();

        NettingProposal wrongPositions = proposal(owes(A, C, 70));
        assertViolated(NettingInvariants.check("multilateral", "1", true, BEFORE, wrongPositions),
                NettingInvariant.NET_POSITION_UNCHANGED);
    }

    @Test
    void rejectsAMissingProposal() {
        NettingCheck check = NettingInvariants.check("silent", "1", false, BEFORE, null);

        assertViolated(check, NettingInvariant.PROPOSAL_PRESENT);
        assertThat(check.strategy()).isEqualTo("silent 1");
    }

    @Test
    void takesIdVersionAndNovationFromTheStrategyItself() {
        NettingStrategy identity = new NettingStrategy() {
            @Override public String id() { return "identity"; }
            @Override public String version() { return "9"; }
            @Override public boolean novates() { return true; }
            @Override public NettingProposal net(BalanceSnapshot snapshot) { return new NettingProposal(snapshot); }
        };
        NettingProposal novating = proposal(owes(A, B, 20), owes(A, C, 50));

        assertThat(NettingInvariants.check(identity, BEFORE, novating)).isEqualTo(new NettingCheck.Passed("identity 9"));
    }

    @Test
    void netPositionsSumToZeroForAnySnapshot() {
        assertThat(NetPositions.of(BEFORE)).containsExactly(
                java.util.Map.entry(A, java.math.BigInteger.valueOf(-70)),
                java.util.Map.entry(B, java.math.BigInteger.valueOf(20)),
                java.util.Map.entry(C, java.math.BigInteger.valueOf(50)));
        assertThat(NetPositions.sum(NetPositions.of(BEFORE))).isZero();
    }

    private static void assertViolated(NettingCheck check, NettingInvariant invariant) {
        assertThat(check).isInstanceOf(NettingCheck.Violated.class);
        assertThat(check.passed()).isFalse();
        assertThat(((NettingCheck.Violated) check).invariant()).isEqualTo(invariant);
    }

    static Obligation owes(BankId debtor, BankId creditor, long amount) {
        return new Obligation(debtor, creditor, Amount.of(amount));
    }

    static BalanceSnapshot snapshot(Obligation... obligations) {
        return BalanceSnapshot.canonical(List.of(obligations));
    }

    static NettingProposal proposal(Obligation... obligations) {
        return new NettingProposal(snapshot(obligations));
    }
}
