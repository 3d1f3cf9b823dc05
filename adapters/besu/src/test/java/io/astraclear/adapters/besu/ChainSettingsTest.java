package io.astraclear.adapters.besu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.BankId;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChainSettingsTest {
    /** anvil's dev account 9: a public test key. */
    private static final String KEY = "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6";

    private static ChainSettings.Builder valid() {
        return ChainSettings.builder()
                .bank(BankId.of("BANK_A"))
                .rpcUrl("http://127.0.0.1:8545")
                .expectedChainId(1337)
                .gateway(Address.of("0x1111111111111111111111111111111111111111"))
                .executor(Address.of("0x2222222222222222222222222222222222222222"))
                .knownBanks(Set.of(BankId.of("BANK_B")));
    }

    @Test
    void hasTheDocumentedDefaults() {
        ChainSettings settings = valid().build();

        assertThat(settings.finalityDepth()).isZero();
        assertThat(settings.retryMax()).isEqualTo(5);
        assertThat(settings.feeMode()).isEqualTo(FeeMode.AUTO);
        assertThat(settings.logPaging()).isEqualTo(LogPaging.DEFAULTS);
        assertThat(settings.relayerPrivateKey()).isEmpty();
        assertThat(settings.gatewayDeploymentBlock()).isEmpty();
    }

    @Test
    void derivesTheRelayerAddressAndNeverPrintsTheKey() {
        ChainSettings settings = valid().relayerPrivateKey(KEY).build();

        assertThat(settings.relayerAddress()).contains(Address.of("0xa0Ee7A142d267C1f36714E4a8F75612F20a79720"));
        assertThat(settings.toString()).doesNotContain(KEY.substring(2)).contains("0xa0ee7a142d267c1f36714e4a8f75612f20a79720");
    }

    @Test
    void rejectsWhatCannotWork() {
        assertThatThrownBy(() -> valid().rpcUrl("ws://127.0.0.1:8546").build()).hasMessageContaining("http(s)");
        assertThatThrownBy(() -> valid().expectedChainId(0).build()).hasMessageContaining("expectedChainId");
        assertThatThrownBy(() -> valid().relayerPrivateKey("0x1234").build()).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> valid().relayerPrivateKey("0x" + "0".repeat(64)).build()).hasMessageContaining("not a valid secp256k1 key");
        assertThatThrownBy(() -> valid().relayerPrivateKey("not hex at all").build()).hasMessageContaining("relayerPrivateKey");
        assertThatThrownBy(() -> valid().retryMax(-1).build()).hasMessageContaining("retryMax");
        assertThatThrownBy(() -> valid().finalityDepth(-1).build()).hasMessageContaining("finalityDepth");
        assertThatThrownBy(() -> valid().rpcTimeout(Duration.ZERO).build()).hasMessageContaining("rpcTimeout");
        assertThatThrownBy(() -> valid().baseBackoff(Duration.ofSeconds(10)).maxBackoff(Duration.ofSeconds(1)).build())
                .hasMessageContaining("maxBackoff");
        assertThatThrownBy(() -> new LogPaging(10, 5, 100, 1)).hasMessageContaining("initialBlockRange <= maxBlockRange");
        assertThatThrownBy(() -> valid().knownBanks(Set.of(BankId.of("BANK_A"))).build()).hasMessageContaining("knownBanks");
    }
}
