package io.astraclear.adapters.postgres;

import static io.astraclear.ports.state.HubStateFixtures.BANK_A;
import static io.astraclear.ports.state.HubStateFixtures.BANK_B;
import static io.astraclear.ports.state.HubStateFixtures.block;
import static io.astraclear.ports.state.HubStateFixtures.blockTime;
import static io.astraclear.ports.state.HubStateFixtures.event;
import static io.astraclear.ports.state.HubStateFixtures.firstBlock;
import static io.astraclear.ports.state.HubStateFixtures.hash;
import static io.astraclear.ports.state.HubStateFixtures.issue;
import static io.astraclear.ports.state.HubStateFixtures.observed;
import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.ports.chain.QuarantinedLog;
import io.astraclear.ports.consensus.TxResult;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.hub.HubRejection;
import io.astraclear.ports.hub.HubTxType;
import io.astraclear.ports.state.HubEvent;
import io.astraclear.ports.state.HubEventType;
import io.astraclear.ports.state.HubHistory;
import io.astraclear.ports.state.HubStateFixtures;
import io.astraclear.ports.state.HubStore;
import io.astraclear.ports.state.HubTransfer;
import io.astraclear.ports.state.JournalEntry;
import io.astraclear.ports.state.LiveState;
import io.astraclear.ports.state.SettlementRecord;
import io.astraclear.ports.state.TxRecord;
import io.astraclear.ports.storage.EntryType;
import io.astraclear.ports.storage.StorageFixtures;
import io.astraclear.ports.storage.StoragePort;
import io.astraclear.ports.storage.TransferStatus;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What the contract cannot see: two writers on one schema, the database's own refusals, strings SQL text cannot hold, upgrades. */
class PgHubStoreIT extends PgIntegrationTest {
    /** A reference a bank could choose: U+0000 and a lone surrogate, which a text column and UTF-8 cannot hold. */
    private static final String HOSTILE = "wire\u0000-\uD800-Überweisung";

    @Test
    void twoStoresCommittingTheSameBlockAtOnceWriteItOnce() throws Exception {
        String schema = newSchema("hub_same_block");
        HubStore first = openHubStore(schema);
        HubStore second = openHubStore(schema);
        await(first.commit(firstBlock().effects()));

        for (long height = 2; height <= 40; height++) {
            var effects = block(height).journal(issue(height, height, BANK_A, BANK_B, height)).events(event(height, height)).effects();
            CompletableFuture<Void> one = first.commit(effects).toCompletableFuture();
            CompletableFuture<Void> other = second.commit(effects).toCompletableFuture();

            one.get(60, TimeUnit.SECONDS);
            other.get(60, TimeUnit.SECONDS);
        }

        Pool sql = sql(schema);
        assertThat(PgTestDatabase.count(sql, "select coalesce(sum(last_id - first_id + 1), 0) from hub_event_chunks")).isEqualTo(39);
        assertThat(PgTestDatabase.count(sql, "select count(*) from hub_journal")).isEqualTo(39);
        assertThat(await(second.head()).orElseThrow().height()).isEqualTo(40);
    }

    @Test
    void ofTwoDifferentBlocksForOneHeightCommittedAtOnceExactlyOneIsWritten() throws Exception {
        String schema = newSchema("hub_fork");
        HubStore first = openHubStore(schema);
        HubStore second = openHubStore(schema);
        await(first.commit(firstBlock().effects()));

        for (long height = 2; height <= 30; height++) {
            var ours = block(height).events(event(height, height)).effects();
            var theirs = block(height).appHash(hash("fork:" + height)).events(event(height, height)).effects();
            List<Throwable> failures = new ArrayList<>();
            int written = 0;
            for (CompletionStage<Void> commit : List.of(first.commit(ours), second.commit(theirs))) {
                try {
                    commit.toCompletableFuture().get(60, TimeUnit.SECONDS);
                    written++;
                } catch (ExecutionException e) {
                    failures.add(e.getCause());
                }
            }

            assertThat(written).as("blocks written at height %d", height).isEqualTo(1);
            assertThat(failures).singleElement().isInstanceOf(IllegalStateException.class);
            assertThat(await(first.head()).orElseThrow().height()).isEqualTo(height);
        }
        assertThat(PgTestDatabase.count(sql(schema), "select coalesce(sum(last_id - first_id + 1), 0) from hub_event_chunks")).isEqualTo(29);
    }

    @Test
    void stringsATextColumnWouldRefuseComeBackUnchanged() {
        String schema = newSchema("hub_strings");
        HubStore store = openHubStore(schema);
        HubTransfer stuck = HubStateFixtures.TransferBuilder.observed(1, observed(BANK_A, BANK_B, 5, 1), 1).stuck(1, HOSTILE).build();
        JournalEntry burn = new JournalEntry(1, 1, blockTime(1), EntryType.SETTLEMENT_BURN, BANK_A, BANK_B, Amount.of(5), HOSTILE);
        SettlementRecord settlement = new SettlementRecord(BANK_A, BANK_B, Amount.of(5), HOSTILE, HubStateFixtures.operator(BANK_B), 1, blockTime(1), 1);
        TxRecord rejected = new TxRecord(1, 0, Optional.of(HubTxType.CONFIRM_SETTLEMENT), Optional.of(HubStateFixtures.operator(BANK_B)),
                TxResult.rejected(hash("tx"), HubRejection.REFERENCE_CONFLICT, "reference " + HOSTILE + " was used"));
        HubEvent event = new HubEvent(1, 1, blockTime(1), HubEventType.SETTLEMENT_CONFIRMED, Map.of("reference", HOSTILE, "\u0000key", ""),
                List.of(BANK_B, BANK_A));
        QuarantinedLog quarantined = new QuarantinedLog(BANK_A, 3, hash("log"), 0, HOSTILE, "\u0000");

        await(store.commit(firstBlock().transfers(stuck).journal(burn).settlements(settlement).transactions(rejected).events(event).effects()));
        await(store.saveCheckpoint(StorageFixtures.checkpoint(BANK_A, 3), List.of(quarantined)));

        assertThat(await(store.transfer(stuck.transferId()))).contains(stuck);
        assertThat(await(store.journal(Optional.empty(), 10)).items()).containsExactly(burn);
        assertThat(await(store.settlements(Optional.empty(), 10)).items()).containsExactly(settlement);
        assertThat(await(store.transaction(hash("tx")))).contains(rejected);
        assertThat(await(store.events(0, 10))).containsExactly(event);
        assertThat(await(store.quarantined(10))).containsExactly(quarantined);
    }

    @Test
    void loadAfterAReopenEqualsLoadBeforeWithTensOfThousandsOfLiveTransfers() {
        String schema = newSchema("hub_reopen");
        HubStore store = openHubStore(schema);
        HubHistory history = HubHistory.generate(5, 120);
        history.blocks().forEach(effects -> await(store.commit(effects)));
        long height = history.head().height() + 1;
        List<HubTransfer> waiting = new ArrayList<>();
        for (long sequence = history.head().nextTransferSequence(); waiting.size() < 20_000; sequence++) {
            waiting.add(HubStateFixtures.TransferBuilder.observed(sequence, observed(BANK_B, BANK_A, sequence, 100_000 + sequence), height)
                    .attestedBy(1, 2).build());
        }
        await(store.commit(block(height).transfers(waiting).effects()));
        LiveState before = await(store.load()).orElseThrow();
        store.close();

        HubStore reopened = openHubStore(schema);
        LiveState after = await(reopened.load()).orElseThrow();

        assertThat(after).isEqualTo(before);
        assertThat(after.transfers()).hasSize(history.liveState().transfers().size() + waiting.size());
        assertThat(after.transfers().subList(after.transfers().size() - waiting.size(), after.transfers().size())).isEqualTo(waiting);
    }

    /**
     * The statements of a block are sent while later ones are still being encoded: when an early one is
     * refused, none of the later ones may reach the database after the rollback (they would commit alone).
     */
    @Test
    void aBlockRefusedEarlyLeavesNoneOfItsLaterStatementsBehind() {
        String schema = newSchema("hub_refused_early");
        HubStore store = openHubStore(schema);
        HubTransfer stored = HubStateFixtures.transfer(TransferStatus.OBSERVED, 1, observed(BANK_A, BANK_B, 5, 1), 1);
        await(store.commit(firstBlock().transfers(stored).effects()));
        HubTransfer otherSequence = HubStateFixtures.transfer(TransferStatus.CONFIRMED, 2, observed(BANK_A, BANK_B, 5, 1), 1);

        for (long attempt = 0; attempt < 3; attempt++) {
            List<HubEvent> events = new ArrayList<>();
            List<JournalEntry> journal = new ArrayList<>();
            for (long id = 1; id <= 30_000; id++) {
                events.add(event(id, 2));
                journal.add(issue(id, 2, BANK_A, BANK_B, id));
            }
            var refused = block(2).transfers(otherSequence).journal(journal.toArray(JournalEntry[]::new)).events(events.toArray(HubEvent[]::new));

            assertThat(failureOf(store.commit(refused.effects()))).isInstanceOf(IllegalStateException.class);
        }

        Pool sql = sql(schema);
        assertThat(PgTestDatabase.count(sql, "select count(*) from hub_journal")).isZero();
        assertThat(PgTestDatabase.count(sql, "select count(*) from hub_event_chunks")).isZero();
        assertThat(await(store.transfer(stored.transferId()))).contains(stored);
    }

    @Test
    void aTimeTheTablesCannotHoldFailsTheCommitWithIllegalArgumentExceptionAndWritesNothing() {
        String schema = newSchema("hub_far_time");
        HubStore store = openHubStore(schema);
        await(store.commit(firstBlock().effects()));
        Instant farFuture = Instant.parse("2300-01-01T00:00:00Z");
        JournalEntry late = new JournalEntry(1, 2, farFuture, EntryType.ISSUE, BANK_A, BANK_B, Amount.of(1), "late");

        Throwable failure = failureOf(store.commit(block(2).events(event(1, 2)).journal(late).effects()));

        assertThat(failure).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1677 to 2262");
        assertThat(await(store.head()).orElseThrow().height()).isEqualTo(1);
        assertThat(await(store.events(0, 10))).isEmpty();
        await(store.commit(block(2).events(event(1, 2)).effects()));
        assertThat(await(store.events(0, 10))).hasSize(1);
    }

    @Test
    void theLogsRefuseChangesEvenInPlainSql() {
        String schema = newSchema("hub_append_only");
        HubStore store = openHubStore(schema);
        await(store.commit(firstBlock().journal(issue(1, 1, BANK_A, BANK_B, 5)).events(event(1, 1)).effects()));
        Pool sql = sql(schema);

        for (String change : List.of("update hub_journal set amount = 6", "delete from hub_event_chunks", "truncate hub_journal",
                "delete from hub_blocks", "update hub_event_chunks set height = 2")) {
            Throwable refused = failureOf(sql.query(change).execute().toCompletionStage());
            assertThat(refused).as(change).hasMessageContaining("append-only");
        }
        assertThat(await(store.journal(Optional.empty(), 10)).items()).containsExactly(issue(1, 1, BANK_A, BANK_B, 5));
    }

    @Test
    void aSchemaOfTheEarlierStorageGainsTheHubTablesAndKeepsItsData() {
        String schema = newSchema("hub_upgrade");
        StoragePort earlier = open(schema);
        await(earlier.recordObserved(List.of(), List.of(), StorageFixtures.checkpoint(BANK_A, 7)));
        earlier.close();

        HubStore store = openHubStore(schema);
        await(store.commit(firstBlock().effects()));

        Pool sql = sql(schema);
        assertThat(PgTestDatabase.count(sql, "select max(version) from astra_schema_history")).isEqualTo(3);
        assertThat(PgTestDatabase.count(sql, "select block_number from checkpoints where bank = 'BANK_A'")).isEqualTo(7);
        assertThat(await(store.checkpoint(BANK_A))).as("the hub keeps checkpoints of its own").isEmpty();
        assertThat(await(open(schema).checkpoint(BANK_A))).contains(StorageFixtures.checkpoint(BANK_A, 7));
    }

    private static Throwable failureOf(CompletionStage<?> stage) {
        try {
            Object value = stage.toCompletableFuture().get(60, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure, got " + value);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
