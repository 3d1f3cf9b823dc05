package io.astraclear.adapters.postgres;

import static io.astraclear.ports.storage.StorageFixtures.BANK_A;
import static io.astraclear.ports.storage.StorageFixtures.BANK_B;
import static io.astraclear.ports.storage.StorageFixtures.checkpoint;
import static io.astraclear.ports.storage.StorageFixtures.commandFor;
import static io.astraclear.ports.storage.StorageFixtures.signatures;
import static io.astraclear.ports.storage.StorageFixtures.transfer;
import static io.astraclear.ports.storage.StorageFixtures.vote;
import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.ports.chain.ObservedTransfer;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.storage.LedgerEntry;
import io.astraclear.ports.storage.RejectionCode;
import io.astraclear.ports.storage.StoragePort;
import io.astraclear.ports.storage.VoteOutcome;
import io.astraclear.ports.storage.WriteResult;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Group commit, made deterministic: while a test holds the schema's writer lock from another
 * session, the first batch waits on it and every later write queues up behind it; releasing the
 * lock lets the queue go in as few transactions as the batch size allows.
 */
@SuppressWarnings("try") // a held writer lock is only ever released by the end of its block
class GroupCommitIT extends PgIntegrationTest {

    @Test
    void concurrentWritesShareTransactions() throws Exception {
        String schema = newSchema("group_share");
        StoragePort storage = open(schema);
        List<CompletableFuture<VoteOutcome>> outcomes = new ArrayList<>();

        try (WriterLock lock = holdWriterLock(schema)) {
            for (int nonce = 1; nonce <= 500; nonce++) {
                outcomes.add(storage.recordVote(vote(commandFor(transfer(BANK_A, BANK_B, nonce, nonce)), 1)).toCompletableFuture());
            }
        }

        for (CompletableFuture<VoteOutcome> outcome : outcomes) {
            assertThat(outcome.get(60, TimeUnit.SECONDS)).isEqualTo(VoteOutcome.RECORDED);
        }
        GroupCommitWriter.Statistics statistics = statistics(storage);
        assertThat(statistics.committedWrites()).isEqualTo(500);
        assertThat(statistics.committedBatches()).isLessThanOrEqualTo(2);
        assertThat(statistics.largestBatch()).isGreaterThanOrEqualTo(250);
        assertThat(PgTestDatabase.count(sql(schema), "select count(*) from votes")).isEqualTo(500);
    }

    @Test
    void refusedWritesLeaveTheirBatchMatesCommitted() throws Exception {
        String schema = newSchema("group_refused");
        StoragePort storage = open(schema);
        confirm(storage, transfer(BANK_A, BANK_B, 1_000, 1));
        List<CompletableFuture<WriteResult<LedgerEntry>>> settlements = new ArrayList<>();
        List<CompletableFuture<WriteResult<LedgerEntry>>> unknown = new ArrayList<>();

        try (WriterLock lock = holdWriterLock(schema)) {
            for (int index = 0; index < 20; index++) {
                settlements.add(storage.confirmSettlement(BANK_A, BANK_B, Amount.of(100), "wire-" + index, "operator", Instant.now()).toCompletableFuture());
                ObservedTransfer never = transfer(BANK_A, BANK_B, 5, 100 + index);
                unknown.add(storage.confirm(never.transferId(), commandFor(never), signatures(commandFor(never), 3), Instant.now()).toCompletableFuture());
            }
        }

        for (int index = 0; index < 20; index++) {
            WriteResult<LedgerEntry> result = settlements.get(index).get(60, TimeUnit.SECONDS);
            if (index < 10) {
                assertThat(result).as("settlement %d", index).isInstanceOf(WriteResult.Applied.class);
            } else {
                assertThat(result).as("settlement %d", index).isInstanceOfSatisfying(WriteResult.Rejected.class,
                        rejected -> assertThat(rejected.code()).isEqualTo(RejectionCode.INSUFFICIENT_BALANCE));
            }
            assertThat(unknown.get(index).get(60, TimeUnit.SECONDS)).isInstanceOfSatisfying(WriteResult.Rejected.class,
                    rejected -> assertThat(rejected.code()).isEqualTo(RejectionCode.UNKNOWN_TRANSFER));
        }
        assertThat(statistics(storage).largestBatch()).isGreaterThan(1);
        assertThat(statistics(storage).isolatedBatches()).isZero();
        assertThat(await(storage.balances()).obligations()).isEmpty();
        assertThat(PgTestDatabase.count(sql(schema), "select count(*) from ledger_entries where type = 'SETTLEMENT_BURN'")).isEqualTo(10);
    }

    @Test
    void aWriteTheDatabaseRefusesFailsAloneWhileItsBatchMatesCommit() throws Exception {
        String schema = newSchema("group_poison");
        StoragePort storage = open(schema);
        confirm(storage, transfer(BANK_A, BANK_B, 1_000, 1));
        Pool sql = sql(schema);
        // Stands in for a constraint the Java checks missed: the database refuses one particular write.
        PgTestDatabase.rows(sql, """
                create function refuse_poison() returns trigger language plpgsql as $$
                begin
                    if new.subject = 'wire-poison' then
                        raise exception 'poisoned for the test' using errcode = 'check_violation';
                    end if;
                    return new;
                end $$""");
        PgTestDatabase.rows(sql, "create trigger refuse_poison before insert on audit_log for each row execute function refuse_poison()");
        List<CompletableFuture<WriteResult<LedgerEntry>>> healthy = new ArrayList<>();
        CompletableFuture<WriteResult<LedgerEntry>> poisoned;

        try (WriterLock lock = holdWriterLock(schema)) {
            for (int index = 0; index < 5; index++) {
                healthy.add(settle(storage, "wire-" + index));
            }
            poisoned = settle(storage, "wire-poison");
            for (int index = 5; index < 10; index++) {
                healthy.add(settle(storage, "wire-" + index));
            }
        }

        for (CompletableFuture<WriteResult<LedgerEntry>> settlement : healthy) {
            assertThat(settlement.get(60, TimeUnit.SECONDS)).isInstanceOf(WriteResult.Applied.class);
        }
        Throwable failure = failureOf(poisoned);
        assertThat(failure).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the database refused a write the storage had checked")
                .hasMessageContaining("poisoned for the test");
        assertThat(statistics(storage).isolatedBatches()).isPositive();
        assertThat(await(storage.balances()).obligations()).singleElement()
                .satisfies(obligation -> assertThat(obligation.amount()).isEqualTo(Amount.of(900)));
        assertThat(PgTestDatabase.count(sql, "select count(*) from ledger_entries where reference = 'wire-poison'")).isZero();
    }

    @Test
    void aFullQueueRefusesWritesAtOnce() throws Exception {
        String schema = newSchema("group_full");
        StoragePort storage = open(schema, options -> options.withGroupCommit(10, 20));
        List<CompletableFuture<VoteOutcome>> outcomes = new ArrayList<>();
        List<CompletableFuture<VoteOutcome>> refused = new ArrayList<>();

        try (WriterLock lock = holdWriterLock(schema)) {
            for (int nonce = 1; nonce <= 100; nonce++) {
                CompletableFuture<VoteOutcome> outcome = storage.recordVote(vote(commandFor(transfer(BANK_A, BANK_B, nonce, nonce)), 1)).toCompletableFuture();
                (outcome.isCompletedExceptionally() ? refused : outcomes).add(outcome);
            }
        }

        // The queue's 20, plus at most one batch (10) the writer took before the lock stopped it;
        // whether it took one before the 100 writes were offered is a race, so 20 is as right as 30.
        assertThat(outcomes).hasSizeBetween(20, 30);
        assertThat(failureOf(refused.get(0))).isInstanceOf(RejectedExecutionException.class).hasMessageContaining("write queue is full");
        for (CompletableFuture<VoteOutcome> outcome : outcomes) {
            assertThat(outcome.get(60, TimeUnit.SECONDS)).isEqualTo(VoteOutcome.RECORDED);
        }
        assertThat(PgTestDatabase.count(sql(schema), "select count(*) from votes")).isEqualTo(outcomes.size());
    }

    @Test
    void closingLetsAcceptedWritesFinish() throws Exception {
        String schema = newSchema("group_close");
        StoragePort storage = open(schema);
        List<CompletableFuture<VoteOutcome>> outcomes = new ArrayList<>();
        CompletableFuture<VoteOutcome> afterClose;

        try (WriterLock lock = holdWriterLock(schema)) {
            for (int nonce = 1; nonce <= 50; nonce++) {
                outcomes.add(storage.recordVote(vote(commandFor(transfer(BANK_A, BANK_B, nonce, nonce)), 1)).toCompletableFuture());
            }
            storage.close();
            afterClose = storage.recordVote(vote(commandFor(transfer(BANK_A, BANK_B, 99, 99)), 1)).toCompletableFuture();
        }

        assertThat(failureOf(afterClose)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        for (CompletableFuture<VoteOutcome> outcome : outcomes) {
            assertThat(outcome.get(60, TimeUnit.SECONDS)).isEqualTo(VoteOutcome.RECORDED);
        }
        assertThat(PgTestDatabase.count(sql(schema), "select count(*) from votes")).isEqualTo(50);
    }

    // --- helpers -------------------------------------------------------------------------------

    private static CompletableFuture<WriteResult<LedgerEntry>> settle(StoragePort storage, String reference) {
        return storage.confirmSettlement(BANK_A, BANK_B, Amount.of(10), reference, "operator", Instant.now()).toCompletableFuture();
    }

    private static void confirm(StoragePort storage, ObservedTransfer observed) {
        await(storage.recordObserved(List.of(observed), List.of(), checkpoint(observed.sourceBank(), observed.blockNumber())));
        assertThat(await(storage.confirm(observed.transferId(), commandFor(observed), signatures(commandFor(observed), 3), Instant.now())))
                .isInstanceOf(WriteResult.Applied.class);
    }

    private static GroupCommitWriter.Statistics statistics(StoragePort storage) {
        return ((PgStorageAdapter) storage).writerStatistics();
    }

    private static Throwable failureOf(CompletableFuture<?> future) {
        try {
            future.get(60, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure, got " + future.join());
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The schema's writer lock, held in an open transaction of another session until closed. */
    private WriterLock holdWriterLock(String schema) {
        Pool pool = sql(schema);
        SqlConnection connection = await(pool.getConnection().toCompletionStage());
        Transaction transaction = await(connection.begin().toCompletionStage());
        await(connection.query("select pg_advisory_xact_lock(" + BatchLoader.WRITER_LOCK_CLASS + ", hashtext(current_schema()))")
                .execute().toCompletionStage());
        return () -> {
            await(transaction.commit().toCompletionStage());
            await(connection.close().toCompletionStage());
        };
    }

    private interface WriterLock extends AutoCloseable {
        @Override
        void close();
    }
}
