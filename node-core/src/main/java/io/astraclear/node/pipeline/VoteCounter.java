package io.astraclear.node.pipeline;

import io.astraclear.ports.domain.ValidatorSet;
import io.astraclear.ports.consensus.Vote;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.CommandId;
import io.astraclear.ports.domain.Signature;
import io.astraclear.ports.domain.TransferId;
import io.astraclear.ports.storage.CommandRecord;
import io.astraclear.ports.storage.LedgerEntry;
import io.astraclear.ports.storage.VoteOutcome;
import io.astraclear.ports.storage.WriteResult;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Verifies and counts votes. A vote is accepted only if its signature recovers to the validator it
 * names and that validator is in the active set or in the agreed next one; a second digest from
 * one validator for one command is equivocation, recorded and reported, never counted. At
 * {@code threshold(n)} distinct validators of the active set on one digest the transfer is
 * confirmed: status, ledger ISSUE and the command with its signatures in one storage transaction.
 * A transfer marked STUCK short of threshold keeps waiting here: votes that arrive late (a peer
 * was down) still confirm it.
 */
final class VoteCounter {
    private final PipelineContext pipeline;
    private final Consumer<CommandRecord> onConfirmed;
    /** Transfers this node observed that still wait for votes, oldest first. */
    private final Map<CommandId, Awaiting> awaitingVotes = new LinkedHashMap<>();
    /**
     * Votes recorded in this process for digests still awaited, by validator: when they reach the
     * threshold the transfer confirms without reading the votes back from storage. Short of it,
     * storage (which also holds votes from before a restart) is the authority.
     */
    private final Map<io.astraclear.ports.domain.Bytes32, java.util.TreeMap<Address, Vote>> tally = new HashMap<>();
    private static final int RECOVERED_SIGNERS_KEPT = 65_536;
    /**
     * Signers recovered lately, by digest and signature, this node's own votes included: the same
     * vote comes again (peers answer catch-up requests with every vote they hold, a retried send
     * repeats a batch), and recovering a signature is the most expensive step of counting. Bounded,
     * least recently used out first.
     */
    private final Map<SignedDigest, Address> recoveredSigners = new LinkedHashMap<>(1_024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<SignedDigest, Address> eldest) {
            return size() > RECOVERED_SIGNERS_KEPT;
        }
    };
    private final AtomicLong rejectedVotes = new AtomicLong();
    /** Transfers this node confirmed since it started. */
    private final AtomicLong confirmed = new AtomicLong();
    /** Confirmations being written now, and whether new ones wait (while netting reads a consistent ledger). */
    private int confirming;
    private boolean held;
    private final List<Runnable> heldBack = new ArrayList<>();
    private io.vertx.core.Promise<Void> confirmationsDone;

    private record SignedDigest(io.astraclear.ports.domain.Bytes32 digest, Signature signature) {}

    /** A transfer waiting for votes; {@code askedAt} and {@code asks} pace the catch-up requests for it. */
    static final class Awaiting {
        final TransferId transferId;
        final long sinceMillis;
        long askedAtMillis;
        int asks;

        Awaiting(TransferId transferId, long sinceMillis) {
            this.transferId = transferId;
            this.sinceMillis = sinceMillis;
        }
    }

    VoteCounter(PipelineContext pipeline, Consumer<CommandRecord> onConfirmed) {
        this.pipeline = pipeline;
        this.onConfirmed = onConfirmed;
    }

    void awaitVotes(CommandId commandId, TransferId transferId) {
        awaitingVotes.computeIfAbsent(commandId, id -> new Awaiting(transferId, pipeline.clock().millis()));
    }

    /** When this node started waiting for {@code commandId}'s votes; 0 when it does not wait. */
    long awaitingSinceMillis(CommandId commandId) {
        Awaiting awaiting = awaitingVotes.get(commandId);
        return awaiting == null ? 0 : awaiting.sinceMillis;
    }

    boolean isAwaiting(CommandId commandId) {
        return awaitingVotes.containsKey(commandId);
    }

    int awaiting() {
        return awaitingVotes.size();
    }

    long rejectedVotes() {
        return rejectedVotes.get();
    }

    long confirmedHere() {
        return confirmed.get();
    }

    /**
     * Up to {@code limit} commands that have waited at least {@code minimumWaitMillis} and were not
     * asked for within their back-off (which doubles per ask, up to 16 times {@code intervalMillis});
     * marks them asked.
     */
    List<CommandId> dueForCatchUp(long minimumWaitMillis, long intervalMillis, int limit) {
        long now = pipeline.clock().millis();
        List<CommandId> due = new ArrayList<>();
        for (Iterator<Map.Entry<CommandId, Awaiting>> entries = awaitingVotes.entrySet().iterator(); entries.hasNext() && due.size() < limit; ) {
            Map.Entry<CommandId, Awaiting> entry = entries.next();
            Awaiting awaiting = entry.getValue();
            long backoff = intervalMillis << Math.min(awaiting.asks, 4);
            if (now - awaiting.sinceMillis >= minimumWaitMillis && now - awaiting.askedAtMillis >= backoff) {
                awaiting.askedAtMillis = now;
                awaiting.asks++;
                due.add(entry.getKey());
            }
        }
        return due;
    }

    /** This node's own vote, just signed here: nothing to recover, only its membership to check. */
    Future<VoteOutcome> acceptOwn(Vote vote) {
        recoveredSigners.put(new SignedDigest(vote.digest(), vote.signature()), vote.validator());
        return check(vote, "self", member(vote));
    }

    /** Verifies, stores and counts a peer's vote; completes when the vote's consequences are stored. */
    Future<VoteOutcome> accept(Vote vote, String from) {
        return check(vote, from, verify(vote));
    }

    private Future<VoteOutcome> check(Vote vote, String from, Optional<String> problem) {
        if (problem.isPresent()) {
            rejectedVotes.incrementAndGet();
            pipeline.events().publish(NodeEvent.VOTE_REJECTED, Map.of(
                    "from", from, "validator", vote.validator().value(), "commandId", vote.commandId().toString(), "reason", problem.get()));
            return Future.failedFuture(new IllegalArgumentException("vote rejected: " + problem.get()));
        }
        return record(vote, from);
    }

    private Future<VoteOutcome> record(Vote vote, String from) {
        return pipeline.on(pipeline.storage().recordVote(vote)).compose(outcome -> switch (outcome) {
            case EQUIVOCATION -> {
                pipeline.events().publish(NodeEvent.EQUIVOCATION_DETECTED, Map.of(
                        "validator", vote.validator().value(), "commandId", vote.commandId().toString(),
                        "digest", vote.digest().value(), "from", from));
                yield Future.succeededFuture(outcome);
            }
            case RECORDED -> {
                if (awaitingVotes.containsKey(vote.commandId())) {
                    tally.computeIfAbsent(vote.digest(), digest -> new java.util.TreeMap<>()).put(vote.validator(), vote);
                }
                yield count(vote).map(outcome);
            }
            case DUPLICATE -> count(vote).map(outcome);
        });
    }

    private Optional<String> member(Vote vote) {
        ValidatorSet active = pipeline.consensus().validatorSet();
        Optional<ValidatorSet> next = pipeline.consensus().nextValidatorSet();
        if (!active.contains(vote.validator()) && next.map(set -> !set.contains(vote.validator())).orElse(true)) {
            return Optional.of("signer " + vote.validator() + " is not a validator of the current set");
        }
        return Optional.empty();
    }

    private Optional<String> verify(Vote vote) {
        Optional<String> outsider = member(vote);
        if (outsider.isPresent()) {
            return outsider;
        }
        SignedDigest signed = new SignedDigest(vote.digest(), vote.signature());
        Address signer = recoveredSigners.get(signed);
        if (signer == null) {
            Optional<Address> recovered = pipeline.signatures().recover(vote.digest(), vote.signature());
            if (recovered.isEmpty()) {
                return Optional.of("signature does not recover to " + vote.validator());
            }
            signer = recovered.get();
            recoveredSigners.put(signed, signer);
        }
        if (!signer.equals(vote.validator())) {
            return Optional.of("signature does not recover to " + vote.validator());
        }
        return Optional.empty();
    }

    /**
     * Holds confirmations back: completes once the ones being written are stored; those that reach
     * threshold meanwhile wait for {@link #release}. Netting reads the balances and the set of
     * confirmed transfers in between, so that the two agree. One hold at a time.
     */
    Future<Void> hold() {
        if (held) {
            throw new IllegalStateException("confirmations are held already");
        }
        held = true;
        if (confirming == 0) {
            return Future.succeededFuture();
        }
        confirmationsDone = io.vertx.core.Promise.promise();
        return confirmationsDone.future();
    }

    void release() {
        held = false;
        List<Runnable> waiting = List.copyOf(heldBack);
        heldBack.clear();
        waiting.forEach(Runnable::run);
    }

    /** Re-counts the votes on {@code vote}'s digest and confirms at threshold. */
    Future<Void> count(Vote vote) {
        if (held) {
            io.vertx.core.Promise<Void> later = io.vertx.core.Promise.promise();
            heldBack.add(() -> count(vote).onComplete(later));
            return later.future();
        }
        Awaiting awaiting = awaitingVotes.get(vote.commandId());
        if (awaiting == null) {
            // not observed here yet (or already confirmed): our own observation will count again
            return Future.succeededFuture();
        }
        ValidatorSet active = pipeline.consensus().validatorSet();
        java.util.TreeMap<Address, Vote> local = tally.get(vote.digest());
        if (local != null && counted(local.values(), active).size() >= active.threshold()) {
            return confirmWith(awaiting, vote, counted(local.values(), active), active.threshold());
        }
        return pipeline.on(pipeline.storage().votes(vote.digest())).compose(stored -> {
            List<Vote> counted = counted(stored, active);
            if (counted.size() < active.threshold() || !awaitingVotes.containsKey(vote.commandId())) {
                return Future.succeededFuture();
            }
            if (held) {
                // a hold began while the votes were being read
                return count(vote);
            }
            return confirmWith(awaiting, vote, counted, active.threshold());
        });
    }

    /** The votes of the active set, lowest signer first. */
    private static List<Vote> counted(java.util.Collection<Vote> votes, ValidatorSet active) {
        return votes.stream()
                .filter(v -> active.contains(v.validator()))
                .sorted((a, b) -> a.validator().compareTo(b.validator()))
                .toList();
    }

    private Future<Void> confirmWith(Awaiting awaiting, Vote vote, List<Vote> counted, int threshold) {
        // exactly threshold signatures, lowest signers first: the Executor wants them ascending, and fewer cost less gas
        List<Signature> signatures = counted.subList(0, threshold).stream().map(Vote::signature).toList();
        TransferId transferId = awaiting.transferId;
        awaitingVotes.remove(vote.commandId());
        tally.remove(vote.digest());
        confirming++;
        return pipeline.on(pipeline.storage().confirm(transferId, vote.command(), signatures, pipeline.clock().instant()))
                .onComplete(done -> {
                    confirming--;
                    if (confirming == 0 && confirmationsDone != null) {
                        confirmationsDone.tryComplete();
                        confirmationsDone = null;
                    }
                })
                .compose(result -> confirmed(result, transferId, vote, signatures))
                .onFailure(failure -> awaitingVotes.putIfAbsent(vote.commandId(), awaiting));
    }

    private Future<Void> confirmed(WriteResult<LedgerEntry> result, TransferId transferId, Vote vote, List<Signature> signatures) {
        if (result instanceof WriteResult.Applied<LedgerEntry>) {
            confirmed.incrementAndGet();
            pipeline.events().publish(NodeEvent.TRANSFER_CONFIRMED, Map.of(
                    "transferId", transferId.toString(),
                    "commandId", vote.commandId().toString(),
                    "sourceBank", vote.command().sourceBank().value(),
                    "destinationBank", vote.command().destinationBank().value(),
                    "amount", vote.command().amount().toString(),
                    "signatures", Integer.toString(signatures.size())));
            onConfirmed.accept(new CommandRecord(transferId, vote.command(), signatures, CommandRecord.Status.PENDING, List.of(), Optional.empty(), ""));
        }
        // Rejected (ALREADY_CONFIRMED): a restart or a racing count got there first; nothing to do
        return Future.succeededFuture();
    }
}
