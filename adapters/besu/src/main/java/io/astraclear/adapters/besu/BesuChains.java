package io.astraclear.adapters.besu;

import io.astraclear.ports.chain.ChainPort;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes32;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.web3j.abi.datatypes.Type;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;

/**
 * The one way in: connects a {@link ChainPort} to a bank's chain over JSON-RPC (Besu, or any EVM
 * node such as anvil). Connecting checks, before anything is watched or sent, that the node serves
 * the expected chain id, that the Gateway and Executor are deployed contracts of this bank sharing
 * one BankToken, and resolves the fee mode when it is AUTO. Nothing here blocks the caller.
 */
public final class BesuChains {
    /** How many milliseconds web3j's own (unused) polling would wait; the adapter polls by itself. */
    private static final long WEB3J_POLLING_MILLIS = 1_000;

    private BesuChains() {}

    /** What connect established about the chain. */
    record Verified(long chainId, Address token, FeeMode feeMode) {}

    /**
     * Connects to {@code settings.rpcUrl()} and checks the chain. The stage fails with an
     * {@link IllegalStateException} naming the mismatch when the chain is not what the settings
     * describe, and with an {@link java.io.IOException} when the node cannot be reached.
     */
    public static CompletionStage<ChainPort> connect(ChainSettings settings) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "astra-chain-" + settings.bank());
            thread.setDaemon(true);
            return thread;
        });
        String url = settings.rpcUrl().toString();
        AsyncHttpService http = new AsyncHttpService(url, settings.rpcTimeout().toMillis(), settings.maxConcurrentRequests());
        ChainRpc rpc = new ChainRpc(Web3j.build(http, WEB3J_POLLING_MILLIS, scheduler), url, settings.rpcTimeout());
        return verify(settings, rpc)
                .<ChainPort>thenApply(verified -> new BesuChainAdapter(settings, verified, rpc, scheduler))
                .whenComplete((adapter, failure) -> {
                    if (failure != null) {
                        rpc.close();
                        scheduler.shutdownNow();
                    }
                });
    }

    private static CompletableFuture<Verified> verify(ChainSettings settings, ChainRpc rpc) {
        BankId bank = settings.bank();
        String where = bank + " at " + settings.rpcUrl();
        return rpc.chainId().thenCompose(chainId -> {
            if (chainId != settings.expectedChainId()) {
                throw mismatch(where + ": the node serves chain id " + chainId + ", the settings expect " + settings.expectedChainId());
            }
            return requireCode(rpc, settings.gateway(), where, "Gateway")
                    .thenCompose(ignored -> requireCode(rpc, settings.executor(), where, "Executor"))
                    .thenCompose(ignored -> rpc.call(settings.gateway(), ContractFunctions.gatewayLocalBank(), DefaultBlockParameterName.LATEST))
                    .thenCompose(localBank -> {
                        Bytes32 word = new Bytes32((byte[]) localBank.get(0).getValue());
                        if (!word.equals(bank.toBytes32())) {
                            throw mismatch(where + ": Gateway " + settings.gateway() + " belongs to bank " + word + ", not " + bank);
                        }
                        return rpc.call(settings.gateway(), ContractFunctions.gatewayToken(), DefaultBlockParameterName.LATEST)
                                .thenCombine(rpc.call(settings.executor(), ContractFunctions.executorToken(), DefaultBlockParameterName.LATEST),
                                        (gatewayToken, executorToken) -> {
                                            Address viaGateway = address(gatewayToken.get(0));
                                            Address viaExecutor = address(executorToken.get(0));
                                            if (!viaGateway.equals(viaExecutor)) {
                                                throw mismatch(where + ": Gateway token " + viaGateway + " and Executor token " + viaExecutor
                                                        + " differ; the two contracts are not one bank's deployment");
                                            }
                                            return viaGateway;
                                        });
                    })
                    .thenCompose(token -> FeeOracle.resolve(settings.feeMode(), rpc).thenApply(mode -> new Verified(chainId, token, mode)));
        });
    }

    private static CompletableFuture<Void> requireCode(ChainRpc rpc, Address contract, String where, String name) {
        return rpc.code(contract, DefaultBlockParameterName.LATEST).thenAccept(code -> {
            if (!ContractDeployment.hasCode(code)) {
                throw mismatch(where + ": no contract at the " + name + " address " + contract);
            }
        });
    }

    private static Address address(Type<?> value) {
        return Address.of((String) value.getValue());
    }

    private static IllegalStateException mismatch(String message) {
        return new IllegalStateException(message);
    }
}
