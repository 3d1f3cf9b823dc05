package io.astraclear.contracts.testing;

import io.astraclear.contracts.devnet.AnvilNode;
import io.astraclear.contracts.devnet.ChainAccount;
import io.astraclear.contracts.devnet.JsonRpcHttp;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.web3j.protocol.Web3j;

/**
 * A running anvil chain with a web3j client and one {@link ChainAccount} per dev account, cached so
 * that every sender from an account shares its nonce counter.
 */
public final class TestChain implements AutoCloseable {
    private final AnvilNode node;
    private final Web3j web3j;
    private final Map<Integer, ChainAccount> accounts = new ConcurrentHashMap<>();

    TestChain(AnvilNode node) {
        this.node = node;
        this.web3j = JsonRpcHttp.connect(node.rpcUrl());
    }

    public AnvilNode node() {
        return node;
    }

    public Web3j web3j() {
        return web3j;
    }

    public long chainId() {
        return node.chainId();
    }

    /** Dev account {@code index} as a sender on this chain. */
    public ChainAccount account(int index) {
        return accounts.computeIfAbsent(index, i -> ChainAccount.connect(web3j, node.credentials(i), node.chainId()));
    }

    @Override
    public void close() {
        try {
            web3j.shutdown();
        } finally {
            node.close();
        }
    }

    @Override
    public String toString() {
        return "TestChain[" + node + "]";
    }
}
