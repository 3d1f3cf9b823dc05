package io.astraclear.node;

import io.astraclear.adapters.besu.BesuChains;
import io.astraclear.adapters.besu.ChainSettings;
import io.astraclear.adapters.besu.FeeMode;
import io.astraclear.adapters.memory.InMemoryStorage;
import io.astraclear.adapters.postgres.PgStorage;
import io.astraclear.adapters.postgres.PgStorageOptions;
import io.astraclear.node.config.NodeConfig;
import io.astraclear.ports.chain.ChainPort;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.signing.SignerSettings;
import io.astraclear.ports.storage.StoragePort;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Turns configuration into connected adapters: the one place that knows which adapter serves which port. */
public final class NodeWiring {
    private NodeWiring() {}

    static SignerSettings signerSettings(NodeConfig config) {
        NodeConfig.SignerKey key = config.signer();
        return new SignerSettings(key.keystore(), key.passwordFile(), key.passwordEnv(), key.devPrivateKey(), config.devMode());
    }

    public static Future<StoragePort> storage(Vertx vertx, NodeConfig.Storage storage) {
        if (storage.inMemory()) {
            return Future.succeededFuture(InMemoryStorage.create());
        }
        PgStorageOptions options = PgStorageOptions.fromUrl(storage.url()).withPool(storage.poolSize(), storage.waitQueueSize());
        return Future.fromCompletionStage(PgStorage.connect(vertx, options));
    }

    /** Connects every bank's chain; if one fails, the ones already connected are closed. */
    static Future<Map<BankId, ChainPort>> chains(NodeConfig config) {
        Set<BankId> consortium = config.banks().stream().map(NodeConfig.Bank::id).collect(Collectors.toSet());
        List<Future<ChainPort>> connecting = config.banks().stream()
                .map(bank -> Future.fromCompletionStage(BesuChains.connect(settings(config, bank, consortium))))
                .toList();
        return Future.join(connecting).transform(done -> {
            Map<BankId, ChainPort> chains = new LinkedHashMap<>();
            for (Future<ChainPort> chain : connecting) {
                if (chain.succeeded()) {
                    chains.put(chain.result().bank(), chain.result());
                }
            }
            if (done.failed()) {
                chains.values().forEach(ChainPort::close);
                return Future.failedFuture(done.cause());
            }
            return Future.succeededFuture(chains);
        });
    }

    private static ChainSettings settings(NodeConfig config, NodeConfig.Bank bank, Set<BankId> consortium) {
        return ChainSettings.builder()
                .bank(bank.id())
                .rpcUrl(bank.rpcUrl())
                .expectedChainId(bank.chainId())
                .gateway(bank.gateway())
                .executor(bank.executor())
                .finalityDepth(bank.finalityDepth())
                .relayerPrivateKey(config.relayer().privateKeyHex())
                .knownBanks(consortium)
                .feeMode(FeeMode.valueOf(bank.feeMode().toUpperCase(Locale.ROOT)))
                .retryMax(config.protocol().retryMax())
                .build();
    }
}
