package io.astraclear.node.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.astraclear.node.plugins.PluginJars.ThirdParty;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.netting.BalanceSnapshot;
import io.astraclear.ports.netting.NettingCheck;
import io.astraclear.ports.netting.NettingInvariant;
import io.astraclear.ports.netting.NettingInvariants;
import io.astraclear.ports.netting.NettingProposal;
import io.astraclear.ports.netting.NettingStrategy;
import io.astraclear.ports.netting.Obligation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pf4j.PluginClassLoader;

/**
 * A third party writes a netting plugin against the ports artifact only, builds one jar, drops it
 * into the plugins directory and selects it by id: it runs, with no rebuild of the node. Broken
 * jars stop start-up with a message that names them.
 */
class ThirdPartyPluginIT {
    private static final BankId A = BankId.of("BANK_A");
    private static final BankId B = BankId.of("BANK_B");
    private static final BankId C = BankId.of("BANK_C");
    private static final BalanceSnapshot SEED = BalanceSnapshot.canonical(List.of(
            owes(A, B, 100), owes(B, A, 30), owes(B, C, 50), owes(C, B, 8)));

    @TempDir
    Path pluginsDirectory;

    @Test
    void aDroppedInNettingPluginIsLoadedSelectedByIdAndRun() throws Exception {
        PluginJars.buildThirdParty(ThirdParty.of("half-bilateral", "example-half-bilateral"), pluginsDirectory);
        PluginJars.copyBuiltPlugin("netting-bilateral", pluginsDirectory);

        try (PluginHost host = PluginHost.start(pluginsDirectory)) {
            NettingStrategy halfBilateral = host.nettingStrategy("half-bilateral");

            NettingProposal proposal = halfBilateral.net(SEED);

            assertThat(proposal.balancesAfter().obligations()).containsExactly(
                    owes(A, B, 85), owes(B, A, 15), owes(B, C, 46), owes(C, B, 4));
            assertThat(NettingInvariants.check(halfBilateral, SEED, proposal).passed()).isTrue();
            assertThat(host.pluginOf(halfBilateral)).map(PluginInfo::provider).contains("Example Bank Tech Ltd");
            assertThat(host.nettingStrategy("example-half-bilateral")).isSameAs(halfBilateral);
            assertThat(host.nettingStrategy("bilateral").net(SEED).balancesAfter().obligations())
                    .containsExactly(owes(A, B, 70), owes(B, C, 42));
        }
    }

    @Test
    void theDroppedInPluginIsIsolatedInItsOwnClassLoader() throws Exception {
        PluginJars.buildThirdParty(ThirdParty.of("half-bilateral", "example-half-bilateral"), pluginsDirectory);

        try (PluginHost host = PluginHost.start(pluginsDirectory)) {
            NettingStrategy halfBilateral = host.nettingStrategy("half-bilateral");

            assertThat(halfBilateral.getClass().getName()).isEqualTo("com.example.netting.HalfBilateralNetting");
            assertThat(halfBilateral.getClass().getClassLoader()).isInstanceOf(PluginClassLoader.class);
            assertThat(NettingStrategy.class.getClassLoader()).isSameAs(getClass().getClassLoader());
            assertThatThrownBy(() -> Class.forName("com.example.netting.HalfBilateralNetting", false, getClass().getClassLoader()))
                    .isInstanceOf(ClassNotFoundException.class);
        }
    }

    @Test
    void aPluginThatBreaksAnInvariantIsRejectedWithItsNameAndTheInvariant() throws Exception {
        PluginJars.buildThirdParty(ThirdParty.of("one-sided", "example-one-sided"), pluginsDirectory);

        try (PluginHost host = PluginHost.start(pluginsDirectory)) {
            NettingStrategy oneSided = host.nettingStrategy("one-sided");

            NettingCheck check = NettingInvariants.check(oneSided, SEED, oneSided.net(SEED));

            assertThat(check).isInstanceOf(NettingCheck.Violated.class);
            NettingCheck.Violated violation = (NettingCheck.Violated) check;
            assertThat(violation.invariant()).isEqualTo(NettingInvariant.NET_POSITION_UNCHANGED);
            assertThat(violation.message()).isEqualTo("netting strategy one-sided 0.1.0 broke invariant NET_POSITION_UNCHANGED:"
                    + " net position of BANK_A changed from -70 to -40");
            assertThat(host.pluginOf(oneSided)).map(PluginInfo::describe).contains("plugin example-one-sided 0.1.0 (example-one-sided-0.1.0.jar)");
        }
    }

    @Test
    void anExtensionThatThrowsInItsConstructorStopsStartUpNamingThePlugin() throws Exception {
        PluginJars.copyBuiltPlugin("netting-bilateral", pluginsDirectory);
        PluginJars.buildThirdParty(ThirdParty.of("exploding", "example-exploding"), pluginsDirectory);

        assertThatThrownBy(() -> PluginHost.start(pluginsDirectory))
                .isInstanceOf(PluginStartupException.class)
                .hasMessageStartingWith("plugin example-exploding 0.1.0 (example-exploding-0.1.0.jar) failed to construct its netting strategy"
                        + " com.example.netting.ExplodingNetting: ")
                .hasMessageContaining("IllegalStateException: exploding on purpose: licence file not found");
    }

    @Test
    void aPluginWhoseLifecycleClassFailsToStartStopsStartUpNamingThePlugin() throws Exception {
        PluginJars.buildThirdParty(ThirdParty.of("failing-start", "example-failing-start")
                .withPluginClass("com.example.netting.FailingLifecycle"), pluginsDirectory);

        assertThatThrownBy(() -> PluginHost.start(pluginsDirectory))
                .isInstanceOf(PluginStartupException.class)
                .hasMessageStartingWith("plugin example-failing-start 0.1.0 (example-failing-start-0.1.0.jar) did not start (state FAILED): ")
                .hasMessageContaining("licence server unreachable");
    }

    @Test
    void twoJarsWithTheSamePluginIdStopStartUpNamingTheSecondJar() throws Exception {
        PluginJars.buildThirdParty(ThirdParty.of("half-bilateral", "example-half-bilateral"), pluginsDirectory, "a-half-bilateral.jar");
        PluginJars.buildThirdParty(ThirdParty.of("half-bilateral", "example-half-bilateral"), pluginsDirectory, "b-half-bilateral-copy.jar");

        assertThatThrownBy(() -> PluginHost.start(pluginsDirectory))
                .isInstanceOf(PluginStartupException.class)
                .hasMessageStartingWith("plugin jar b-half-bilateral-copy.jar in ")
                .hasMessageContaining("example-half-bilateral");
    }

    @Test
    void aPluginBuiltWithoutTheAnnotationProcessorStopsStartUpWithAHint() throws Exception {
        PluginJars.buildThirdParty(ThirdParty.of("half-bilateral", "example-no-index").withoutAnnotationProcessor(), pluginsDirectory);

        assertThatThrownBy(() -> PluginHost.start(pluginsDirectory))
                .isInstanceOf(PluginStartupException.class)
                .hasMessageStartingWith("plugin example-no-index 0.1.0 (example-no-index-0.1.0.jar) provides no signer provider and no netting strategy")
                .hasMessageContaining("ExtensionAnnotationProcessor");
    }

    @Test
    void aPluginBundlingItsOwnCopyOfPortsStopsStartUpWithAHint() throws Exception {
        PluginJars.buildThirdParty(ThirdParty.of("half-bilateral", "example-fat-jar").bundlingPorts(), pluginsDirectory);

        assertThatThrownBy(() -> PluginHost.start(pluginsDirectory))
                .isInstanceOf(PluginStartupException.class)
                .hasMessageStartingWith("plugin example-fat-jar 0.1.0 (example-fat-jar-0.1.0.jar) implements io.astraclear.ports.netting.NettingStrategy"
                        + " from its own copy of the astra-ports classes")
                .hasMessageContaining("provided scope");
    }

    @Test
    void aJarWithoutAPluginManifestStopsStartUpNamingTheJar() throws Exception {
        PluginJars.buildThirdParty(ThirdParty.of("half-bilateral", "not-a-plugin").withoutPluginManifest(), pluginsDirectory);

        assertThatThrownBy(() -> PluginHost.start(pluginsDirectory))
                .isInstanceOf(PluginStartupException.class)
                .hasMessageStartingWith("plugin jar not-a-plugin-0.1.0.jar in " + pluginsDirectory.toRealPath() + " is not a loadable PF4J plugin: ");
    }

    @Test
    void aMissingPluginsDirectoryStopsStartUpNamingIt() {
        Path missing = pluginsDirectory.resolve("nowhere");

        assertThatThrownBy(() -> PluginHost.start(missing))
                .isInstanceOf(PluginStartupException.class)
                .hasMessage("plugins directory " + missing + " (plugins.directory) does not exist or is not a directory");
    }

    @Test
    void anEmptyDirectoryStartsButSelectingAnythingFailsSayingWhereToDropAJar() throws Exception {
        Files.writeString(pluginsDirectory.resolve("README.txt"), "not a jar, ignored");

        try (PluginHost host = PluginHost.start(pluginsDirectory)) {
            assertThat(host.plugins()).isEmpty();
            assertThatThrownBy(() -> host.nettingStrategy("bilateral"))
                    .hasMessageEndingWith("available: none (drop a plugin jar that provides a netting strategy into " + host.directory() + ")");
        }
    }

    private static Obligation owes(BankId debtor, BankId creditor, long amount) {
        return new Obligation(debtor, creditor, Amount.of(amount));
    }
}
