package io.astraclear.ports.storage;

import static io.astraclear.ports.storage.StorageFixtures.BANK_A;
import static io.astraclear.ports.storage.StorageFixtures.BANK_B;
import static io.astraclear.ports.storage.StorageFixtures.BANK_C;
import static io.astraclear.ports.storage.StorageFixtures.checkpoint;
import static io.astraclear.ports.storage.StorageFixtures.commandFor;
import static io.astraclear.ports.storage.StorageFixtures.forgedCommandFor;
import static io.astraclear.ports.storage.StorageFixtures.hash;
import static io.astraclear.ports.storage.StorageFixtures.signature;
import static io.astraclear.ports.storage.StorageFixtures.signatures;
import static io.astraclear.ports.storage.StorageFixtures.transfer;
import static io.astraclear.ports.storage.StorageFixtures.validator;
import static io.astraclear.ports.storage.StorageFixtures.vote;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.astraclear.ports.chain.Checkpoint;
import io.astraclear.ports.chain.ObservedTransfer;
import io.astraclear.ports.chain.QuarantinedLog;
import io.astraclear.ports.consensus.Vote;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.CommandId;
import io.astraclear.ports.domain.MintCommand;
import io.astraclear.ports.domain.Signature;
import io.astraclear.ports.domain.TransferId;
import io.astraclear.ports.netting.BalanceSnapshot;
import io.astraclear.ports.netting.Obligation;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link StoragePort} must show, whatever stores it. An adapter's test class
 * extends this and says how to open a fresh, empty storage on a given clock; every test gets its own.
 *
 * <p>Equivocation, as chosen here and documented on {@link StoragePort#recordVote}: a validator's
 * first digest for a command counts; a later, different digest is evidence only and is never
 * counted, for any digest.
 */
public abstract class StoragePortContract {
    private static final Duration AWAIT = Duration.ofSeconds(60);
    private static final Instant START = Instant.parse("2025-03-01T09:00:00Z");

    protected MutableClock clock;
    protected StoragePort storage;

    /** A new, empty storage whose own timestamps come from {@code clock}. */
    protected abstract StoragePort openStorage(MutableClock clock) throws Exception;

    @BeforeEach
    void openFreshStorage() throws Exception {
        clock = new MutableClock(START);
        storage = openStorage(clock);
    }

    @AfterEach
    void closeStorage() {
        if (storage != null) {
            storage.close();
        }
    }

    // === chain watching ==========================================================================

    @Test
    void recordObservedStoresTransfersAsObservedAndAdvancesTheCheckpoint() {
        assertThat(await(storage.checkpoint(BANK_A))).isEmpty();
        ObservedTransfer first = transfer(BANK_A, BANK_B, 100, 1);
        ObservedTransfer second = transfer(BANK_A, BANK_C, 250, 2);

        List<ObservedTransfer> added = await(storage.recordObserved(List.of(first, second), List.of(), checkpoint(BANK_A, 2)));

        assertThat(added).containsExactly(first, second);
        assertThat(await(storage.checkpoint(BANK_A))).contains(checkpoint(BANK_A, 2));
        assertThat(await(storage.checkpoint(BANK_B))).isEmpty();
        TransferRecord stored = await(storage.transfer(first.transferId())).orElseThrow();
        assertThat(stored.observed()).isEqualTo(first);
        assertThat(stored.status()).isEqualTo(TransferStatus.OBSERVED);
        assertThat(stored.history()).containsExactly(new StatusChange(TransferStatus.OBSERVED, START, ""));
        assertThat(await(storage.transfer(transfer(BANK_A, BANK_B, 100, 3).transferId()))).isEmpty();
    }

    @Test
    void recordingTheSameTransfersAgainIsANoOpWithoutDuplicates() {
        ObservedTransfer first = transfer(BANK_A, BANK_B, 100, 1);
        ObservedTransfer second = transfer(BANK_A, BANK_B, 200, 2);
        await(storage.recordObserved(List.of(first), List.of(), checkpoint(BANK_A, 1)));
        int auditBefore = allAudit().size();

        List<ObservedTransfer> added = await(storage.recordObserved(List.of(first, second, second), List.of(), checkpoint(BANK_A, 2)));
        List<ObservedTransfer> again = await(storage.recordObserved(List.of(first, second), List.of(), checkpoint(BANK_A, 2)));

        assertThat(added).containsExactly(second);
        assertThat(again).isEmpty();
        assertThat(await(storage.transfers(TransferQuery.firstPage(10))).items()).hasSize(2);
        assertThat(await(storage.transfer(second.transferId())).orElseThrow().history()).hasSize(1);
        assertThat(actions(allAudit().subList(auditBefore, allAudit().size())))
                .containsExactly(AuditActions.TRANSFER_OBSERVED, AuditActions.CHECKPOINT_ADVANCED);
    }

    @Test
    void checkpointNeverMovesBackwards() {
        await(storage.recordObserved(List.of(), List.of(), checkpoint(BANK_A, 10)));
        int auditBefore = allAudit().size();

        ObservedTransfer late = transfer(BANK_A, BANK_B, 5, 7);
        List<ObservedTransfer> added = await(storage.recordObserved(List.of(late), List.of(), checkpoint(BANK_A, 7)));
        await(storage.recordObserved(List.of(), List.of(), checkpoint(BANK_A, 10)));

        assertThat(added).containsExactly(late);
        assertThat(await(storage.checkpoint(BANK_A))).contains(checkpoint(BANK_A, 10));
        assertThat(actions(allAudit().subList(auditBefore, allAudit().size()))).containsExactly(AuditActions.TRANSFER_OBSERVED);

        await(storage.recordObserved(List.of(), List.of(), checkpoint(BANK_A, 11)));
        assertThat(await(storage.checkpoint(BANK_A))).contains(checkpoint(BANK_A, 11));
    }

    @Test
    void recordObservedWithATransferOfAnotherBankFailsAndStoresNothing() {
        StateSnapshot before = snapshotState();
        ObservedTransfer ours = transfer(BANK_A, BANK_B, 100, 1);
        ObservedTransfer foreign = transfer(BANK_B, BANK_A, 100, 1);

        Throwable failure = failure(() -> storage.recordObserved(List.of(ours, foreign), List.of(), checkpoint(BANK_A, 1)));

        assertThat(failure).isInstanceOf(IllegalArgumentException.class);
        assertThat(await(storage.transfer(ours.transferId()))).isEmpty();
        assertThat(await(storage.checkpoint(BANK_A))).isEmpty();
        assertUnchangedSince(before);
    }

    @Test
    void quarantinedLogsAreKeptOnceInArrivalOrder() {
        QuarantinedLog undecodable = new QuarantinedLog(BANK_A, 3, hash("tx-1"), 0, "cannot decode", "0xdead");
        QuarantinedLog unknownBank = new QuarantinedLog(BANK_A, 4, hash("tx-2"), 2, "unknown destination bank ZZZ", "");
        await(storage.recordObserved(List.of(), List.of(undecodable), checkpoint(BANK_A, 3)));
        await(storage.recordObserved(List.of(), List.of(unknownBank, undecodable), checkpoint(BANK_A, 4)));

        assertThat(await(storage.quarantined(10))).containsExactly(undecodable, unknownBank);
        assertThat(await(storage.quarantined(1))).containsExactly(undecodable);
        assertThat(actions(allAudit())).filteredOn(AuditActions.LOG_QUARANTINED::equals).hasSize(2);
    }

    // === votes ===================================================================================

    @Test
    void aRepeatedVoteIsADuplicateAndStoredOnce() {
        MintCommand command = commandFor(transfer(BANK_A, BANK_B, 100, 1));
        Vote vote = vote(command, 1);
        Vote sameVoteOtherSignature = new Vote(command, command.digest(), validator(1), signature(1, command.digest(), 1));

        assertThat(await(storage.recordVote(vote))).isEqualTo(VoteOutcome.RECORDED);
        assertThat(await(storage.recordVote(vote))).isEqualTo(VoteOutcome.DUPLICATE);
        assertThat(await(storage.recordVote(sameVoteOtherSignature))).isEqualTo(VoteOutcome.DUPLICATE);

        assertThat(await(storage.votes(command.digest()))).containsExactly(vote);
        assertThat(await(storage.votesForCommand(command.commandId()))).containsExactly(vote);
        assertThat(actions(allAudit())).containsExactly(AuditActions.VOTE_RECORDED);
    }

    @Test
    void votesForADigestAreOrderedByValidator() {
        MintCommand command = commandFor(transfer(BANK_A, BANK_B, 100, 1));
        MintCommand other = commandFor(transfer(BANK_A, BANK_B, 100, 2));
        for (int index : new int[] {3, 1, 4, 2}) {
            await(storage.recordVote(vote(command, index)));
        }
        await(storage.recordVote(vote(other, 1)));

        assertThat(await(storage.votes(command.digest())))
                .containsExactly(vote(command, 1), vote(command, 2), vote(command, 3), vote(command, 4));
        assertThat(await(storage.votesForCommand(command.commandId())))
                .containsExactly(vote(command, 3), vote(command, 1), vote(command, 4), vote(command, 2));
        assertThat(await(storage.votes(hash("nothing voted")))).isEmpty();
    }

    @Test
    void anEquivocatingVoteIsKeptAsEvidenceAndNeverCounted() {
        ObservedTransfer observed = transfer(BANK_A, BANK_B, 100, 1);
        MintCommand honest = commandFor(observed);
        MintCommand forged = forgedCommandFor(observed);
        assertThat(forged.digest()).isNotEqualTo(honest.digest());

        assertThat(await(storage.recordVote(vote(honest, 1)))).isEqualTo(VoteOutcome.RECORDED);
        assertThat(await(storage.recordVote(vote(forged, 1)))).isEqualTo(VoteOutcome.EQUIVOCATION);
        assertThat(await(storage.recordVote(vote(forged, 2)))).isEqualTo(VoteOutcome.RECORDED);
        assertThat(await(storage.recordVote(vote(forged, 1)))).isEqualTo(VoteOutcome.DUPLICATE);
        assertThat(await(storage.recordVote(vote(honest, 1)))).isEqualTo(VoteOutcome.DUPLICATE);

        assertThat(await(storage.votes(honest.digest()))).containsExactly(vote(honest, 1));
        assertThat(await(storage.votes(forged.digest()))).containsExactly(vote(forged, 2));
        assertThat(await(storage.votesForCommand(honest.commandId())))
                .containsExactly(vote(honest, 1), vote(forged, 1), vote(forged, 2));
        List<AuditEntry> audit = allAudit();
        assertThat(actions(audit)).containsExactly(
                AuditActions.VOTE_RECORDED, AuditActions.VOTE_EQUIVOCATION, AuditActions.VOTE_RECORDED);
        assertThat(audit.get(1).actor()).isEqualTo(AuditActions.validator(validator(1)));
        assertThat(audit.get(1).subject()).isEqualTo(honest.commandId().toString());
    }

    // === confirmation ============================================================================

    @Test
    void confirmIssuesTheCredAndStoresTheCommandTogether() {
        ObservedTransfer observed = transfer(BANK_A, BANK_B, 100, 1);
        observe(observed);
        MintCommand command = commandFor(observed);
        List<Signature> signatures = signatures(command, 3);
        Instant at = clock.advance(Duration.ofSeconds(5));

        LedgerEntry issued = applied(storage.confirm(observed.transferId(), command, signatures, at));

        assertThat(issued.type()).isEqualTo(EntryType.ISSUE);
        assertThat(issued.issuer()).isEqualTo(BANK_A);
        assertThat(issued.holder()).isEqualTo(BANK_B);
        assertThat(issued.amount()).isEqualTo(Amount.of(100));
        assertThat(issued.reference()).isEqualTo(observed.transferId().toString());
        assertThat(issued.at()).isEqualTo(at);
        assertThat(allJournal()).containsExactly(issued);
        assertThat(await(storage.balances())).isEqualTo(snapshot(new Obligation(BANK_A, BANK_B, Amount.of(100))));

        TransferRecord record = await(storage.transfer(observed.transferId())).orElseThrow();
        assertThat(record.status()).isEqualTo(TransferStatus.CONFIRMED);
        assertThat(record.history()).extracting(StatusChange::status).containsExactly(TransferStatus.OBSERVED, TransferStatus.CONFIRMED);
        assertThat(record.history().get(1).at()).isEqualTo(at);

        CommandRecord stored = await(storage.command(command.commandId())).orElseThrow();
        assertThat(stored.transferId()).isEqualTo(observed.transferId());
        assertThat(stored.command()).isEqualTo(command);
        assertThat(stored.signatures()).containsExactlyElementsOf(signatures);
        assertThat(stored.status()).isEqualTo(CommandRecord.Status.PENDING);
        assertThat(stored.attempts()).isEmpty();
        assertThat(stored.execution()).isEmpty();
        assertThat(await(storage.pendingCommands(10))).containsExactly(stored);

        AuditEntry audited = last(allAudit());
        assertThat(audited.action()).isEqualTo(AuditActions.TRANSFER_CONFIRMED);
        assertThat(audited.subject()).isEqualTo(observed.transferId().toString());
        assertThat(audited.actor()).isEqualTo(AuditActions.CONSENSUS);
        assertThat(audited.at()).isEqualTo(at);
    }

    @Test
    void aSecondConfirmIsRejectedAndNeverIssuesTwice() {
        ObservedTransfer observed = transfer(BANK_A, BANK_B, 100, 1);
        LedgerEntry first = confirmed(observed);
        StateSnapshot before = snapshotState();

        WriteResult<LedgerEntry> again = await(storage.confirm(observed.transferId(), commandFor(observed), signatures(commandFor(observed), 3), clock.instant()));

        assertRejected(again, RejectionCode.ALREADY_CONFIRMED);
        assertThat(allJournal()).containsExactly(first);
        assertUnchangedSince(before);
    }

    @Test
    void confirmOfAnUnknownTransferLeavesNothingBehind() {
        observe(transfer(BANK_A, BANK_B, 100, 1));
        ObservedTransfer never = transfer(BANK_A, BANK_B, 100, 2);
        StateSnapshot before = snapshotState();

        WriteResult<LedgerEntry> result = await(storage.confirm(never.transferId(), commandFor(never), signatures(commandFor(never), 3), clock.instant()));

        assertRejected(result, RejectionCode.UNKNOWN_TRANSFER);
        assertThat(await(storage.command(commandFor(never).commandId()))).isEmpty();
        assertUnchangedSince(before);
    }

    @Test
    void confirmWithACommandOtherThanTheTransferCallsForIsRejected() {
        ObservedTransfer observed = transfer(BANK_A, BANK_B, 100, 1);
        observe(observed);
        StateSnapshot before = snapshotState();
        MintCommand forged = forgedCommandFor(observed);
        ObservedTransfer other = transfer(BANK_A, BANK_B, 100, 2);

        assertRejected(await(storage.confirm(observed.transferId(), forged, signatures(forged, 3), clock.instant())), RejectionCode.COMMAND_MISMATCH);
        assertRejected(await(storage.confirm(observed.transferId(), commandFor(other), signatures(commandFor(other), 3), clock.instant())),
                RejectionCode.COMMAND_MISMATCH);

        assertThat(await(storage.transfer(observed.transferId())).orElseThrow().status()).isEqualTo(TransferStatus.OBSERVED);
        assertUnchangedSince(before);
    }

    @Test
    void confirmWithRepeatedOrNoSignaturesFailsAndStoresNothing() {
        ObservedTransfer observed = transfer(BANK_A, BANK_B, 100, 1);
        observe(observed);
        MintCommand command = commandFor(observed);
        Signature one = signature(1, command.digest());
        StateSnapshot before = snapshotState();

        assertThat(failure(() -> storage.confirm(observed.transferId(), command, List.of(one, one), clock.instant())))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(failure(() -> storage.confirm(observed.transferId(), command, List.of(), clock.instant())))
                .isInstanceOf(IllegalArgumentException.class);

        assertUnchangedSince(before);
    }

    @Test
    void aTransferStuckShortOfThresholdIsConfirmedWhenItsThresholdArrivesLate() {
        ObservedTransfer observed = transfer(BANK_A, BANK_B, 100, 1);
        observe(observed);
        Instant stuckAt = clock.advance(Duration.ofMinutes(10));
        assertThat(await(storage.markStuck(observed.transferId(), "short of threshold after 100 ticks", stuckAt)))
                .isInstanceOf(WriteResult.Applied.class);
        assertThat(await(storage.transfersInStatus(TransferStatus.STUCK, 10))).extracting(record -> record.observed().transferId())
                .containsExactly(observed.transferId());
        assertThat(await(storage.command(observed.commandId()))).as("stuck short of threshold: never confirmed").isEmpty();

        Instant confirmedAt = clock.advance(Duration.ofMinutes(1));
        MintCommand command = commandFor(observed);
        assertThat(await(storage.confirm(observed.transferId(), command, signatures(command, 3), confirmedAt))).isInstanceOf(WriteResult.Applied.class);

        TransferRecord record = await(storage.transfer(observed.transferId())).orElseThrow();
        assertThat(record.status()).isEqualTo(TransferStatus.CONFIRMED);
        assertThat(record.history()).extracting(StatusChange::status)
                .containsExactly(TransferStatus.OBSERVED, TransferStatus.STUCK, TransferStatus.CONFIRMED);
        assertThat(record.history().get(1)).isEqualTo(new StatusChange(TransferStatus.STUCK, stuckAt, "short of threshold after 100 ticks"));
        assertThat(await(storage.transfersInStatus(TransferStatus.STUCK, 10))).isEmpty();
        assertThat(await(storage.pendingCommands(10))).extracting(pending -> pending.command().commandId()).containsExactly(observed.commandId());
        assertThat(await(storage.balances())).isEqualTo(snapshot(new Obligation(BANK_A, BANK_B, Amount.of(100))));
        assertThat(allJournal()).hasSize(1);
        assertRejected(await(storage.confirm(observed.transferId(), command, signatures(command, 3), clock.instant())), RejectionCode.ALREADY_CONFIRMED);
    }

    @Test
    void anIssueThatWouldOverflowUint256IsRejected() {
        Amount max = new Amount(Amount.MAX_UINT256);
        ObservedTransfer big = transfer(BANK_A, BANK_B, max, 1, 1);
        ObservedTransfer more = transfer(BANK_A, BANK_B, Amount.of(1), 2, 2);
        observe(big, more);
        confirmObserved(big);
        StateSnapshot before = snapshotState();

        assertRejected(await(storage.confirm(more.transferId(), commandFor(more), signatures(commandFor(more), 3), clock.instant())),
                RejectionCode.BALANCE_OVERFLOW);

        assertUnchangedSince(before);
        assertThat(await(storage.balances())).isEqualTo(snapshot(new Obligation(BANK_A, BANK_B, max)));
    }

    // === relaying and outcomes ===================================================================

    @Test
    void relayAttemptsAreRecordedOnceEachInOrder() {
        ObservedTransfer observed = transfer(BANK_A, BANK_B, 100, 1);
        confirmed(observed);
        CommandId commandId = observed.commandId();
        RelayAttempt first = new RelayAttempt(1, clock.advance(Duration.ofSeconds(1)), "TIMEOUT", "rpc timed out after 10 s");
        RelayAttempt second = new RelayAttempt(2, clock.advance(Duration.ofSeconds(2)), "SUBMITTED", "");

        await(storage.recordRelayAttempt(commandId, second));
        await(storage.recordRelayAttempt(commandId, first));
        await(storage.recordRelayAttempt(commandId, first));

        assertThat(await(storage.command(commandId)).orElseThrow().attempts()).containsExactly(first, second);
        assertThat(actions(allAudit())).filteredOn(AuditActions.RELAY_ATTEMPTED::equals).hasSize(2);
        assertThat(failure(() -> storage.recordRelayAttempt(transfer(BANK_A, BANK_B, 1, 9).commandId(), first)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void markExecutedFinishesCommandAndTransferOnce() {
        ObservedTransfer observed = transfer(BANK_A, BANK_B, 100, 1);
        confirmed(observed);
        CommandRecord.Execution execution = new CommandRecord.Execution(hash("mint-tx"), 42, 81_000);
        CommandRecord.Execution otherExecution = new CommandRecord.Execution(hash("other-tx"), 43, 80_000);
        Instant at = clock.advance(Duration.ofSeconds(7));
        assertThat(await(storage.transfer(observed.transferId())).orElseThrow().mintTransaction()).as("confirmed, not minted yet").isEmpty();

        assertThat(await(storage.markExecuted(observed.commandId(), execution, at))).isInstanceOf(WriteResult.Applied.class);
        int auditAfterFirst = allAudit().size();
        assertThat(await(storage.markExecuted(observed.commandId(), otherExecution, clock.advance(Duration.ofSeconds(1)))))
                .isInstanceOf(WriteResult.Applied.class);

        CommandRecord command = await(storage.command(observed.commandId())).orElseThrow();
        assertThat(command.status()).isEqualTo(CommandRecord.Status.EXECUTED);
        assertThat(command.execution()).contains(execution);
        TransferRecord record = await(storage.transfer(observed.transferId())).orElseThrow();
        assertThat(record.status()).isEqualTo(TransferStatus.EXECUTED);
        assertThat(record.mintTransaction()).as("the transaction that minted it").contains(hash("mint-tx"));
        assertThat(await(storage.transfers(TransferQuery.firstPage(10))).items()).singleElement()
                .satisfies(listed -> assertThat(listed.mintTransaction()).contains(hash("mint-tx")));
        assertThat(record.history()).extracting(StatusChange::status)
                .containsExactly(TransferStatus.OBSERVED, TransferStatus.CONFIRMED, TransferStatus.EXECUTED);
        assertThat(last(record.history()).at()).isEqualTo(at);
        assertThat(await(storage.pendingCommands(10))).isEmpty();
        assertThat(allAudit()).hasSize(auditAfterFirst);
        assertThat(last(allAudit()).action()).isEqualTo(AuditActions.COMMAND_EXECUTED);

        assertRejected(await(storage.markStuck(observed.transferId(), "late timeout", clock.instant())), RejectionCode.ALREADY_EXECUTED);
        assertRejected(await(storage.markExecuted(transfer(BANK_A, BANK_B, 1, 9).commandId(), execution, clock.instant())),
                RejectionCode.UNKNOWN_COMMAND);
        assertRejected(await(storage.markStuck(transfer(BANK_A, BANK_B, 1, 9).transferId(), "?", clock.instant())),
                RejectionCode.UNKNOWN_TRANSFER);
    }

    @Test
    void aCommandTheExecutorHadProcessedAlreadyNamesNoMintTransaction() {
        ObservedTransfer observed = transfer(BANK_A, BANK_B, 100, 1);
        confirmed(observed);
        // another relayer minted it: this node knows no transaction of its own (the all-zero hash)
        CommandRecord.Execution elsewhere = new CommandRecord.Execution(Bytes32.ZERO, -1, 0);
        assertThat(await(storage.markExecuted(observed.commandId(), elsewhere, clock.instant()))).isInstanceOf(WriteResult.Applied.class);

        TransferRecord record = await(storage.transfer(observed.transferId())).orElseThrow();
        assertThat(record.status()).isEqualTo(TransferStatus.EXECUTED);
        assertThat(record.mintTransaction()).isEmpty();
    }

    @Test
    void aRelayFailureMarksTheTransferStuckAndTheCommandFailedUntilTheChainSaysOtherwise() {
        ObservedTransfer observed = transfer(BANK_A, BANK_B, 100, 1);
        confirmed(observed);

        assertThat(await(storage.markStuck(observed.transferId(), "gave up after 5 attempts", clock.advance(Duration.ofMinutes(1)))))
                .isInstanceOf(WriteResult.Applied.class);
        assertThat(await(storage.markStuck(observed.transferId(), "again", clock.advance(Duration.ofMinutes(1)))))
                .isInstanceOf(WriteResult.Applied.class);

        CommandRecord failed = await(storage.command(observed.commandId())).orElseThrow();
        assertThat(failed.status()).isEqualTo(CommandRecord.Status.FAILED);
        assertThat(failed.failureReason()).isEqualTo("gave up after 5 attempts");
        assertThat(await(storage.pendingCommands(10))).isEmpty();
        TransferRecord stuck = await(storage.transfer(observed.transferId())).orElseThrow();
        assertThat(stuck.status()).isEqualTo(TransferStatus.STUCK);
        assertThat(stuck.history()).hasSize(3);
        assertRejected(await(storage.confirm(observed.transferId(), commandFor(observed), signatures(commandFor(observed), 3), clock.instant())),
                RejectionCode.ALREADY_CONFIRMED);

        CommandRecord.Execution execution = new CommandRecord.Execution(hash("landed-by-someone-else"), 50, 79_000);
        assertThat(await(storage.markExecuted(observed.commandId(), execution, clock.instant()))).isInstanceOf(WriteResult.Applied.class);
        assertThat(await(storage.command(observed.commandId())).orElseThrow().status()).isEqualTo(CommandRecord.Status.EXECUTED);
        assertThat(await(storage.transfer(observed.transferId())).orElseThrow().status()).isEqualTo(TransferStatus.EXECUTED);
        assertThat(allJournal()).hasSize(1);
    }

    @Test
    void pendingCommandsAndTransfersInStatusAreOldestFirst() {
        ObservedTransfer first = transfer(BANK_A, BANK_B, 10, 1);
        ObservedTransfer second = transfer(BANK_A, BANK_B, 20, 2);
        ObservedTransfer third = transfer(BANK_A, BANK_B, 30, 3);
        ObservedTransfer fourth = transfer(BANK_A, BANK_B, 40, 4);
        for (ObservedTransfer observed : List.of(first, second, third, fourth)) {
            clock.advance(Duration.ofSeconds(1));
            observe(observed);
        }
        for (ObservedTransfer observed : List.of(third, first, second)) {
            clock.advance(Duration.ofSeconds(1));
            confirmObserved(observed);
        }
        await(storage.markExecuted(first.commandId(), new CommandRecord.Execution(hash("x"), 1, 1), clock.instant()));

        assertThat(await(storage.pendingCommands(10))).extracting(CommandRecord::transferId)
                .containsExactly(third.transferId(), second.transferId());
        assertThat(await(storage.pendingCommands(1))).extracting(CommandRecord::transferId).containsExactly(third.transferId());
        assertThat(await(storage.transfersInStatus(TransferStatus.CONFIRMED, 10))).extracting(record -> record.observed().transferId())
                .containsExactly(second.transferId(), third.transferId());
        assertThat(await(storage.transfersInStatus(TransferStatus.OBSERVED, 10))).extracting(TransferRecord::observed)
                .containsExactly(fourth);
        assertThat(await(storage.transfersInStatus(TransferStatus.EXECUTED, 10))).extracting(TransferRecord::observed)
                .containsExactly(first);
    }

    // === settlements =============================================================================

    @Test
    void aSettlementBurnsTheCredOnceForItsReference() {
        confirmed(transfer(BANK_A, BANK_B, 100, 1));
        Instant at = clock.advance(Duration.ofHours(1));

        LedgerEntry burned = applied(storage.confirmSettlement(BANK_A, BANK_B, Amount.of(60), "wire-2025-001", "operator:alice", at));
        int auditAfterFirst = allAudit().size();
        LedgerEntry again = applied(storage.confirmSettlement(BANK_A, BANK_B, Amount.of(60), "wire-2025-001", "operator:bob", clock.advance(Duration.ofHours(1))));

        assertThat(burned.type()).isEqualTo(EntryType.SETTLEMENT_BURN);
        assertThat(burned.issuer()).isEqualTo(BANK_A);
        assertThat(burned.holder()).isEqualTo(BANK_B);
        assertThat(burned.reference()).isEqualTo("wire-2025-001");
        assertThat(burned.at()).isEqualTo(at);
        assertThat(again).isEqualTo(burned);
        assertThat(allJournal()).hasSize(2).endsWith(burned);
        assertThat(await(storage.balances())).isEqualTo(snapshot(new Obligation(BANK_A, BANK_B, Amount.of(40))));
        assertThat(allAudit()).hasSize(auditAfterFirst);
        AuditEntry audited = last(allAudit());
        assertThat(audited.action()).isEqualTo(AuditActions.SETTLEMENT_CONFIRMED);
        assertThat(audited.actor()).isEqualTo("operator:alice");
        assertThat(audited.subject()).isEqualTo("wire-2025-001");
    }

    @Test
    void aSettlementAboveTheBalanceIsRejectedAndLeavesNothing() {
        confirmed(transfer(BANK_A, BANK_B, 100, 1));
        StateSnapshot before = snapshotState();

        assertRejected(await(storage.confirmSettlement(BANK_A, BANK_B, Amount.of(101), "wire-1", "operator", clock.instant())),
                RejectionCode.INSUFFICIENT_BALANCE);
        assertRejected(await(storage.confirmSettlement(BANK_B, BANK_A, Amount.of(1), "wire-2", "operator", clock.instant())),
                RejectionCode.INSUFFICIENT_BALANCE);

        assertUnchangedSince(before);
        applied(storage.confirmSettlement(BANK_A, BANK_B, Amount.of(100), "wire-3", "operator", clock.instant()));
        assertThat(await(storage.balances()).obligations()).isEmpty();
        assertRejected(await(storage.confirmSettlement(BANK_A, BANK_B, Amount.of(1), "wire-4", "operator", clock.instant())),
                RejectionCode.INSUFFICIENT_BALANCE);
    }

    @Test
    void aReferenceReusedForAnotherSettlementConflicts() {
        confirmed(transfer(BANK_A, BANK_B, 100, 1));
        confirmed(transfer(BANK_C, BANK_B, 100, 2));
        applied(storage.confirmSettlement(BANK_A, BANK_B, Amount.of(10), "wire-1", "operator", clock.instant()));
        StateSnapshot before = snapshotState();

        assertRejected(await(storage.confirmSettlement(BANK_A, BANK_B, Amount.of(11), "wire-1", "operator", clock.instant())),
                RejectionCode.REFERENCE_CONFLICT);
        assertRejected(await(storage.confirmSettlement(BANK_C, BANK_B, Amount.of(10), "wire-1", "operator", clock.instant())),
                RejectionCode.REFERENCE_CONFLICT);

        assertUnchangedSince(before);
    }

    @Test
    void malformedSettlementsAreRejected() {
        confirmed(transfer(BANK_A, BANK_B, 100, 1));
        StateSnapshot before = snapshotState();

        assertRejected(await(storage.confirmSettlement(BANK_A, BANK_B, Amount.ZERO, "wire-1", "operator", clock.instant())),
                RejectionCode.INVALID_SETTLEMENT);
        assertRejected(await(storage.confirmSettlement(BANK_A, BANK_A, Amount.of(1), "wire-1", "operator", clock.instant())),
                RejectionCode.INVALID_SETTLEMENT);
        assertRejected(await(storage.confirmSettlement(BANK_A, BANK_B, Amount.of(1), " ", "operator", clock.instant())),
                RejectionCode.INVALID_SETTLEMENT);
        assertRejected(await(storage.confirmSettlement(BANK_A, BANK_B, Amount.of(1), "x".repeat(StorageLimits.MAX_NAME_LENGTH + 1), "operator", clock.instant())),
                RejectionCode.INVALID_SETTLEMENT);
        assertRejected(await(storage.confirmSettlement(BANK_A, BANK_B, Amount.of(1), "wire-1", "", clock.instant())),
                RejectionCode.INVALID_SETTLEMENT);

        assertUnchangedSince(before);
    }

    // === netting =================================================================================

    @Test
    void nettingBurnsEachDecreasedPairAndStoresTheRound() {
        confirmed(transfer(BANK_A, BANK_B, 100, 1));
        confirmed(transfer(BANK_B, BANK_A, 30, 1));
        confirmed(transfer(BANK_A, BANK_C, 5, 2));
        BalanceSnapshot before = await(storage.balances());
        BalanceSnapshot after = snapshot(new Obligation(BANK_A, BANK_B, Amount.of(70)), new Obligation(BANK_A, BANK_C, Amount.of(5)));
        Instant at = clock.advance(Duration.ofHours(1));
        int journalBefore = allJournal().size();

        NettingRound stored = applied(storage.applyNetting(round(before, after, at)));

        assertThat(stored.roundId()).isPositive();
        assertThat(stored).isEqualTo(withId(round(before, after, at), stored.roundId()));
        assertThat(await(storage.balances())).isEqualTo(after);
        List<LedgerEntry> burns = allJournal().subList(journalBefore, allJournal().size());
        assertThat(burns).extracting(LedgerEntry::type).containsOnly(EntryType.NETTING_BURN);
        assertThat(burns).extracting(entry -> entry.issuer() + ">" + entry.holder() + ":" + entry.amount())
                .containsExactly("BANK_A>BANK_B:30", "BANK_B>BANK_A:30");
        assertThat(burns).extracting(LedgerEntry::reference).containsOnly(Long.toString(stored.roundId()));
        assertThat(burns).extracting(LedgerEntry::at).containsOnly(at);
        assertThat(await(storage.nettingRound(stored.roundId()))).contains(stored);
        assertThat(await(storage.nettingRound(stored.roundId() + 1000))).isEmpty();
        AuditEntry audited = last(allAudit());
        assertThat(audited.action()).isEqualTo(AuditActions.NETTING_APPLIED);
        assertThat(audited.actor()).isEqualTo("scheduler");
        assertThat(audited.subject()).isEqualTo(Long.toString(stored.roundId()));
    }

    @Test
    void theSameRoundAppliedTwiceIsStoredOnce() {
        confirmed(transfer(BANK_A, BANK_B, 100, 1));
        confirmed(transfer(BANK_B, BANK_A, 30, 1));
        BalanceSnapshot before = await(storage.balances());
        NettingRound round = round(before, snapshot(new Obligation(BANK_A, BANK_B, Amount.of(70))), clock.instant());
        NettingRound first = applied(storage.applyNetting(round));
        StateSnapshot state = snapshotState();

        NettingRound second = applied(storage.applyNetting(round));

        assertThat(second).isEqualTo(first);
        assertUnchangedSince(state);
        assertThat(await(storage.nettingRounds(Optional.empty(), 10)).items()).containsExactly(first);
    }

    @Test
    void nettingFromAStaleSnapshotIsRejectedBeforeAnyBalanceGoesNegative() {
        confirmed(transfer(BANK_A, BANK_B, 100, 1));
        confirmed(transfer(BANK_B, BANK_A, 30, 1));
        BalanceSnapshot before = await(storage.balances());
        applied(storage.confirmSettlement(BANK_B, BANK_A, Amount.of(20), "wire-1", "operator", clock.instant()));
        StateSnapshot state = snapshotState();

        // Burning 30 of B's 10 left would take it below zero: the round must not apply at all.
        NettingRound stale = round(before, snapshot(new Obligation(BANK_A, BANK_B, Amount.of(70))), clock.instant());
        assertRejected(await(storage.applyNetting(stale)), RejectionCode.STALE_SNAPSHOT);

        assertUnchangedSince(state);
        assertThat(await(storage.nettingRounds(Optional.empty(), 10)).items()).isEmpty();
    }

    @Test
    void nettingThatBreaksALedgerInvariantIsRejected() {
        confirmed(transfer(BANK_A, BANK_B, 100, 1));
        confirmed(transfer(BANK_B, BANK_A, 30, 1));
        BalanceSnapshot before = await(storage.balances());
        StateSnapshot state = snapshotState();

        NettingRound increases = round(before, snapshot(
                new Obligation(BANK_A, BANK_B, Amount.of(130)), new Obligation(BANK_B, BANK_A, Amount.of(60))), clock.instant());
        NettingRound changesNetPosition = round(before, snapshot(new Obligation(BANK_A, BANK_B, Amount.of(60))), clock.instant());
        NettingRound newPair = round(before, snapshot(
                new Obligation(BANK_A, BANK_C, Amount.of(70)), new Obligation(BANK_C, BANK_B, Amount.of(70))), clock.instant());

        assertRejected(await(storage.applyNetting(increases)), RejectionCode.NETTING_INVARIANT);
        assertRejected(await(storage.applyNetting(changesNetPosition)), RejectionCode.NETTING_INVARIANT);
        assertRejected(await(storage.applyNetting(newPair)), RejectionCode.NETTING_INVARIANT);

        assertUnchangedSince(state);
    }

    @Test
    void aRoundWithNothingToBurnIsStillRecorded() {
        confirmed(transfer(BANK_A, BANK_B, 100, 1));
        BalanceSnapshot before = await(storage.balances());
        int journalBefore = allJournal().size();

        NettingRound stored = applied(storage.applyNetting(round(before, before, clock.instant())));

        assertThat(allJournal()).hasSize(journalBefore);
        assertThat(await(storage.nettingRound(stored.roundId()))).contains(stored);
        assertThat(await(storage.balances())).isEqualTo(before);
    }

    // === listings and paging =====================================================================

    @Test
    void transfersPageNewestFirstWithoutGapsOrRepeats() {
        List<ObservedTransfer> observed = new ArrayList<>();
        for (int nonce = 1; nonce <= 7; nonce++) {
            clock.advance(Duration.ofSeconds(1));
            ObservedTransfer next = transfer(BANK_A, BANK_B, nonce, nonce);
            observed.add(next);
            observe(next);
        }
        // Two in one call share their observation time: insertion order breaks the tie.
        clock.advance(Duration.ofSeconds(1));
        ObservedTransfer eighth = transfer(BANK_A, BANK_B, 8, 8);
        ObservedTransfer ninth = transfer(BANK_A, BANK_B, 9, 9);
        observe(eighth, ninth);
        observed.add(eighth);
        observed.add(ninth);

        List<Page<TransferRecord>> pages = pagesOf(cursor -> new TransferQuery(
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), cursor, 4));

        assertThat(pages).extracting(page -> page.items().size()).containsExactly(4, 4, 1);
        List<ObservedTransfer> listed = pages.stream().flatMap(page -> page.items().stream()).map(TransferRecord::observed).toList();
        List<ObservedTransfer> newestFirst = new ArrayList<>(observed);
        Collections.reverse(newestFirst);
        assertThat(listed).containsExactlyElementsOf(newestFirst);
        assertThat(last(pages).nextCursor()).isEmpty();
    }

    @Test
    void transfersFilterByStatusBankAndObservationTime() {
        List<ObservedTransfer> observed = new ArrayList<>();
        List<BankId> destinations = List.of(BANK_B, BANK_C, BANK_B, BANK_C, BANK_B, BANK_C);
        for (int index = 0; index < destinations.size(); index++) {
            clock.advance(Duration.ofSeconds(10));
            ObservedTransfer next = transfer(BANK_A, destinations.get(index), 100 + index, index + 1);
            observed.add(next);
            observe(next);
        }
        ObservedTransfer fromC = transfer(BANK_C, BANK_B, 7, 1);
        clock.advance(Duration.ofSeconds(10));
        observe(fromC);
        confirmObserved(observed.get(1));
        confirmObserved(observed.get(4));
        confirmObserved(fromC);
        Instant third = START.plusSeconds(30);

        assertThat(listed(query(Optional.of(TransferStatus.CONFIRMED), Optional.empty(), Optional.empty(), Optional.empty())))
                .containsExactly(fromC, observed.get(4), observed.get(1));
        assertThat(listed(query(Optional.empty(), Optional.of(BANK_C), Optional.empty(), Optional.empty())))
                .containsExactly(fromC, observed.get(5), observed.get(3), observed.get(1));
        assertThat(listed(query(Optional.empty(), Optional.empty(), Optional.of(third), Optional.of(third.plusSeconds(20)))))
                .containsExactly(observed.get(3), observed.get(2));
        assertThat(listed(query(Optional.of(TransferStatus.OBSERVED), Optional.of(BANK_C), Optional.of(third), Optional.empty())))
                .containsExactly(observed.get(5), observed.get(3));

        List<Page<TransferRecord>> pages = pagesOf(cursor -> new TransferQuery(
                Optional.empty(), Optional.of(BANK_B), Optional.empty(), Optional.empty(), cursor, 2));
        assertThat(pages.stream().flatMap(page -> page.items().stream()).map(TransferRecord::observed))
                .containsExactly(fromC, observed.get(4), observed.get(2), observed.get(0));
    }

    @Test
    void journalPagesInSequenceOrder() {
        List<TransferId> confirmedIds = new ArrayList<>();
        for (int nonce = 1; nonce <= 5; nonce++) {
            ObservedTransfer next = transfer(BANK_A, BANK_B, nonce * 10L, nonce);
            confirmed(next);
            confirmedIds.add(next.transferId());
        }

        List<Page<LedgerEntry>> pages = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        do {
            Page<LedgerEntry> page = await(storage.journal(cursor, 2));
            pages.add(page);
            cursor = page.nextCursor();
        } while (cursor.isPresent());

        assertThat(pages).extracting(page -> page.items().size()).containsExactly(2, 2, 1);
        List<LedgerEntry> entries = pages.stream().flatMap(page -> page.items().stream()).toList();
        assertThat(entries).extracting(LedgerEntry::reference)
                .containsExactlyElementsOf(confirmedIds.stream().map(TransferId::toString).toList());
        assertThat(entries).extracting(LedgerEntry::sequence).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void nettingRoundsPageInIdOrder() {
        confirmed(transfer(BANK_A, BANK_B, 100, 1));
        confirmed(transfer(BANK_B, BANK_A, 30, 1));
        NettingRound first = applied(storage.applyNetting(round(await(storage.balances()),
                snapshot(new Obligation(BANK_A, BANK_B, Amount.of(70))), clock.advance(Duration.ofHours(1)))));
        confirmed(transfer(BANK_B, BANK_A, 20, 2));
        NettingRound second = applied(storage.applyNetting(round(await(storage.balances()),
                snapshot(new Obligation(BANK_A, BANK_B, Amount.of(50))), clock.advance(Duration.ofHours(1)))));
        NettingRound third = applied(storage.applyNetting(round(await(storage.balances()),
                await(storage.balances()), clock.advance(Duration.ofHours(1)))));

        Page<NettingRound> firstPage = await(storage.nettingRounds(Optional.empty(), 2));
        Page<NettingRound> secondPage = await(storage.nettingRounds(firstPage.nextCursor(), 2));

        assertThat(firstPage.items()).containsExactly(first, second);
        assertThat(secondPage.items()).containsExactly(third);
        assertThat(secondPage.nextCursor()).isEmpty();
        assertThat(first.roundId()).isLessThan(second.roundId());
        assertThat(second.roundId()).isLessThan(third.roundId());
    }

    @Test
    void theAuditLogRecordsEveryStateChangeInOrder() {
        ObservedTransfer observed = transfer(BANK_A, BANK_B, 100, 1);
        MintCommand command = commandFor(observed);
        Instant observedAt = clock.instant();
        await(storage.recordObserved(List.of(observed), List.of(), checkpoint(BANK_A, 1)));
        await(storage.recordVote(vote(command, 1)));
        Instant confirmedAt = clock.advance(Duration.ofSeconds(1));
        applied(storage.confirm(observed.transferId(), command, signatures(command, 1), confirmedAt));
        await(storage.recordRelayAttempt(command.commandId(), new RelayAttempt(1, clock.advance(Duration.ofSeconds(1)), "SUBMITTED", "")));
        await(storage.markExecuted(command.commandId(), new CommandRecord.Execution(hash("tx"), 9, 1), clock.advance(Duration.ofSeconds(1))));
        applied(storage.confirmSettlement(BANK_A, BANK_B, Amount.of(100), "wire-1", "operator:alice", clock.advance(Duration.ofSeconds(1))));

        List<AuditEntry> audit = allAudit();
        assertThat(actions(audit)).containsExactly(
                AuditActions.TRANSFER_OBSERVED,
                AuditActions.CHECKPOINT_ADVANCED,
                AuditActions.VOTE_RECORDED,
                AuditActions.TRANSFER_CONFIRMED,
                AuditActions.RELAY_ATTEMPTED,
                AuditActions.COMMAND_EXECUTED,
                AuditActions.SETTLEMENT_CONFIRMED);
        assertThat(audit).extracting(AuditEntry::sequence).isSorted().doesNotHaveDuplicates();
        assertThat(audit.get(0).at()).isEqualTo(observedAt);
        assertThat(audit.get(0).actor()).isEqualTo(AuditActions.watcher(BANK_A));
        assertThat(audit.get(0).subject()).isEqualTo(observed.transferId().toString());
        assertThat(audit.get(1).subject()).isEqualTo(BANK_A.toString());
        assertThat(audit.get(2).actor()).isEqualTo(AuditActions.validator(validator(1)));
        assertThat(audit.get(2).subject()).isEqualTo(command.digest().toString());
        assertThat(audit.get(3).at()).isEqualTo(confirmedAt);
        assertThat(audit.get(4).subject()).isEqualTo(command.commandId().toString());
        assertThat(audit).extracting(AuditEntry::at).isSorted();

        Page<AuditEntry> firstPage = await(storage.auditLog(Optional.empty(), 4));
        Page<AuditEntry> secondPage = await(storage.auditLog(firstPage.nextCursor(), 4));
        assertThat(firstPage.items()).containsExactlyElementsOf(audit.subList(0, 4));
        assertThat(secondPage.items()).containsExactlyElementsOf(audit.subList(4, 7));
        assertThat(secondPage.nextCursor()).isEmpty();
    }

    @Test
    void malformedCursorsAndLimitsFail() {
        assertThat(failure(() -> storage.journal(Optional.of("not a cursor"), 10))).isInstanceOf(IllegalArgumentException.class);
        assertThat(failure(() -> storage.auditLog(Optional.of("-1"), 10))).isInstanceOf(IllegalArgumentException.class);
        assertThat(failure(() -> storage.nettingRounds(Optional.of("abc"), 10))).isInstanceOf(IllegalArgumentException.class);
        assertThat(failure(() -> storage.transfers(new TransferQuery(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of("garbage"), 10)))).isInstanceOf(IllegalArgumentException.class);
        assertThat(failure(() -> storage.journal(Optional.empty(), 0))).isInstanceOf(IllegalArgumentException.class);
        assertThat(failure(() -> storage.auditLog(Optional.empty(), Page.MAX_LIMIT + 1))).isInstanceOf(IllegalArgumentException.class);
        assertThat(failure(() -> storage.transfersInStatus(TransferStatus.OBSERVED, 0))).isInstanceOf(IllegalArgumentException.class);
        assertThat(failure(() -> storage.pendingCommands(Page.MAX_LIMIT + 1))).isInstanceOf(IllegalArgumentException.class);
        assertThat(failure(() -> storage.quarantined(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writesBeyondTheirBoundsFailAndStoreNothing() {
        List<ObservedTransfer> tooMany = new ArrayList<>();
        for (int nonce = 1; nonce <= StorageLimits.MAX_TRANSFERS_PER_WRITE + 1; nonce++) {
            tooMany.add(transfer(BANK_A, BANK_B, 1, nonce));
        }
        assertThat(failure(() -> storage.recordObserved(tooMany, List.of(), checkpoint(BANK_A, 1))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(await(storage.checkpoint(BANK_A))).isEmpty();
        assertThat(allAudit()).isEmpty();
    }

    @Test
    void storedInstantsKeepMicroseconds() {
        Instant precise = Instant.parse("2025-03-01T10:00:00.123456789Z");
        clock.set(precise);
        ObservedTransfer observed = transfer(BANK_A, BANK_B, 100, 1);
        observe(observed);

        LedgerEntry issued = confirmObserved(observed, precise);

        Instant micros = precise.truncatedTo(ChronoUnit.MICROS);
        assertThat(issued.at()).isEqualTo(micros);
        assertThat(allJournal()).containsExactly(issued);
        assertThat(await(storage.transfer(observed.transferId())).orElseThrow().history())
                .extracting(StatusChange::at).containsExactly(micros, micros);
    }

    // === concurrency =============================================================================

    @Test
    void concurrentConfirmsFromManyThreadsIssueEachTransferExactlyOnce() throws Exception {
        int transfers = 300;
        int threads = 8;
        List<ObservedTransfer> observed = new ArrayList<>();
        BigInteger total = BigInteger.ZERO;
        for (int nonce = 1; nonce <= transfers; nonce++) {
            ObservedTransfer next = transfer(nonce % 2 == 0 ? BANK_A : BANK_C, BANK_B, nonce, nonce);
            observed.add(next);
            total = total.add(BigInteger.valueOf(nonce));
        }
        await(storage.recordObserved(observed.stream().filter(t -> t.sourceBank().equals(BANK_A)).toList(), List.of(), checkpoint(BANK_A, transfers)));
        await(storage.recordObserved(observed.stream().filter(t -> t.sourceBank().equals(BANK_C)).toList(), List.of(), checkpoint(BANK_C, transfers)));

        // Every thread tries to confirm every transfer, each in its own order.
        List<WriteResult<LedgerEntry>> results = concurrently(threads, thread -> {
            List<CompletableFuture<WriteResult<LedgerEntry>>> mine = new ArrayList<>();
            for (int index = 0; index < transfers; index++) {
                ObservedTransfer next = observed.get((index * 7 + thread * 31) % transfers);
                MintCommand command = commandFor(next);
                mine.add(storage.confirm(next.transferId(), command, signatures(command, 3), clock.instant()).toCompletableFuture());
            }
            return mine;
        });

        assertThat(results).filteredOn(result -> result instanceof WriteResult.Applied).hasSize(transfers);
        assertThat(results).filteredOn(result -> result instanceof WriteResult.Rejected<LedgerEntry> rejected
                && rejected.code().equals(RejectionCode.ALREADY_CONFIRMED)).hasSize(transfers * (threads - 1));
        List<LedgerEntry> journal = allJournal();
        assertThat(journal).hasSize(transfers);
        assertThat(journal).extracting(LedgerEntry::reference).doesNotHaveDuplicates();
        BigInteger balanceSum = await(storage.balances()).obligations().stream()
                .map(obligation -> obligation.amount().value()).reduce(BigInteger.ZERO, BigInteger::add);
        assertThat(balanceSum).isEqualTo(total);
        assertThat(await(storage.pendingCommands(Page.MAX_LIMIT))).hasSize(transfers);
        assertThat(actions(allAudit())).filteredOn(AuditActions.TRANSFER_CONFIRMED::equals).hasSize(transfers);
    }

    @Test
    void concurrentVotesAreCountedExactly() throws Exception {
        int commands = 100;
        int validators = 7;
        int threads = 8;
        List<MintCommand> minted = new ArrayList<>();
        for (int nonce = 1; nonce <= commands; nonce++) {
            minted.add(commandFor(transfer(BANK_A, BANK_B, nonce, nonce)));
        }

        // Each thread sends every vote once: each vote arrives eight times, concurrently.
        List<VoteOutcome> outcomes = concurrently(threads, thread -> {
            List<CompletableFuture<VoteOutcome>> mine = new ArrayList<>();
            for (int index = 0; index < commands * validators; index++) {
                int shifted = (index + thread * 97) % (commands * validators);
                mine.add(storage.recordVote(vote(minted.get(shifted / validators), shifted % validators + 1)).toCompletableFuture());
            }
            return mine;
        });

        assertThat(outcomes).filteredOn(VoteOutcome.RECORDED::equals).hasSize(commands * validators);
        assertThat(outcomes).filteredOn(VoteOutcome.DUPLICATE::equals).hasSize(commands * validators * (threads - 1));
        for (MintCommand command : minted) {
            assertThat(await(storage.votes(command.digest()))).hasSize(validators);
        }
    }

    @Test
    void concurrentSettlementsNeverOverdraw() throws Exception {
        confirmed(transfer(BANK_A, BANK_B, 1_000, 1));
        int settlements = 50;

        List<WriteResult<LedgerEntry>> results = concurrently(settlements, thread -> List.of(storage.confirmSettlement(
                BANK_A, BANK_B, Amount.of(30), "wire-" + thread, "operator", clock.instant()).toCompletableFuture()));

        assertThat(results).filteredOn(result -> result instanceof WriteResult.Applied).hasSize(33);
        assertThat(results).filteredOn(result -> result instanceof WriteResult.Rejected<LedgerEntry> rejected
                && rejected.code().equals(RejectionCode.INSUFFICIENT_BALANCE)).hasSize(17);
        assertThat(await(storage.balances())).isEqualTo(snapshot(new Obligation(BANK_A, BANK_B, Amount.of(10))));
    }

    @Test
    void aClosedStorageRefusesWork() {
        storage.close();

        assertThat(failure(() -> storage.recordVote(vote(commandFor(transfer(BANK_A, BANK_B, 1, 1)), 1))))
                .isInstanceOf(IllegalStateException.class);
        assertThat(failure(() -> storage.balances())).isInstanceOf(IllegalStateException.class);
    }

    // === event stream ============================================================================

    private static StoredEvent event(long id, String type, String... keyValues) {
        java.util.Map<String, String> data = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            data.put(keyValues[i], keyValues[i + 1]);
        }
        return new StoredEvent(id, type, START.plusMillis(id), data);
    }

    @Test
    void eventsComeBackInIdOrderAfterTheGivenId() {
        assertThat(await(storage.lastEventId())).isZero();
        await(storage.appendEvents(List.of(event(1, "transfer.observed", "transferId", "0x01", "sourceBank", "BANK_A"),
                event(2, "transfer.confirmed", "transferId", "0x01"))));
        await(storage.appendEvents(List.of(event(3, "netting.completed", "roundId", "1"))));

        assertThat(await(storage.events(0, 10))).containsExactly(
                event(1, "transfer.observed", "transferId", "0x01", "sourceBank", "BANK_A"),
                event(2, "transfer.confirmed", "transferId", "0x01"),
                event(3, "netting.completed", "roundId", "1"));
        assertThat(await(storage.events(1, 1))).containsExactly(event(2, "transfer.confirmed", "transferId", "0x01"));
        assertThat(await(storage.events(3, 10))).isEmpty();
        assertThat(await(storage.lastEventId())).isEqualTo(3);
    }

    @Test
    void appendingAnEventIdAgainKeepsTheFirstContentAndGapsAreKept() {
        await(storage.appendEvents(List.of(event(5, "transfer.observed", "transferId", "0x05"))));
        await(storage.appendEvents(List.of(event(5, "transfer.stuck", "reason", "other"), event(9, "transfer.executed"))));

        assertThat(await(storage.events(0, 10))).containsExactly(event(5, "transfer.observed", "transferId", "0x05"), event(9, "transfer.executed"));
        assertThat(await(storage.events(5, 10))).containsExactly(event(9, "transfer.executed"));
        assertThat(await(storage.lastEventId())).isEqualTo(9);
    }

    @Test
    void eventWritesBeyondTheLimitsOrOutOfOrderAreRefusedAndStoreNothing() {
        List<StoredEvent> tooMany = new ArrayList<>();
        for (int i = 1; i <= StorageLimits.MAX_EVENTS_PER_WRITE + 1; i++) {
            tooMany.add(event(i, "transfer.observed"));
        }
        assertThat(failure(() -> storage.appendEvents(tooMany))).isInstanceOf(IllegalArgumentException.class);
        assertThat(failure(() -> storage.appendEvents(List.of(event(2, "a"), event(1, "b"))))).isInstanceOf(IllegalArgumentException.class);
        assertThat(failure(() -> storage.events(0, 0))).isInstanceOf(IllegalArgumentException.class);
        assertThat(await(storage.events(0, 10))).isEmpty();
    }

    @Test
    void longEventValuesAreCutAndEventTimesKeepMicroseconds() {
        String longText = "x".repeat(StorageLimits.MAX_TEXT_LENGTH + 50);
        Instant at = START.plusNanos(123_456_789);
        await(storage.appendEvents(List.of(new StoredEvent(1, "transfer.stuck", at, java.util.Map.of("reason", longText)))));

        StoredEvent stored = await(storage.events(0, 1)).get(0);
        assertThat(stored.data().get("reason")).hasSize(StorageLimits.MAX_TEXT_LENGTH).endsWith("…");
        assertThat(stored.at()).isEqualTo(at.truncatedTo(ChronoUnit.MICROS));
    }

    // === helpers =================================================================================

    /** Balances, journal and audit log at one moment: a write that "left nothing behind" changes none of them. */
    protected record StateSnapshot(BalanceSnapshot balances, List<LedgerEntry> journal, List<AuditEntry> audit) {}

    protected StateSnapshot snapshotState() {
        return new StateSnapshot(await(storage.balances()), allJournal(), allAudit());
    }

    protected void assertUnchangedSince(StateSnapshot before) {
        assertThat(snapshotState()).isEqualTo(before);
    }

    protected void observe(ObservedTransfer... transfers) {
        BankId bank = transfers[0].sourceBank();
        long block = 0;
        for (ObservedTransfer transfer : transfers) {
            block = Math.max(block, transfer.blockNumber());
        }
        await(storage.recordObserved(List.of(transfers), List.of(), checkpoint(bank, block)));
    }

    protected LedgerEntry confirmObserved(ObservedTransfer observed) {
        return confirmObserved(observed, clock.instant());
    }

    protected LedgerEntry confirmObserved(ObservedTransfer observed, Instant at) {
        MintCommand command = commandFor(observed);
        for (int index = 1; index <= 3; index++) {
            await(storage.recordVote(vote(command, index)));
        }
        List<Signature> signatures = await(storage.votes(command.digest())).stream().map(Vote::signature).toList();
        return applied(storage.confirm(observed.transferId(), command, signatures, at));
    }

    /** Observed, voted by three validators and confirmed. */
    protected LedgerEntry confirmed(ObservedTransfer observed) {
        observe(observed);
        return confirmObserved(observed);
    }

    protected NettingRound round(BalanceSnapshot before, BalanceSnapshot after, Instant at) {
        return new NettingRound(0, at, "bilateral", "1.0.0", hash("input:" + before), before, after, "scheduler");
    }

    protected static NettingRound withId(NettingRound round, long roundId) {
        return new NettingRound(roundId, round.at(), round.strategyId(), round.strategyVersion(), round.inputDigest(),
                round.before(), round.after(), round.actor());
    }

    protected static BalanceSnapshot snapshot(Obligation... obligations) {
        return BalanceSnapshot.canonical(List.of(obligations));
    }

    protected List<AuditEntry> allAudit() {
        List<AuditEntry> all = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        do {
            Page<AuditEntry> page = await(storage.auditLog(cursor, Page.MAX_LIMIT));
            all.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor.isPresent());
        return all;
    }

    protected List<LedgerEntry> allJournal() {
        List<LedgerEntry> all = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        do {
            Page<LedgerEntry> page = await(storage.journal(cursor, Page.MAX_LIMIT));
            all.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor.isPresent());
        return all;
    }

    private List<Page<TransferRecord>> pagesOf(Function<Optional<String>, TransferQuery> queryForCursor) {
        List<Page<TransferRecord>> pages = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        do {
            Page<TransferRecord> page = await(storage.transfers(queryForCursor.apply(cursor)));
            pages.add(page);
            cursor = page.nextCursor();
            assertThat(pages).as("paging must end").hasSizeLessThan(100);
        } while (cursor.isPresent());
        return pages;
    }

    private static TransferQuery query(Optional<TransferStatus> status, Optional<BankId> bank, Optional<Instant> from, Optional<Instant> to) {
        return new TransferQuery(status, bank, from, to, Optional.empty(), Page.MAX_LIMIT);
    }

    private List<ObservedTransfer> listed(TransferQuery query) {
        return await(storage.transfers(query)).items().stream().map(TransferRecord::observed).toList();
    }

    protected static List<String> actions(List<AuditEntry> entries) {
        return entries.stream().map(AuditEntry::action).toList();
    }

    protected static <T> T last(List<T> items) {
        return items.get(items.size() - 1);
    }

    /**
     * Runs {@code work} on {@code threads} threads released together, each returning the futures of
     * the writes it started, and waits for every one.
     */
    protected static <T> List<T> concurrently(int threads, ThreadWork<T> work) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            ConcurrentLinkedQueue<CompletableFuture<T>> futures = new ConcurrentLinkedQueue<>();
            List<CompletableFuture<Void>> submitted = new ArrayList<>();
            for (int thread = 0; thread < threads; thread++) {
                int index = thread;
                submitted.add(CompletableFuture.runAsync(() -> {
                    try {
                        start.await();
                        futures.addAll(work.start(index));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new CompletionException(e);
                    }
                }, executor));
            }
            start.countDown();
            CompletableFuture.allOf(submitted.toArray(CompletableFuture[]::new)).get(AWAIT.toSeconds(), TimeUnit.SECONDS);
            List<T> results = new ArrayList<>();
            for (CompletableFuture<T> future : futures) {
                results.add(future.get(AWAIT.toSeconds(), TimeUnit.SECONDS));
            }
            return results;
        } finally {
            executor.shutdownNow();
        }
    }

    @FunctionalInterface
    protected interface ThreadWork<T> {
        List<CompletableFuture<T>> start(int thread);
    }

    protected static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(AWAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("storage call failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (TimeoutException e) {
            throw new AssertionError("storage call did not complete within " + AWAIT, e);
        }
    }

    protected static <T> T applied(CompletionStage<WriteResult<T>> stage) {
        WriteResult<T> result = await(stage);
        if (result instanceof WriteResult.Applied<T> applied) {
            return applied.value();
        }
        return fail("expected the write to apply, got " + result);
    }

    protected static void assertRejected(WriteResult<?> result, String code) {
        assertThat(result).isInstanceOf(WriteResult.Rejected.class);
        assertThat(((WriteResult.Rejected<?>) result).code()).as("rejection code of %s", result).isEqualTo(code);
    }

    /** The cause a call failed with; the call must return a failed future, not throw. */
    protected static Throwable failure(Supplier<? extends CompletionStage<?>> call) {
        CompletionStage<?> stage;
        try {
            stage = call.get();
        } catch (RuntimeException thrown) {
            throw new AssertionError("expected a failed future, but the call threw " + thrown, thrown);
        }
        try {
            Object value = stage.toCompletableFuture().get(AWAIT.toSeconds(), TimeUnit.SECONDS);
            throw new AssertionError("expected the call to fail, but it returned " + value);
        } catch (ExecutionException e) {
            return e.getCause() instanceof CompletionException wrapped && wrapped.getCause() != null ? wrapped.getCause() : e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (TimeoutException e) {
            throw new AssertionError("call did not complete within " + AWAIT, e);
        }
    }
}
