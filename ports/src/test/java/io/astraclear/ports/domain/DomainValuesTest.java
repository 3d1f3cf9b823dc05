package io.astraclear.ports.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class DomainValuesTest {

    @Test
    void amountAcceptsTheWholeUint256RangeAndNothingElse() {
        assertThat(Amount.parse("0")).isEqualTo(Amount.ZERO);
        assertThat(Amount.parse(Amount.MAX_UINT256.toString()).value()).isEqualTo(Amount.MAX_UINT256);
        assertThatThrownBy(() -> Amount.parse(Amount.MAX_UINT256.add(BigInteger.ONE).toString()))
                .hasMessageContaining("exceeds uint256");
        assertThatThrownBy(() -> Amount.parse("-1")).hasMessageContaining("decimal string");
        assertThatThrownBy(() -> Amount.parse("1e3")).hasMessageContaining("decimal string");
        assertThatThrownBy(() -> Amount.parse("1.5")).hasMessageContaining("decimal string");
        assertThatThrownBy(() -> Amount.parse("")).hasMessageContaining("decimal string");
        assertThatThrownBy(() -> Amount.of(3).minus(Amount.of(4))).hasMessageContaining("negative");
    }

    @Test
    void addressIsNormalisedToLowerCaseAndChecked() {
        Address address = Address.of("0x5FbDB2315678afecb367f032d93F642f64180aa3");
        assertThat(address.value()).isEqualTo("0x5fbdb2315678afecb367f032d93f642f64180aa3");
        assertThat(address).isEqualTo(Address.of("5fbdb2315678afecb367f032d93f642f64180aa3"));
        assertThatThrownBy(() -> Address.of("0x1234")).hasMessageContaining("20 bytes");
        assertThatThrownBy(() -> Address.of("0x" + "zz".repeat(20))).hasMessageContaining("not hex");
    }

    @Test
    void signatureRejectsHighSAndBadV() {
        String r = "11".repeat(32);
        String lowS = "22".repeat(32);
        String highS = Signature.CURVE_ORDER.subtract(BigInteger.ONE).toString(16);
        assertThat(Signature.of("0x" + r + lowS + "1b").toByteArray()).hasSize(65);
        assertThatThrownBy(() -> Signature.of("0x" + r + highS + "1b")).hasMessageContaining("low-s");
        assertThatThrownBy(() -> Signature.of("0x" + r + lowS + "00")).hasMessageContaining("27 or 28");
        assertThatThrownBy(() -> Signature.of("0x" + r + lowS)).hasMessageContaining("65 bytes");
    }
}
