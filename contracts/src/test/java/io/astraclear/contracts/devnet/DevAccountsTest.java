package io.astraclear.contracts.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DevAccountsTest {

    @Test
    void theBuiltInKeysAreTheMnemonicsFirstTen() {
        List<DevAccount> accounts = DevAccounts.derive(10);

        for (int index = 0; index < 10; index++) {
            assertThat(accounts.get(index)).as("account %d", index).isEqualTo(DevAccounts.deriveFromMnemonic(index));
        }
        assertThat(accounts.getFirst().address().value()).isEqualTo("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
    }

    @Test
    void derivesAccountsBeyondTheFirstTen() {
        List<DevAccount> accounts = DevAccounts.derive(12);

        assertThat(accounts).hasSize(12);
        assertThat(accounts.get(11)).isEqualTo(DevAccounts.deriveFromMnemonic(11));
        assertThat(accounts).extracting(DevAccount::address).doesNotHaveDuplicates();
    }

    @Test
    void keepsPrivateKeysOutOfToString() {
        DevAccount account = DevAccounts.derive(1).getFirst();

        assertThat(account.toString()).doesNotContain(account.privateKey().substring(2));
    }
}
