package io.astraclear.node.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.ports.domain.ValidatorSet;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.CommandId;
import io.astraclear.ports.protocol.Keccak256;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RelayPlanTest {
    private static final ValidatorSet FOUR = new ValidatorSet(0, List.of(
            Address.of("0x1000000000000000000000000000000000000001"), Address.of("0x2000000000000000000000000000000000000002"),
            Address.of("0x3000000000000000000000000000000000000003"), Address.of("0x4000000000000000000000000000000000000004")));

    private static CommandId command(int index) {
        return new CommandId(new Bytes32(Keccak256.hash(("command-" + index).getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void everyCommandHasOnePrimaryAndEveryValidatorADistinctTurn() {
        for (int index = 0; index < 200; index++) {
            CommandId command = command(index);
            List<Integer> ranks = new ArrayList<>();
            FOUR.validators().forEach(validator -> ranks.add(RelayPlan.rank(command, FOUR, validator)));
            assertThat(ranks).as("command %d", index).containsExactlyInAnyOrder(0, 1, 2, 3);
        }
    }

    @Test
    void primariesSpreadOverTheValidatorsAndOutsidersComeLast() {
        Map<Address, Integer> primaries = new HashMap<>();
        for (int index = 0; index < 400; index++) {
            CommandId command = command(index);
            FOUR.validators().stream().filter(validator -> RelayPlan.rank(command, FOUR, validator) == 0)
                    .forEach(validator -> primaries.merge(validator, 1, Integer::sum));
        }
        assertThat(primaries).hasSize(4);
        assertThat(primaries.values()).allSatisfy(count -> assertThat(count).isBetween(60, 140));
        Address outsider = Address.of("0x5000000000000000000000000000000000000005");
        assertThat(RelayPlan.rank(command(1), FOUR, outsider)).isEqualTo(4);
        assertThat(RelayPlan.delayMillis(command(1), FOUR, outsider, 500)).isEqualTo(2_000);
    }

    @Test
    void theSameCommandAlwaysGetsTheSamePlan() {
        CommandId command = command(7);
        Address validator = FOUR.validators().get(2);
        assertThat(RelayPlan.rank(command, FOUR, validator)).isEqualTo(RelayPlan.rank(command, new ValidatorSet(0, FOUR.validators().reversed()), validator));
    }
}
