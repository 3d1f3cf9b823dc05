package io.astraclear.ports.consensus;

import io.astraclear.ports.domain.CommandId;
import io.astraclear.ports.storage.VoteOutcome;
import io.astraclear.ports.domain.ValidatorSet;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The hand-made validator network of the per-transfer vote protocol (replaced by the hub state
 * machine and its {@link ConsensusPort} engines; deleted with it). The validator network: knows the validator set, publishes this node's votes to its peers and
 * hands over the peers' votes. Implementations verify nothing on behalf of the node: the node
 * recovers every vote's signer itself before counting it.
 */
public interface VoteNetwork extends AutoCloseable {
    /** The active set: votes are counted against it and its threshold confirms. */
    ValidatorSet validatorSet();

    /**
     * A set the active set has agreed to hand over to, not yet in force on every Executor. Its
     * members' votes are accepted and stored (so that commands can be re-signed for it), but only
     * the active set's are counted.
     */
    default Optional<ValidatorSet> nextValidatorSet() {
        return Optional.empty();
    }

    /** Sends this node's vote to every peer (best effort; a peer that misses it asks again on catch-up). */
    CompletionStage<Void> publish(Vote vote);

    /**
     * Registers the receiver of peers' votes; called once at start-up. The receiver verifies, stores
     * and counts a vote; its stage fails with {@link IllegalArgumentException} for a vote it rejects
     * (signer not a validator, signature not recovering to it). The network uses the outcome to
     * answer the peer and to bound the work it accepts.
     */
    void onPeerVote(Function<Vote, CompletionStage<VoteOutcome>> receiver);

    /**
     * Catch-up: asks the peers for the votes they hold for {@code commandIds} and hands every vote
     * they send to the receiver. Completes, with the number of votes received, when every peer
     * answered or timed out; never fails because a peer is down.
     */
    default CompletionStage<Integer> requestVotes(Collection<CommandId> commandIds) {
        return CompletableFuture.completedFuture(0);
    }

    @Override
    void close();
}
