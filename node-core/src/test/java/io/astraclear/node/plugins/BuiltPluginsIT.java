package io.astraclear.node.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.astraclear.node.config.NodeConfig;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.Signature;
import io.astraclear.ports.netting.BalanceSnapshot;
import io.astraclear.ports.netting.NettingFigures;
import io.astraclear.ports.netting.NettingInvariants;
import io.astraclear.ports.netting.NettingProposal;
import io.astraclear.ports.netting.NettingStrategy;
import io.astraclear.ports.netting.Obligation;
import io.astraclear.ports.signing.Signer;
import io.astraclear.ports.signing.SignerProvider;
import io.astraclear.ports.signing.SignerSettings;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pf4j.PluginClassLoader;

/**
 * The two plugins this repository ships, loaded from the shaded jars their modules built (not from
 * node-core's class path, where they are not) through the real PF4J plugin manager.
 */
class BuiltPluginsIT {
    private static final BankId A = BankId.of("BANK_A");
    private static final BankId B = BankId.of("BANK_B");
    /** anvil's first dev account. */
    private static final String ANVIL_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

    @TempDir
    static Path pluginsDirectory;

    private static PluginHost host;

    @BeforeAll
    static void startHost() throws Exception {
        PluginJars.copyBuiltPlugin("signer-ecdsa", pluginsDirectory);
        PluginJars.copyBuiltPlugin("netting-bilateral", pluginsDirectory);
        host = PluginHost.start(pluginsDirectory);
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    @Test
    void listsBothPluginsWithTheirKindsAndExtensions() {
        List<PluginInfo> plugins = host.plugins();

        assertThat(plugins).extracting(PluginInfo::id).containsExactly("netting-bilateral", "signer-ecdsa");
        PluginInfo netting = plugins.get(0);
        assertThat(netting.kinds()).containsExactly(PluginKind.NETTING);
        assertThat(netting.provider()).isEqualTo("astra-clear");
        assertThat(netting.version()).isNotBlank();
        assertThat(netting.jar().getFileName().toString()).startsWith("astra-plugin-netting-bilateral-");
        assertThat(netting.extensions()).containsExactly(new PluginExtension(PluginKind.NETTING, "bilateral", "1.0.0",
                "io.astraclear.plugins.netting.bilateral.BilateralNetting"));
        PluginInfo signer = plugins.get(1);
        assertThat(signer.kinds()).containsExactly(PluginKind.SIGNER);
        assertThat(signer.extensions()).containsExactly(new PluginExtension(PluginKind.SIGNER, "secp256k1-bouncycastle", "1.0.0",
                "io.astraclear.plugins.signer.ecdsa.EcdsaSignerProvider"));
    }

    @Test
    void pluginClassesComeFromTheirJarsAndAreNotOnTheNodesClassPath() {
        NettingStrategy bilateral = host.nettingStrategy("bilateral");
        SignerProvider signer = host.signerProvider("secp256k1-bouncycastle");

        assertThat(bilateral.getClass().getClassLoader()).isInstanceOf(PluginClassLoader.class);
        assertThat(signer.getClass().getClassLoader()).isInstanceOf(PluginClassLoader.class)
                .isNotSameAs(bilateral.getClass().getClassLoader());
        ClassLoader testLoader = getClass().getClassLoader();
        for (String pluginClass : Set.of(
                "io.astraclear.plugins.netting.bilateral.BilateralNetting",
                "io.astraclear.plugins.signer.ecdsa.EcdsaSignerProvider",
                "io.astraclear.plugins.signer.ecdsa.shaded.bouncycastle.math.ec.ECPoint")) {
            assertThatThrownBy(() -> Class.forName(pluginClass, false, testLoader))
                    .as(pluginClass).isInstanceOf(ClassNotFoundException.class);
        }
    }

    @Test
    void bilateralFromItsJarNetsTheSeedExample() {
        NettingStrategy bilateral = host.nettingStrategy("bilateral");
        BalanceSnapshot before = BalanceSnapshot.canonical(List.of(
                new Obligation(A, B, Amount.of(100)), new Obligation(B, A, Amount.of(30))));

        NettingProposal proposal = bilateral.net(before);

        assertThat(proposal.balancesAfter().obligations()).containsExactly(new Obligation(A, B, Amount.of(70)));
        assertThat(NettingInvariants.check(bilateral, before, proposal).passed()).isTrue();
        assertThat(NettingFigures.of(before, proposal.balancesAfter()).reductionPercent()).isEqualTo(new BigDecimal("46.15"));
        assertThat(host.pluginOf(bilateral)).map(PluginInfo::id).contains("netting-bilateral");
    }

    @Test
    void signerFromItsJarSignsAndRecoversWithItsShadedBouncyCastle() {
        SignerProvider provider = host.signerProvider("signer-ecdsa"); // by plugin id works too
        Signer signer = provider.create(SignerSettings.devRawKey(ANVIL_KEY));
        Bytes32 digest = Bytes32.of("0x" + "5a".repeat(32));

        Signature signature = signer.sign(digest);

        assertThat(signer.address()).isEqualTo(Address.of("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"));
        assertThat(provider.recover(digest, signature)).contains(signer.address());
    }

    @Test
    void signerFromItsJarOpensScryptAndPbkdf2Keystores(@TempDir Path secrets) throws Exception {
        SignerProvider provider = host.signerProvider("secp256k1-bouncycastle");
        Path pbkdf2Password = Files.writeString(secrets.resolve("password"), "testpassword");

        Signer castKeystore = provider.create(SignerSettings.keystore(
                resource("keystores/cast-validator.json"), resource("keystores/cast-validator.password")));
        Signer pbkdf2Keystore = provider.create(SignerSettings.keystore(resource("keystores/web3-secret-storage-pbkdf2.json"), pbkdf2Password));

        assertThat(castKeystore.address()).isEqualTo(Address.of("0x774e0f4fb05b0ba4156e1bd34eec5af724049aac"));
        assertThat(pbkdf2Keystore.address()).isEqualTo(provider.create(
                SignerSettings.devRawKey("0x7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d")).address());
    }

    @Test
    void aConfiguredIdNoPluginProvidesFailsNamingItAndWhatIsAvailable() {
        assertThatThrownBy(() -> host.nettingStrategy("multilateral"))
                .isInstanceOf(PluginStartupException.class)
                .hasMessageStartingWith("netting strategy 'multilateral' (plugins.netting) is not provided by any plugin in " + pluginsDirectory)
                .hasMessageContaining("available: bilateral 1.0.0 from plugin netting-bilateral");
        assertThatThrownBy(() -> host.signerProvider("secp256k1-native"))
                .hasMessageContaining("signer provider 'secp256k1-native' (plugins.signer) is not provided")
                .hasMessageContaining("available: secp256k1-bouncycastle 1.0.0 from plugin signer-ecdsa");
    }

    @Test
    void loadsAndSelectsWhatTheNodeConfigurationNames() throws Exception {
        try (LoadedPlugins plugins = LoadedPlugins.load(new NodeConfig.Plugins(pluginsDirectory, "secp256k1-bouncycastle", "bilateral"))) {
            assertThat(plugins.signerProvider().id()).isEqualTo("secp256k1-bouncycastle");
            assertThat(plugins.nettingStrategy().id()).isEqualTo("bilateral");
            assertThat(plugins.nettingPlugin().id()).isEqualTo("netting-bilateral");
            assertThat(plugins.signerPlugin().id()).isEqualTo("signer-ecdsa");
        }
        assertThatThrownBy(() -> LoadedPlugins.load(new NodeConfig.Plugins(pluginsDirectory, "secp256k1-bouncycastle", "multilateral")))
                .isInstanceOf(PluginStartupException.class)
                .hasMessageStartingWith("netting strategy 'multilateral' (plugins.netting) is not provided by any plugin in " + pluginsDirectory);
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(BuiltPluginsIT.class.getResource("/" + name).toURI());
    }
}
