package io.astraclear.adapters.besu;

import io.astraclear.ports.domain.Address;
import java.math.BigInteger;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.core.DefaultBlockParameter;

/**
 * Finds the block a contract (the bank's Gateway or Executor) was deployed in by bisecting
 * {@code eth_getCode} over history. A node that has pruned the state of old blocks (Besu Bonsai
 * keeps 512) cannot answer; then the search settles for block 0, which only costs reading empty
 * history.
 */
final class ContractDeployment {
    private static final Logger LOG = LoggerFactory.getLogger(ContractDeployment.class);

    private ContractDeployment() {}

    static CompletableFuture<Long> find(ChainRpc rpc, Address contract) {
        return rpc.blockNumber().thenCompose(head -> bisect(rpc, contract, 0, head)).exceptionally(failure -> {
            if (RpcFailure.of(failure).filter(RpcFailure::isTransient).isPresent()) {
                throw new java.util.concurrent.CompletionException(RpcFailure.unwrap(failure));
            }
            LOG.info("cannot find the deployment block of {} ({}); watching from block 0", contract, RpcFailure.unwrap(failure).getMessage());
            return 0L;
        });
    }

    /** The first block in {@code [low, high]} where the code exists; {@code high} has it. */
    private static CompletableFuture<Long> bisect(ChainRpc rpc, Address contract, long low, long high) {
        if (low >= high) {
            return CompletableFuture.completedFuture(high);
        }
        long middle = low + (high - low) / 2;
        return rpc.code(contract, DefaultBlockParameter.valueOf(BigInteger.valueOf(middle))).thenCompose(code -> hasCode(code)
                ? bisect(rpc, contract, low, middle)
                : bisect(rpc, contract, middle + 1, high));
    }

    static boolean hasCode(String code) {
        return code != null && !code.isEmpty() && !"0x".equals(code);
    }
}
