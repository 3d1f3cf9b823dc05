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
import io.astraclear.ports.signing.Signer;
import io.astraclear.ports.signing.SignerProvider;
import io.astraclear.ports.signing.SignerSettings;
import io.astraclear.ports.state.HubStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Turns configuration into connected adapters and loaded keys: the one place that knows which adapter serves which port. */
public final class NodeWiring {
    private NodeWiring() {}

    static SignerSettings signerSettings(NodeConfig.SignerKey key, boolean devMode) {
        return new SignerSettings(key.keystore(), key.passwordFile(), key.passwordEnv(), key.devPrivateKey(), devMode);
    }

    /** The bank operator keys this node holds, each checked against its bank's operator address. */
    static Map<BankId, Signer> operatorKeys(NodeConfig config, SignerProvider provider) {
        Map<BankId, Signer> keys = new TreeMap<>();
        for (NodeConfig.OperatorKey operator : config.operators()) {
            Signer signer = provider.create(signerSettings(operator.key(), config.devMode()));
            var expected = config.bank(operator.bank()).flatMap(NodeConfig.Bank::operator).orElseThrow();
            if (!signer.address().equals(expected)) {
                throw new IllegalStateException("the operator key configured for " + operator.bank() + " is " + signer.address()
                        + ", but banks[" + operator.bank() + "].operator is " + expected + "; check operators[].keystore");
            }
            keys.put(operator.bank(), signer);
        }
        return keys;
    }

    public static Future<HubStore> hubStore(Vertx vertx, NodeConfig.Storage storage) {
        if (storage.inMemory()) {
            return Future.succeededFuture(InMemoryStorage.hubStore());
        }
        PgStorageOptions options = PgStorageOptions.fromUrl(storage.url()).withPool(storage.poolSize(), storage.waitQueueSize());
        return Future.fromCompletionStage(PgStorage.connectHubStore(vertx, options));
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
