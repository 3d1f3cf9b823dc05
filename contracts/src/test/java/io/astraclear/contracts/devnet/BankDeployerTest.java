package io.astraclear.contracts.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.astraclear.ports.domain.Address;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BankDeployerTest {
    private static final Address LOW = Address.of("0x0000000000000000000000000000000000000001");
    private static final Address MIDDLE = Address.of("0x7f00000000000000000000000000000000000000");
    private static final Address HIGH = Address.of("0xff00000000000000000000000000000000000000");

    @Test
    void sortsValidatorsAscendingAsTheExecutorRequires() {
        assertThat(BankDeployer.sortedValidatorSet(List.of(HIGH, LOW, MIDDLE))).containsExactly(LOW, MIDDLE, HIGH);
    }

    @Test
    void rejectsDuplicateValidators() {
        assertThatThrownBy(() -> BankDeployer.sortedValidatorSet(List.of(LOW, HIGH, LOW)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicates");
    }

    @Test
    void rejectsAnEmptySetTheZeroAddressAndMoreThanTheExecutorTakes() {
        assertThatThrownBy(() -> BankDeployer.sortedValidatorSet(List.of())).hasMessageContaining("empty");
        assertThatThrownBy(() -> BankDeployer.sortedValidatorSet(List.of(Address.ZERO, LOW))).hasMessageContaining("zero address");
        List<Address> tooMany = new ArrayList<>();
        for (int i = 1; i <= BankDeployer.MAX_VALIDATORS + 1; i++) {
            tooMany.add(Address.of(String.format("0x%040x", i)));
        }
        assertThatThrownBy(() -> BankDeployer.sortedValidatorSet(tooMany)).hasMessageContaining("at most 64");
    }
}
