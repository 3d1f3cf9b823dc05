package io.astraclear.contracts.testing;

import io.astraclear.contracts.devnet.AnvilNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts fresh anvil chains (one per chain id, each on a free loopback port) before a test class
 * and stops them after it, also when tests or the set-up fail. anvil slows down as its chain
 * grows, so every class gets new ones.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final AnvilExtension CHAINS = AnvilExtension.withChainIds(1001, 1002);
 *
 * @BeforeAll
 * static void deploy() { TestChain source = CHAINS.chain(0); ... }
 * }</pre>
 */
public final class AnvilExtension implements BeforeAllCallback, AfterAllCallback {
    private final long[] chainIds;
    private final List<TestChain> chains = new ArrayList<>();

    private AnvilExtension(long[] chainIds) {
        if (chainIds.length == 0) {
            throw new IllegalArgumentException("name at least one chain id");
        }
        this.chainIds = chainIds.clone();
    }

    public static AnvilExtension withChainIds(long... chainIds) {
        return new AnvilExtension(chainIds);
    }

    /** The chain started for the {@code index}-th chain id. */
    public TestChain chain(int index) {
        if (chains.isEmpty()) {
            throw new IllegalStateException("no chain is running: register AnvilExtension on a static field with @RegisterExtension");
        }
        return chains.get(index);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        try {
            for (long chainId : chainIds) {
                chains.add(new TestChain(AnvilNode.builder().chainId(chainId).start()));
            }
        } catch (RuntimeException startFailed) {
            stopAll();
            throw startFailed;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stopAll();
    }

    private void stopAll() {
        RuntimeException firstFailure = null;
        for (TestChain chain : chains) {
            try {
                chain.close();
            } catch (RuntimeException e) {
                if (firstFailure == null) {
                    firstFailure = e;
                }
            }
        }
        chains.clear();
        if (firstFailure != null) {
            throw firstFailure;
        }
    }
}
