package io.astraclear.plugins.signer.ecdsa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void readsTheShapesAKeystoreUses() throws Exception {
        Object parsed = Json.parse(" {\"a\": [1, -2, 3.5, true, false, null], \"b\": {\"c\": \"x\\\"y\\u0041\\n\"}} ");

        assertThat(parsed).isEqualTo(Map.of(
                "a", java.util.Arrays.asList(BigInteger.ONE, BigInteger.valueOf(-2), new BigDecimal("3.5"), true, false, null),
                "b", Map.of("c", "x\"yA\n")));
        assertThat(Json.parse("[]")).isEqualTo(List.of());
        assertThat(Json.parse("{}")).isEqualTo(Map.of());
    }

    @Test
    void rejectsMalformedInputByPositionWithoutEchoingIt() {
        assertThatThrownBy(() -> Json.parse("{\"secret\": \"abc}")).hasMessage("unterminated string at offset 16");
        assertThatThrownBy(() -> Json.parse("{\"a\": 1} x")).hasMessage("trailing content at offset 9");
        assertThatThrownBy(() -> Json.parse("{\"a\": 1, \"a\": 2}")).hasMessage("duplicate member at offset 15");
        assertThatThrownBy(() -> Json.parse("{a: 1}")).hasMessage("expected a member name at offset 1");
        assertThatThrownBy(() -> Json.parse("[01x]")).hasMessageContaining("at offset");
        assertThatThrownBy(() -> Json.parse("\"tab\there\"")).hasMessage("control character in string at offset 5");
    }

    @Test
    void boundsNesting() {
        assertThatThrownBy(() -> Json.parse("[".repeat(100) + "]".repeat(100))).hasMessageStartingWith("nested deeper than 16");
    }
}
