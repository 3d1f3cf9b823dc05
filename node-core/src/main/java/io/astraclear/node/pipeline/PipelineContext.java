package io.astraclear.node.pipeline;

import io.astraclear.node.config.NodeConfig;
import io.astraclear.ports.chain.ChainPort;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.signing.Signer;
import io.astraclear.ports.signing.SignerProvider;
import io.astraclear.ports.storage.StoragePort;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/** Everything the pipeline's services share; all of them run on {@code context}, one event loop. */
record PipelineContext(
        Context context,
        NodeConfig config,
        StoragePort storage,
        Map<BankId, ChainPort> chains,
        io.astraclear.node.consensus.Consortium consensus,
        Signer signer,
        SignerProvider signatures,
        EventJournal events,
        Clock clock) {

    PipelineContext {
        chains = Map.copyOf(chains);
    }

    <T> Future<T> on(CompletionStage<T> stage) {
        return Stages.on(context, stage);
    }

    ChainPort chain(BankId bank) {
        ChainPort chain = chains.get(bank);
        if (chain == null) {
            throw new IllegalStateException("no chain configured for bank " + bank);
        }
        return chain;
    }
}
