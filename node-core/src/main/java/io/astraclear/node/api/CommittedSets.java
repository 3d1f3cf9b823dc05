package io.astraclear.node.api;

import io.astraclear.ports.hub.HubGenesis;
import io.astraclear.ports.state.HubStore;
import io.astraclear.ports.state.ValidatorSets;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;

/**
 * The validator sets as committed: what storage holds after the last committed block, or the
 * genesis sets before the first (every Executor deployed with the genesis set). Read from storage,
 * not from the state machine, which may already hold a block that is finalized but not yet committed.
 */
final class CommittedSets {
    private CommittedSets() {}

    static Future<ValidatorSets> read(RoutingContext ctx, HubStore store, HubGenesis genesis) {
        return Requests.read(ctx, store.validatorSets()).map(stored -> stored.orElseGet(() -> genesis(genesis)));
    }

    static ValidatorSets genesis(HubGenesis genesis) {
        return new ValidatorSets(genesis.validators(), Optional.empty(), List.of(),
                genesis.bankIds().stream().map(bank -> new ValidatorSets.ExecutorSet(bank, genesis.validators())).toList(), List.of());
    }
}
