package io.astraclear.adapters.besu;

import io.astraclear.contracts.devnet.AnvilNode;
import io.astraclear.ports.chain.ChainPort;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test class's fixture: a fresh anvil with BANK_A's contracts ({@link AnvilBank}) and the chain
 * adapter connected to it, started before the class's tests and closed after them. Register it as
 * a static {@code @RegisterExtension} field.
 */
final class ConnectedBank implements BeforeAllCallback, AfterAllCallback {
    private final AnvilNode.Builder node;
    private final UnaryOperator<ChainSettings.Builder> settings;
    private AnvilBank bank;
    private ChainPort chain;

    ConnectedBank(AnvilNode.Builder node) {
        this(node, settings -> settings);
    }

    /** {@code settings} adjusts the adapter's settings (timeouts, fees) before it connects. */
    ConnectedBank(AnvilNode.Builder node, UnaryOperator<ChainSettings.Builder> settings) {
        this.node = node;
        this.settings = settings;
    }

    AnvilBank bank() {
        return bank;
    }

    ChainPort chain() {
        return chain;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        bank = AnvilBank.start(node);
        chain = AnvilBank.connect(settings.apply(bank.settings()).build());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (chain != null) {
            chain.close();
        }
        if (bank != null) {
            bank.close();
        }
    }
}
