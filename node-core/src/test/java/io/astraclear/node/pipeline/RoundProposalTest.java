package io.astraclear.node.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.netting.BalanceSnapshot;
import io.astraclear.ports.netting.Obligation;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RoundProposalTest {
    private static final BankId A = BankId.of("BANK_A");
    private static final BankId B = BankId.of("BANK_B");
    private static final BankId C = BankId.of("BANK_C");

    private static BalanceSnapshot snapshot(Obligation... obligations) {
        return BalanceSnapshot.canonical(List.of(obligations));
    }

    private static RoundProposal proposal(long round, long nonceA, BalanceSnapshot input, BalanceSnapshot after) {
        TreeMap<BankId, Long> cutoff = new TreeMap<>(Map.of(A, nonceA, B, 4L));
        return new RoundProposal(round, RoundProposal.NO_PREVIOUS_ROUND, "bilateral", "1.0.0", cutoff, input, after);
    }

    private static final BalanceSnapshot INPUT = snapshot(new Obligation(A, B, Amount.of(100)), new Obligation(B, A, Amount.of(30)));
    private static final BalanceSnapshot AFTER = snapshot(new Obligation(A, B, Amount.of(70)));

    @Test
    void theDigestCoversEveryFieldAndSurvivesTheWire() {
        RoundProposal proposal = proposal(1, 10, INPUT, AFTER);
        assertThat(proposal(2, 10, INPUT, AFTER).digest()).isNotEqualTo(proposal.digest());
        assertThat(proposal(1, 11, INPUT, AFTER).digest()).isNotEqualTo(proposal.digest());
        assertThat(proposal(1, 10, INPUT, INPUT).digest()).isNotEqualTo(proposal.digest());
        assertThat(new RoundProposal(1, RoundProposal.NO_PREVIOUS_ROUND, "bilateral", "1.0.1", proposal.cutoff(), INPUT, AFTER).digest())
                .isNotEqualTo(proposal.digest());

        RoundProposal back = RoundProposal.fromJson(new JsonObject(proposal.toJson().encode()));
        assertThat(back).isEqualTo(proposal);
        assertThat(back.digest()).isEqualTo(proposal.digest());
    }

    @Test
    void aProposalWhoseFieldsDoNotMatchItsDigestOrThatIsMalformedIsRefused() {
        JsonObject json = proposal(1, 10, INPUT, AFTER).toJson();
        json.getJsonObject("cutoff").put("BANK_A", 9);
        assertThatThrownBy(() -> RoundProposal.fromJson(json)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("digest");
        assertThatThrownBy(() -> RoundProposal.fromJson(new JsonObject().put("round", 1))).isInstanceOf(IllegalArgumentException.class);
        JsonObject negative = proposal(1, 10, INPUT, AFTER).toJson();
        negative.getJsonArray("after").getJsonObject(0).put("amount", "-5");
        assertThatThrownBy(() -> RoundProposal.fromJson(negative)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theBurnsApplyToALedgerThatHasMovedOnSinceTheCutOff() {
        RoundProposal proposal = proposal(1, 10, INPUT, AFTER);
        assertThat(proposal.burns()).containsExactly(
                Map.entry(new RoundProposal.Pair(A, B), BigInteger.valueOf(30)), Map.entry(new RoundProposal.Pair(B, A), BigInteger.valueOf(30)));

        BalanceSnapshot later = snapshot(new Obligation(A, B, Amount.of(150)), new Obligation(B, A, Amount.of(30)), new Obligation(C, A, Amount.of(5)));
        assertThat(proposal.appliedTo(later)).contains(snapshot(new Obligation(A, B, Amount.of(120)), new Obligation(C, A, Amount.of(5))));
        assertThat(proposal.appliedTo(snapshot(new Obligation(A, B, Amount.of(100)), new Obligation(B, A, Amount.of(20)))))
                .as("a burn larger than the balance").isEmpty();
    }
}
