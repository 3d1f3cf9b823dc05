package io.astraclear.node.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.astraclear.node.config.NodeConfig;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.TransferId;
import io.astraclear.ports.netting.Obligation;
import io.astraclear.ports.state.NettingRecord;
import io.astraclear.ports.state.TransferStatus;
import java.math.BigInteger;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The multilateral netting plugin as an operator installs it: its jar dropped into the plugins
 * directory beside the shipped ones and selected by id in the configuration, the node not rebuilt
 * (nothing on this test's class path knows the plugin's classes). The hub's genesis names the
 * strategy, so every validator must run it. Real chains and transfers; a netting round clears a
 * cycle that bilateral netting cannot touch.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultilateralDropInIT {
    private static final String PLUGIN_CLASS = "io.astraclear.plugins.netting.multilateral.MultilateralNetting";
    private static final BankId A = DevNodeHarness.bankId(0);
    private static final BankId B = DevNodeHarness.bankId(1);
    private static final BankId C = DevNodeHarness.bankId(2);

    private DevNodeHarness harness;
    private LedgerChecker checker;

    @BeforeAll
    void startNetworkAndNodeWithMultilateralNetting() throws Exception {
        harness = DevNodeHarness.start(3, "memory", Files.createTempDirectory("astra-multilateral"),
                BuiltPluginJars.directory("signer-ecdsa", "netting-bilateral", "netting-multilateral"),
                MultilateralDropInIT::withMultilateralNetting);
        checker = new LedgerChecker(harness.store());
        harness.node.hub().addListener(checker);
    }

    /** The dev configuration with {@code plugins.netting: multilateral}, as an operator would edit it. */
    private static NodeConfig withMultilateralNetting(NodeConfig dev) {
        return new NodeConfig(dev.nodeName(), dev.protocol(), dev.hub(), dev.api(), dev.storage(),
                new NodeConfig.Plugins(dev.plugins().directory(), dev.plugins().signerProvider(), "multilateral"), dev.signer(), dev.operators(),
                dev.relayer(), dev.validators(), dev.banks(), dev.devMode());
    }

    @AfterAll
    void stop() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    @Order(1)
    void theGenesisNamesThePluginTheConfigurationSelectedAndItsClassesStayInItsJar() {
        assertThat(harness.node.hub().genesis().nettingStrategyId()).isEqualTo("multilateral");
        assertThat(harness.node.hub().genesis().nettingStrategyVersion()).isNotBlank();
        assertThatThrownBy(() -> Class.forName(PLUGIN_CLASS)).isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    @Order(2)
    void aThreeBankCycleNetsToNothing() throws Exception {
        awaitExecuted(harness.send(A, B, 100), harness.send(B, C, 100), harness.send(C, A, 100));
        assertThat(balances()).containsExactlyInAnyOrderEntriesOf(Map.of("BANK_A->BANK_B", 100L, "BANK_B->BANK_C", 100L, "BANK_C->BANK_A", 100L));

        NettingRecord round = requestNetting();

        assertThat(round.strategyId()).isEqualTo("multilateral");
        assertThat(round.strategyVersion()).isEqualTo(harness.node.hub().genesis().nettingStrategyVersion());
        assertThat(ClearingFlowContract.gross(round.before())).isEqualTo(BigInteger.valueOf(300));
        assertThat(round.after().obligations()).isEmpty();
        assertThat(balances()).isEmpty();
        assertChecked();
    }

    /**
     * A→B 100, B→A 30, B→C 50, C→A 50: bilateral netting would leave A→B 70, B→C 50, C→A 50 (170);
     * the cycle A→B→C→A carries 50 more, so A owes B 20, its net position: the lower bound.
     */
    @Test
    @Order(3)
    void aPairAndACycleTogetherLeaveOnlyTheNetPosition() throws Exception {
        awaitExecuted(harness.send(A, B, 100), harness.send(B, A, 30), harness.send(B, C, 50), harness.send(C, A, 50));

        NettingRecord round = requestNetting();

        assertThat(ClearingFlowContract.gross(round.before())).isEqualTo(BigInteger.valueOf(230));
        assertThat(balances()).containsExactlyEntriesOf(Map.of("BANK_A->BANK_B", 20L));
        assertChecked();
    }

    private NettingRecord requestNetting() throws Exception {
        int before = StoreListings.rounds(harness.store()).size();
        DevNodeHarness.Response response = harness.post("/api/v1/netting/rounds", "");
        assertThat(response.status()).as(response.toString()).isBetween(200, 299);
        List<NettingRecord> rounds = StoreListings.rounds(harness.store());
        assertThat(rounds).as("a round in the requesting block").hasSize(before + 1);
        return rounds.getLast();
    }

    private void awaitExecuted(TransferId... transfers) throws Exception {
        for (TransferId id : transfers) {
            assertThat(harness.awaitFinal(id).status()).as("transfer %s", id).isEqualTo(TransferStatus.EXECUTED);
        }
    }

    private Map<String, Long> balances() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Obligation obligation : StoreListings.await(harness.store().balances()).obligations()) {
            out.put(obligation.debtor() + "->" + obligation.creditor(), obligation.amount().value().longValueExact());
        }
        return out;
    }

    private void assertChecked() {
        checker.check();
        assertThat(checker.violations()).isEmpty();
    }
}
