package io.astraclear.ports.state;

import static io.astraclear.ports.state.HubStateFixtures.BANK_A;
import static io.astraclear.ports.state.HubStateFixtures.BANK_B;
import static io.astraclear.ports.state.HubStateFixtures.BANK_C;
import static io.astraclear.ports.state.HubStateFixtures.BANK_D;
import static io.astraclear.ports.state.HubStateFixtures.MAX_AMOUNT;
import static io.astraclear.ports.state.HubStateFixtures.acceptedTransaction;
import static io.astraclear.ports.state.HubStateFixtures.appHash;
import static io.astraclear.ports.state.HubStateFixtures.balance;
import static io.astraclear.ports.state.HubStateFixtures.block;
import static io.astraclear.ports.state.HubStateFixtures.blockTime;
import static io.astraclear.ports.state.HubStateFixtures.checkpoint;
import static io.astraclear.ports.state.HubStateFixtures.commandExecuted;
import static io.astraclear.ports.state.HubStateFixtures.contestedPending;
import static io.astraclear.ports.state.HubStateFixtures.contestedTransfer;
import static io.astraclear.ports.state.HubStateFixtures.doneBatch;
import static io.astraclear.ports.state.HubStateFixtures.event;
import static io.astraclear.ports.state.HubStateFixtures.evidence;
import static io.astraclear.ports.state.HubStateFixtures.executorLogsOfEveryKind;
import static io.astraclear.ports.state.HubStateFixtures.firstBlock;
import static io.astraclear.ports.state.HubStateFixtures.forged;
import static io.astraclear.ports.state.HubStateFixtures.genesisSets;
import static io.astraclear.ports.state.HubStateFixtures.hash;
import static io.astraclear.ports.state.HubStateFixtures.head;
import static io.astraclear.ports.state.HubStateFixtures.issue;
import static io.astraclear.ports.state.HubStateFixtures.journalEntry;
import static io.astraclear.ports.state.HubStateFixtures.nettingRound;
import static io.astraclear.ports.state.HubStateFixtures.observed;
import static io.astraclear.ports.state.HubStateFixtures.openBatch;
import static io.astraclear.ports.state.HubStateFixtures.pending;
import static io.astraclear.ports.state.HubStateFixtures.quarantinedLog;
import static io.astraclear.ports.state.HubStateFixtures.rejectedTransaction;
import static io.astraclear.ports.state.HubStateFixtures.rotatingSets;
import static io.astraclear.ports.state.HubStateFixtures.settlement;
import static io.astraclear.ports.state.HubStateFixtures.snapshot;
import static io.astraclear.ports.state.HubStateFixtures.transactionHash;
import static io.astraclear.ports.state.HubStateFixtures.transfer;
import static io.astraclear.ports.state.HubStateFixtures.undecodableTransaction;
import static io.astraclear.ports.state.HubStateFixtures.zeroBalance;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.astraclear.ports.chain.Checkpoint;
import io.astraclear.ports.chain.Observation;
import io.astraclear.ports.chain.ObservedTransfer;
import io.astraclear.ports.chain.QuarantinedLog;
import io.astraclear.ports.consensus.TxResult;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.MintBatch;
import io.astraclear.ports.domain.TransferId;
import io.astraclear.ports.hub.BatchId;
import io.astraclear.ports.hub.HubRejection;
import io.astraclear.ports.hub.HubTxType;
import io.astraclear.ports.netting.BalanceSnapshot;
import io.astraclear.ports.state.EntryType;
import io.astraclear.ports.state.Page;
import io.astraclear.ports.state.TransferQuery;
import io.astraclear.ports.state.TransferStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The behaviour every {@link HubStore} must show, whatever keeps it. An implementation's test class
 * extends this (or {@link PersistentHubStoreContract}, when what it stores survives a restart) and
 * says how to make a fresh, empty store; every test gets its own.
 *
 * <p>Beyond the port's javadoc, this contract decides (and each decision has a test):
 * <ul>
 *   <li>The first block must write the validator sets: {@link LiveState} requires them and only the
 *       state machine knows the genesis, so a store cannot give back a state without them. Committing
 *       height 1 without them fails with {@link IllegalStateException} and writes nothing.</li>
 *   <li>{@link HubStore#load()} lists are in canonical order: transfers by sequence, open batches by
 *       batch id, pending observations by key, settlements by height then journal sequence.</li>
 *   <li>A log record whose key is already stored or repeated in the block (journal sequence,
 *       netting round id, event id, settlement's creditor and reference, transaction's height and
 *       index), or a transfer image whose sequence belongs to another transfer or differs from the
 *       transfer's stored one, is a broken state machine: the commit fails with
 *       {@link IllegalStateException} and writes nothing.</li>
 *   <li>A transaction hash included twice (a replay in a later block, which has no effect) is found
 *       by {@link HubStore#transaction} at its first inclusion, the one that took effect.</li>
 *   <li>Removing a pending observation that is not stored is harmless.</li>
 *   <li>Quarantined logs are stored even when the checkpoint saved with them is stale; a log
 *       whose key is stored keeps its first record.</li>
 *   <li>After {@link HubStore#close()}, a call either throws or fails its stage with
 *       {@link IllegalStateException}; closing twice is harmless.</li>
 * </ul>
 * A page may hold fewer items than its limit and still carry a cursor (an implementation may bound
 * the work of one call); listings here are read to their end.
 */
public abstract class HubStoreContract {
    protected static final Duration AWAIT = Duration.ofSeconds(60);

    protected HubStore store;

    /** A new, empty store. */
    protected abstract HubStore newStore() throws Exception;

    @BeforeEach
    void openFreshStore() throws Exception {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    // === commit & heights ==========================================================================

    @Nested
    class CommitAndHeights {
        @Test
        void aFreshStoreHoldsNothing() {
            assertThat(await(store.head())).isEmpty();
            assertThat(await(store.load())).isEmpty();
            assertThat(await(store.validatorSets())).isEmpty();
            assertThat(await(store.balances())).isEqualTo(new BalanceSnapshot(List.of()));
            assertThat(contents()).isEqualTo(StoreContents.EMPTY);
        }

        @Test
        void heightsCommitOneAfterAnotherFromOne() {
            commit(firstBlock(), block(2), block(3));

            assertThat(await(store.head())).contains(head(3));
            assertThat(await(store.load()).orElseThrow().head()).isEqualTo(head(3));
        }

        @Test
        void theFirstCommitMustBeHeightOne() {
            Throwable failure = failure(() -> store.commit(block(2).validatorSets(genesisSets(4)).events(event(1, 2)).effects()));

            assertThat(failure).isInstanceOf(IllegalStateException.class);
            assertThat(contents()).isEqualTo(StoreContents.EMPTY);
        }

        @Test
        void committingAGapFailsAndWritesNothing() {
            commit(firstBlock(), block(2));
            StoreContents before = contents();

            Throwable failure = failure(() -> store.commit(block(4).journal(issue(1, 4, BANK_A, BANK_B, 10)).events(event(1, 4)).effects()));

            assertThat(failure).isInstanceOf(IllegalStateException.class);
            assertThat(contents()).isEqualTo(before);
        }

        @Test
        void theFirstBlockWithoutValidatorSetsFailsAndWritesNothing() {
            Throwable failure = failure(() -> store.commit(block(1).events(event(1, 1)).effects()));

            assertThat(failure).isInstanceOf(IllegalStateException.class);
            assertThat(contents()).isEqualTo(StoreContents.EMPTY);
            commit(firstBlock());
            assertThat(await(store.validatorSets())).contains(genesisSets(4));
        }

        @Test
        void repeatingTheLastHeightWithItsAppHashIsANoOp() {
            commit(firstBlock());
            HubStateFixtures.Block second = richBlock(2);
            commit(second);
            StoreContents before = contents();

            commit(second);

            assertThat(contents()).isEqualTo(before);
            assertThat(allEvents()).extracting(HubEvent::id).doesNotHaveDuplicates();
        }

        @Test
        void repeatingAnEarlierHeightWithItsAppHashIsANoOp() {
            commit(firstBlock(), richBlock(2), block(3));
            StoreContents before = contents();

            commit(richBlock(2));
            commit(firstBlock());

            assertThat(contents()).isEqualTo(before);
            assertThat(await(store.head())).contains(head(3));
        }

        @Test
        void aRepeatIsKnownByItsAppHashAloneAndNothingOfItIsWritten() {
            commit(firstBlock(), block(2));
            StoreContents before = contents();

            commit(richBlock(2));

            assertThat(contents()).isEqualTo(before);
        }

        @Test
        void repeatingAHeightWithAnotherAppHashFailsAndChangesNothing() {
            commit(firstBlock(), richBlock(2), block(3));
            StoreContents before = contents();

            Throwable last = failure(() -> store.commit(block(3).appHash(hash("another app hash")).effects()));
            Throwable earlier = failure(() -> store.commit(block(2).appHash(hash("another app hash")).events(event(99, 2)).effects()));

            assertThat(last).isInstanceOf(IllegalStateException.class);
            assertThat(earlier).isInstanceOf(IllegalStateException.class);
            assertThat(contents()).isEqualTo(before);
        }

        @Test
        void aRefusedCommitLeavesTheStoreReadyForTheRightHeight() {
            commit(firstBlock());
            failure(() -> store.commit(block(3).effects()));
            failure(() -> store.commit(block(1).appHash(hash("forked")).effects()));

            commit(richBlock(2));

            assertThat(await(store.head())).contains(head(2));
            assertThat(allEvents()).hasSize(2);
        }

        @Test
        void aLogRecordWhoseKeyIsStoredFailsTheCommitAndWritesNothing() {
            ObservedTransfer first = observed(BANK_A, BANK_B, 10, 1);
            commit(firstBlock()
                    .transfers(transfer(TransferStatus.OBSERVED, 1, first, 1))
                    .journal(issue(1, 1, BANK_A, BANK_B, 10))
                    .nettingRounds(nettingRound(1, 1))
                    .settlements(settlement(BANK_A, BANK_B, 5, "wire-1", 1, 2))
                    .transactions(acceptedTransaction(1, 0, HubTxType.ATTEST))
                    .events(event(1, 1)));
            StoreContents before = contents();
            ObservedTransfer other = observed(BANK_C, BANK_B, 20, 1);

            List<Supplier<HubStateFixtures.Block>> duplicates = List.of(
                    () -> block(2).journal(issue(1, 2, BANK_C, BANK_B, 20)),
                    () -> block(2).journal(issue(2, 2, BANK_C, BANK_B, 20), issue(2, 2, BANK_C, BANK_D, 20)),
                    () -> block(2).nettingRounds(nettingRound(1, 2)),
                    () -> block(2).events(event(1, 2)),
                    () -> block(2).events(event(2, 2), event(2, 2)),
                    () -> block(2).settlements(settlement(BANK_C, BANK_B, 7, "wire-1", 2, 3)),
                    () -> block(2).transactions(acceptedTransaction(2, 0, HubTxType.ATTEST), rejectedTransaction(2, 0, HubTxType.SIGN_BATCH,
                            HubRejection.UNKNOWN_BATCH)),
                    () -> block(2).transfers(transfer(TransferStatus.OBSERVED, 1, other, 2)),
                    () -> block(2).transfers(transfer(TransferStatus.OBSERVED, 2, other, 2), transfer(TransferStatus.OBSERVED, 2,
                            observed(BANK_D, BANK_B, 20, 1), 2)),
                    () -> block(2).transfers(transfer(TransferStatus.CONFIRMED, 2, first, 1)));
            for (Supplier<HubStateFixtures.Block> duplicate : duplicates) {
                HubStateFixtures.Block block = duplicate.get().events(event(50, 2)).journal(issue(50, 2, BANK_D, BANK_A, 1));
                assertThat(failure(() -> store.commit(block.effects()))).as("committing %s", block.effects())
                        .isInstanceOf(IllegalStateException.class);
                assertThat(contents()).isEqualTo(before);
            }
        }

        @Test
        void readersSeeAWholeBlockOrNoneOfIt() throws Exception {
            int blocks = 150;
            ExecutorService reader = Executors.newSingleThreadExecutor();
            try {
                CompletableFuture<Integer> reads = CompletableFuture.supplyAsync(() -> {
                    int wholeBlocksSeen = 0;
                    for (int attempt = 0; attempt < 1_000_000; attempt++) {
                        Optional<LiveState> live = await(store.load());
                        if (live.isEmpty()) {
                            continue;
                        }
                        long height = live.get().head().height();
                        assertThat(live.get().transfers()).as("live transfers at height %d", height).hasSize((int) height);
                        assertThat(live.get().pendingObservations()).as("pending at height %d", height).hasSize((int) height);
                        assertThat(live.get().balances().obligations()).as("balances at height %d", height)
                                .containsExactly(balance(BANK_A, BANK_B, height));
                        wholeBlocksSeen++;
                        if (height == blocks) {
                            return wholeBlocksSeen;
                        }
                    }
                    throw new AssertionError("the reader never saw the last block");
                }, reader);

                for (long height = 1; height <= blocks; height++) {
                    commit(counterBlock(height));
                }

                assertThat(reads.get(AWAIT.toSeconds(), TimeUnit.SECONDS)).isPositive();
            } finally {
                reader.shutdownNow();
            }
        }

        /** Block {@code height} of a hub where each block adds a transfer and a pending log and raises one balance by one. */
        private HubStateFixtures.Block counterBlock(long height) {
            HubStateFixtures.Block block = height == 1 ? firstBlock() : block(height);
            return block.transfers(transfer(TransferStatus.OBSERVED, height, observed(BANK_A, BANK_B, height, height), height))
                    .pending(pending(commandExecuted(BANK_C, height), height, 1))
                    .balances(balance(BANK_A, BANK_B, height))
                    .journal(issue(height, height, BANK_A, BANK_B, 1))
                    .events(event(height, height));
        }
    }

    // === load & live state ===========================================================================

    @Nested
    class LoadAndLiveState {
        @Test
        void loadIsEmptyBeforeTheFirstCommit() {
            assertThat(await(store.load())).isEmpty();
        }

        @Test
        void loadGivesTheLastHeadAndTheValidatorSetsLastWritten() {
            commit(firstBlock(), block(2).validatorSets(rotatingSets(2)), block(3));

            LiveState live = await(store.load()).orElseThrow();

            assertThat(live.head()).isEqualTo(head(3));
            assertThat(live.validatorSets()).isEqualTo(rotatingSets(2));
            assertThat(await(store.validatorSets())).contains(rotatingSets(2));
        }

        @Test
        void loadHoldsTheLatestImageOfEveryLiveTransferInSequenceOrder() {
            ObservedTransfer one = observed(BANK_A, BANK_B, 10, 1);
            ObservedTransfer two = observed(BANK_B, BANK_C, 20, 1);
            ObservedTransfer three = observed(BANK_C, BANK_A, 30, 1);
            ObservedTransfer four = observed(BANK_A, BANK_D, 40, 2);
            ObservedTransfer five = observed(BANK_D, BANK_A, 50, 1);
            commit(firstBlock().transfers(
                    transfer(TransferStatus.OBSERVED, 3, three, 1),
                    transfer(TransferStatus.OBSERVED, 1, one, 1),
                    transfer(TransferStatus.OBSERVED, 2, two, 1)));
            commit(block(2).transfers(
                    transfer(TransferStatus.CONFIRMED, 1, one, 1),
                    transfer(TransferStatus.STUCK, 2, two, 1),
                    transfer(TransferStatus.OBSERVED, 4, four, 2),
                    transfer(TransferStatus.OBSERVED, 5, five, 2)));
            commit(block(3).transfers(
                    transfer(TransferStatus.EXECUTED, 3, three, 1),
                    confirmedAfterStuck(transfer(TransferStatus.STUCK, 2, two, 1), 3),
                    transfer(TransferStatus.STUCK, 5, five, 2)));

            LiveState live = await(store.load()).orElseThrow();

            assertThat(live.transfers()).containsExactly(
                    transfer(TransferStatus.CONFIRMED, 1, one, 1),
                    confirmedAfterStuck(transfer(TransferStatus.STUCK, 2, two, 1), 3),
                    transfer(TransferStatus.OBSERVED, 4, four, 2));
            assertThat(live.transfers()).allMatch(HubTransfer::live);
        }

        @Test
        void loadHoldsTheOpenBatchesOnlyInBatchIdOrder() {
            HubBatch b1 = openBatch(new BatchId(BANK_B, 1), 1, 2, 100, 0);
            HubBatch a1 = openBatch(new BatchId(BANK_A, 1), 1, 1, 200, 1);
            HubBatch b2 = openBatch(new BatchId(BANK_B, 2), 2, 3, 300, 2);
            HubBatch c7 = openBatch(new BatchId(BANK_C, 7), 2, 1, 400, 0);
            commit(firstBlock().batches(b1, a1));
            commit(block(2).batches(b2, c7));
            HubBatch a1Done = doneBatch(a1.id(), 1, List.of(observed(BANK_C, BANK_A, 10, 200)), 3, 3);
            commit(block(3).batches(a1Done));

            LiveState live = await(store.load()).orElseThrow();

            assertThat(live.openBatches()).containsExactly(b1, b2, c7);
            assertThat(await(store.batch(a1.id()))).contains(a1Done);
        }

        @Test
        void loadHoldsThePendingObservationsWrittenAndNotRemovedInKeyOrder() {
            List<Observation.ExecutorLog> logs = executorLogsOfEveryKind(BANK_B, 1);
            List<PendingObservation> images = logs.stream().map(log -> pending(log, 1, 1)).toList();
            commit(firstBlock().pending(images.toArray(PendingObservation[]::new)));
            PendingObservation removed = images.get(0);
            PendingObservation readded = images.get(1);
            commit(block(2).removePending(removed.key(), readded.key()));
            PendingObservation readdedLater = pending(logs.get(1), 3, 2);
            commit(block(3).pending(readdedLater).removePending(hash("never written")));

            LiveState live = await(store.load()).orElseThrow();

            List<PendingObservation> expected = new ArrayList<>(images.subList(2, images.size()));
            expected.add(readdedLater);
            expected.sort(Comparator.comparing(PendingObservation::key));
            assertThat(live.pendingObservations()).containsExactlyElementsOf(expected);
        }

        @Test
        void loadHoldsBalancesAsTheCanonicalSnapshotOfTheLatestImages() {
            commit(firstBlock().balances(balance(BANK_C, BANK_A, 5), balance(BANK_A, BANK_C, 7), balance(BANK_A, BANK_B, 3)));
            commit(block(2).balances(balance(BANK_A, BANK_B, 13), zeroBalance(BANK_C, BANK_A), balance(BANK_D, BANK_B, MAX_AMOUNT)));
            commit(block(3).balances(zeroBalance(BANK_A, BANK_C), balance(BANK_C, BANK_A, 1), zeroBalance(BANK_B, BANK_D)));

            BalanceSnapshot expected = snapshot(balance(BANK_A, BANK_B, 13), balance(BANK_C, BANK_A, 1), balance(BANK_D, BANK_B, MAX_AMOUNT));
            assertThat(await(store.load()).orElseThrow().balances()).isEqualTo(expected);
            assertThat(await(store.balances())).isEqualTo(expected);
        }

        @Test
        void loadHoldsEverySettlementByHeightThenJournalSequence() {
            SettlementRecord early = settlement(BANK_A, BANK_B, 5, "wire-1", 1, 4);
            SettlementRecord sameBlockLater = settlement(BANK_C, BANK_B, 6, "wire-9", 1, 9);
            SettlementRecord sameBlockEarlier = settlement(BANK_A, BANK_C, 7, "wire-1", 1, 2);
            SettlementRecord later = settlement(BANK_A, BANK_B, 8, "wire-2", 3, 1);
            commit(firstBlock().settlements(early, sameBlockLater, sameBlockEarlier), block(2), block(3).settlements(later));

            assertThat(await(store.load()).orElseThrow().settlements()).containsExactly(sameBlockEarlier, early, sameBlockLater, later);
        }
    }

    // === images round-trip and replace ===============================================================

    @Nested
    class Images {
        @Test
        void everyTransferImageRoundTripsExactly() {
            List<HubTransfer> images = variedTransfers(1);
            commit(firstBlock().transfers(images));

            for (HubTransfer image : images) {
                assertThat(await(store.transfer(image.transferId()))).contains(image);
            }
            assertThat(await(store.transfers(images.stream().map(HubTransfer::transferId).toList())))
                    .containsExactlyInAnyOrderElementsOf(images);
            assertThat(await(store.load()).orElseThrow().transfers())
                    .containsExactlyElementsOf(images.stream().filter(HubTransfer::live)
                            .sorted(Comparator.comparingLong(HubTransfer::sequence)).toList());
        }

        @Test
        void everyBatchImageRoundTripsExactly() {
            HubBatch full = openBatch(new BatchId(BANK_B, 1), 1, MintBatch.MAX_SIZE, 1, 5);
            HubBatch unsigned = openBatch(new BatchId(BANK_A, 3), 1, 1, 1_000, 0);
            HubBatch done = doneBatch(new BatchId(BANK_C, Long.MAX_VALUE), 1, List.of(observed(BANK_A, BANK_C, MAX_AMOUNT, 2_000)), 2, 1);
            commit(firstBlock().batches(full, unsigned, done));

            assertThat(await(store.batch(full.id()))).contains(full);
            assertThat(await(store.batch(unsigned.id()))).contains(unsigned);
            assertThat(await(store.batch(done.id()))).contains(done);
        }

        @Test
        void everyPendingObservationRoundTripsExactlyWhateverItsExecutorLogKind() {
            List<PendingObservation> images = new ArrayList<>();
            for (Observation.ExecutorLog log : executorLogsOfEveryKind(BANK_D, 10)) {
                images.add(pending(log, 1, 2));
            }
            images.add(contestedPending(commandExecuted(BANK_A, 99), 1));
            commit(firstBlock().pending(images.toArray(PendingObservation[]::new)));

            assertThat(await(store.load()).orElseThrow().pendingObservations())
                    .containsExactlyElementsOf(images.stream().sorted(Comparator.comparing(PendingObservation::key)).toList());
        }

        @Test
        void headAndValidatorSetsRoundTripExactly() {
            HubHead head = new HubHead(1, Instant.parse("2031-12-31T23:59:59.999999999Z"), hash("app"), hash("genesis"), Long.MAX_VALUE, 2, 3, 4, 0,
                    Map.of(BANK_D, 9L, BANK_A, Long.MAX_VALUE));
            commit(new HubStateFixtures.Block(head).validatorSets(rotatingSets(1)));

            assertThat(await(store.head())).contains(head);
            assertThat(await(store.validatorSets())).contains(rotatingSets(1));
            assertThat(await(store.load()).orElseThrow().head()).isEqualTo(head);
        }

        @Test
        void logRecordsRoundTripExactly() {
            JournalEntry largest = journalEntry(1, 1, EntryType.ISSUE, BANK_A, BANK_B, MAX_AMOUNT, hash("transfer").toString());
            JournalEntry nettingBurn = journalEntry(2, 1, EntryType.NETTING_BURN, BANK_B, BANK_A, Amount.of(1), "1");
            JournalEntry settlementBurn = journalEntry(3, 1, EntryType.SETTLEMENT_BURN, BANK_C, BANK_D,
                    Amount.parse("123456789012345678901234567890"),
                    "Zahlung «März» — 100 %");
            NettingRecord round = nettingRound(1, 1);
            NettingRecord emptyRound = nettingRound(2, 1, snapshot(), snapshot());
            SettlementRecord settled = settlement(BANK_C, BANK_D, 77, "Zahlung «März» — 100 %", 1, 3);
            EquivocationEvidence found = evidence(1, 3, hash("subject"));
            TxRecord accepted = acceptedTransaction(1, 0, HubTxType.ATTEST);
            TxRecord rejected = rejectedTransaction(1, 1, HubTxType.CONFIRM_SETTLEMENT, HubRejection.INSUFFICIENT_BALANCE);
            TxRecord undecodable = undecodableTransaction(1, 2);
            HubEvent rich = event(1, 1);
            HubEvent bare = event(2, 1, HubEventType.VALIDATORS_ROTATED, List.of());
            HubEvent longValue = event(3, 1, HubEventType.TRANSACTION_REJECTED, List.of(BANK_C), "reason", "x".repeat(HubEvent.MAX_VALUE_LENGTH));
            commit(firstBlock().journal(largest, nettingBurn, settlementBurn).nettingRounds(round, emptyRound).settlements(settled)
                    .evidence(found).transactions(accepted, rejected, undecodable).events(rich, bare, longValue));

            assertThat(allJournal()).containsExactly(largest, nettingBurn, settlementBurn);
            assertThat(allRounds()).containsExactly(round, emptyRound);
            assertThat(await(store.nettingRound(2))).contains(emptyRound);
            assertThat(allSettlements()).containsExactly(settled);
            assertThat(allEvidence()).containsExactly(found);
            assertThat(allTransactions()).containsExactly(accepted, rejected, undecodable);
            assertThat(await(store.transaction(undecodable.result().transactionHash()))).contains(undecodable);
            assertThat(allEvents()).containsExactly(rich, bare, longValue);
        }

        @Test
        void aLaterImageReplacesTheOneWithTheSameKey() {
            ObservedTransfer moving = observed(BANK_A, BANK_B, 10, 1);
            HubBatch batch = openBatch(new BatchId(BANK_B, 1), 1, 2, 50, 0);
            Observation.ExecutorLog log = commandExecuted(BANK_B, 5);
            commit(firstBlock().validatorSets(rotatingSets(1)).transfers(transfer(TransferStatus.OBSERVED, 1, moving, 1)).batches(batch)
                    .pending(pending(log, 1, 1)));

            HubBatch signed = openBatch(new BatchId(BANK_B, 1), 1, 2, 50, 3);
            commit(block(2).validatorSets(genesisSets(2)).transfers(transfer(TransferStatus.CONFIRMED, 1, moving, 1)).batches(signed)
                    .pending(pending(log, 1, 2)));

            assertThat(await(store.transfer(moving.transferId()))).contains(transfer(TransferStatus.CONFIRMED, 1, moving, 1));
            assertThat(await(store.batch(batch.id()))).contains(signed);
            LiveState live = await(store.load()).orElseThrow();
            assertThat(live.pendingObservations()).containsExactly(pending(log, 1, 2));
            assertThat(live.validatorSets()).isEqualTo(genesisSets(2));
            assertThat(live.transfers()).containsExactly(transfer(TransferStatus.CONFIRMED, 1, moving, 1));
            assertThat(live.openBatches()).containsExactly(signed);
            assertThat(allTransfers(TransferQuery.firstPage(10))).containsExactly(transfer(TransferStatus.CONFIRMED, 1, moving, 1));
            assertThat(allBatches(Optional.empty())).containsExactly(signed);
        }
    }

    // === transfers by id and listing ================================================================

    @Nested
    class TransfersByIdAndListing {
        @Test
        void transfersByIdGiveImagesInAnyStatusEachOnceAndLeaveUnknownIdsOut() {
            List<HubTransfer> images = variedTransfers(1);
            commit(firstBlock().transfers(images));
            TransferId unknown = observed(BANK_D, BANK_A, 1, 999).transferId();
            List<TransferId> asked = new ArrayList<>();
            asked.add(unknown);
            images.forEach(image -> asked.add(image.transferId()));
            asked.add(images.get(2).transferId());

            assertThat(await(store.transfers(asked))).containsExactlyInAnyOrderElementsOf(images);
            assertThat(await(store.transfers(List.of(unknown)))).isEmpty();
            assertThat(await(store.transfers(List.<TransferId>of()))).isEmpty();
            assertThat(await(store.transfer(unknown))).isEmpty();
        }

        @Test
        void theListingIsNewestFirstBySequenceWhateverTheOrderOfWriting() {
            List<HubTransfer> images = new ArrayList<>();
            for (long sequence = 1; sequence <= 7; sequence++) {
                images.add(transfer(TransferStatus.OBSERVED, sequence, observed(BANK_A, BANK_B, sequence, sequence), 1));
            }
            commit(firstBlock().transfers(images.get(4), images.get(0), images.get(6), images.get(2)));
            commit(block(2).transfers(images.get(5), images.get(1), images.get(3)));
            HubTransfer oldestConfirmed = transfer(TransferStatus.CONFIRMED, 1, observed(BANK_A, BANK_B, 1, 1), 1);
            commit(block(3).transfers(oldestConfirmed));

            List<Page<HubTransfer>> pages = pages(cursor -> store.transfers(query(Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), cursor, 3)));

            assertThat(pages).extracting(page -> page.items().size()).containsExactly(3, 3, 1);
            assertThat(items(pages)).extracting(HubTransfer::sequence).containsExactly(7L, 6L, 5L, 4L, 3L, 2L, 1L);
            assertThat(items(pages).getLast()).isEqualTo(oldestConfirmed);
        }

        @Test
        void theListingFiltersOnTheCurrentStatus() {
            List<HubTransfer> images = variedTransfers(1);
            commit(firstBlock().transfers(images));
            HubTransfer wasObserved = images.get(0);
            HubTransfer nowStuck = transfer(TransferStatus.STUCK, wasObserved.sequence(), wasObserved.observed(), 1);
            commit(block(2).transfers(nowStuck));

            assertThat(listed(Optional.of(TransferStatus.OBSERVED), Optional.empty(), Optional.empty(), Optional.empty())).isEmpty();
            assertThat(listed(Optional.of(TransferStatus.STUCK), Optional.empty(), Optional.empty(), Optional.empty()))
                    .containsExactly(images.get(3), nowStuck);
            assertThat(listed(Optional.of(TransferStatus.CONFIRMED), Optional.empty(), Optional.empty(), Optional.empty()))
                    .containsExactly(images.get(4), images.get(1));
            assertThat(listed(Optional.of(TransferStatus.EXECUTED), Optional.empty(), Optional.empty(), Optional.empty()))
                    .containsExactly(images.get(2));
        }

        @Test
        void theBankFilterMatchesTheSourceOrTheDestinationOfTheContentTheHubStandsBy() {
            HubTransfer aToB = transfer(TransferStatus.OBSERVED, 1, observed(BANK_A, BANK_B, 10, 1), 1);
            HubTransfer bToC = transfer(TransferStatus.OBSERVED, 2, observed(BANK_B, BANK_C, 10, 1), 1);
            HubTransfer cToA = transfer(TransferStatus.OBSERVED, 3, observed(BANK_C, BANK_A, 10, 1), 1);
            ObservedTransfer honest = observed(BANK_D, BANK_C, 10, 1);
            ObservedTransfer forgedToB = forged(honest, BANK_B);
            HubTransfer contestedBeforeConfirmation = new HubStateFixtures.TransferBuilder(4, forgedToB, 1).content(honest).attestedBy(2, 3).build();
            commit(firstBlock().transfers(aToB, bToC, cToA, contestedBeforeConfirmation));

            assertThat(listed(Optional.empty(), Optional.of(BANK_B), Optional.empty(), Optional.empty()))
                    .containsExactly(contestedBeforeConfirmation, bToC, aToB);
            assertThat(listed(Optional.empty(), Optional.of(BANK_C), Optional.empty(), Optional.empty())).containsExactly(cToA, bToC);

            HubTransfer contestedConfirmed = contestedTransfer(4, honest, forgedToB, 1);
            commit(block(2).transfers(contestedConfirmed));

            assertThat(listed(Optional.empty(), Optional.of(BANK_B), Optional.empty(), Optional.empty())).containsExactly(bToC, aToB);
            assertThat(listed(Optional.empty(), Optional.of(BANK_C), Optional.empty(), Optional.empty()))
                    .containsExactly(contestedConfirmed, cToA, bToC);
            assertThat(listed(Optional.empty(), Optional.of(BANK_D), Optional.empty(), Optional.empty())).containsExactly(contestedConfirmed);
        }

        @Test
        void theTimeFilterTakesTheFirstAttestationFromInclusiveToExclusive() {
            List<HubTransfer> images = new ArrayList<>();
            commit(firstBlock());
            for (long height = 2; height <= 6; height++) {
                HubTransfer image = transfer(TransferStatus.OBSERVED, height, observed(BANK_A, BANK_B, height, height), height);
                images.add(image);
                commit(block(height).transfers(image));
            }
            HubTransfer laterImageOfTheFirst = transfer(TransferStatus.CONFIRMED, 2, observed(BANK_A, BANK_B, 2, 2), 2);
            commit(block(7).transfers(laterImageOfTheFirst));

            assertThat(listed(Optional.empty(), Optional.empty(), Optional.of(blockTime(3)), Optional.of(blockTime(5))))
                    .containsExactly(images.get(2), images.get(1));
            assertThat(listed(Optional.empty(), Optional.empty(), Optional.of(blockTime(5).plusNanos(1)), Optional.empty()))
                    .containsExactly(images.get(4));
            assertThat(listed(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(blockTime(3))))
                    .containsExactly(laterImageOfTheFirst);
            assertThat(listed(Optional.empty(), Optional.empty(), Optional.of(blockTime(4)), Optional.of(blockTime(4)))).isEmpty();
        }

        @Test
        void filtersCombine() {
            List<HubTransfer> images = new ArrayList<>();
            commit(firstBlock());
            List<BankId> destinations = List.of(BANK_B, BANK_C, BANK_B, BANK_C, BANK_B, BANK_C);
            for (int index = 0; index < destinations.size(); index++) {
                long height = index + 2;
                TransferStatus status = index % 3 == 0 ? TransferStatus.CONFIRMED : TransferStatus.OBSERVED;
                HubTransfer image = transfer(status, height, observed(BANK_A, destinations.get(index), height, height), height);
                images.add(image);
                commit(block(height).transfers(image));
            }

            assertThat(listed(Optional.of(TransferStatus.OBSERVED), Optional.of(BANK_C), Optional.of(blockTime(4)), Optional.empty()))
                    .containsExactly(images.get(5));
            assertThat(listed(Optional.of(TransferStatus.CONFIRMED), Optional.of(BANK_B), Optional.empty(), Optional.empty()))
                    .containsExactly(images.get(0));
            assertThat(listed(Optional.of(TransferStatus.CONFIRMED), Optional.of(BANK_C), Optional.empty(), Optional.of(blockTime(8))))
                    .containsExactly(images.get(3));
            assertThat(listed(Optional.of(TransferStatus.STUCK), Optional.of(BANK_A), Optional.empty(), Optional.empty())).isEmpty();
            assertThat(listed(Optional.empty(), Optional.of(BANK_D), Optional.empty(), Optional.empty())).isEmpty();
        }

        @Test
        void pagingNeitherSkipsNorRepeatsWhenTransfersArriveOrChangeBetweenPages() {
            List<HubTransfer> first = new ArrayList<>();
            for (long sequence = 1; sequence <= 5; sequence++) {
                first.add(transfer(TransferStatus.OBSERVED, sequence, observed(BANK_A, BANK_B, sequence, sequence), 1));
            }
            commit(firstBlock().transfers(first));

            Page<HubTransfer> firstPage = await(store.transfers(query(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), 2)));
            HubTransfer changed = transfer(TransferStatus.CONFIRMED, 2, first.get(1).observed(), 1);
            commit(block(2).transfers(changed, transfer(TransferStatus.OBSERVED, 6, observed(BANK_A, BANK_B, 6, 6), 2),
                    transfer(TransferStatus.OBSERVED, 7, observed(BANK_B, BANK_A, 7, 7), 2)));
            List<HubTransfer> rest = items(pages(cursor -> store.transfers(query(Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), cursor.or(firstPage::nextCursor), 2))));

            assertThat(firstPage.items()).containsExactly(first.get(4), first.get(3));
            assertThat(rest).containsExactly(first.get(2), changed, first.get(0));
        }

        @Test
        void filteredPagesCoverEveryMatchOnce() {
            List<HubTransfer> images = new ArrayList<>();
            for (long sequence = 1; sequence <= 11; sequence++) {
                BankId destination = sequence % 2 == 0 ? BANK_B : BANK_C;
                images.add(transfer(TransferStatus.OBSERVED, sequence, observed(BANK_A, destination, sequence, sequence), 1));
            }
            commit(firstBlock().transfers(images));

            List<Page<HubTransfer>> pages = pages(cursor -> store.transfers(query(Optional.of(TransferStatus.OBSERVED), Optional.of(BANK_C),
                    Optional.empty(), Optional.empty(), cursor, 2)));

            assertThat(items(pages)).extracting(HubTransfer::sequence).containsExactly(11L, 9L, 7L, 5L, 3L, 1L);
            assertThat(pages.getLast().nextCursor()).isEmpty();
        }

        @Test
        void aMalformedTransferCursorFails() {
            commit(firstBlock().transfers(variedTransfers(1)));

            for (String cursor : MALFORMED_CURSORS) {
                assertThat(failure(() -> store.transfers(query(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                        Optional.of(cursor), 10)))).as("cursor '%s'", cursor).isInstanceOf(IllegalArgumentException.class);
            }
        }

        @Test
        void aTransferPageHoldsOneToTheMostItems() {
            commit(firstBlock().transfers(variedTransfers(1)));

            assertThat(catchThrowable(() -> TransferQuery.firstPage(0)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(catchThrowable(() -> TransferQuery.firstPage(Page.MAX_LIMIT + 1)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(await(store.transfers(TransferQuery.firstPage(1))).items()).hasSize(1);
            assertThat(await(store.transfers(TransferQuery.firstPage(Page.MAX_LIMIT))).items()).hasSize(5);
        }

        private List<HubTransfer> listed(Optional<TransferStatus> status, Optional<BankId> bank, Optional<Instant> from, Optional<Instant> to) {
            return allTransfers(query(status, bank, from, to, Optional.empty(), 2));
        }
    }

    // === batches ======================================================================================

    @Nested
    class Batches {
        @Test
        void aBatchIsFoundByItsIdAndAnUnknownOneIsNot() {
            HubBatch batch = openBatch(new BatchId(BANK_B, 1), 1, 2, 1, 1);
            commit(firstBlock().batches(batch));

            assertThat(await(store.batch(batch.id()))).contains(batch);
            assertThat(await(store.batch(new BatchId(BANK_B, 2)))).isEmpty();
            assertThat(await(store.batch(new BatchId(BANK_A, 1)))).isEmpty();
        }

        @Test
        void batchesAreListedNewestFirstByCreatedHeightThenBatchId() {
            HubBatch a1 = openBatch(new BatchId(BANK_A, 1), 1, 1, 10, 0);
            HubBatch b1 = openBatch(new BatchId(BANK_B, 1), 1, 1, 20, 0);
            HubBatch b2 = openBatch(new BatchId(BANK_B, 2), 1, 1, 30, 0);
            HubBatch c1 = openBatch(new BatchId(BANK_C, 1), 2, 1, 40, 0);
            HubBatch a2 = openBatch(new BatchId(BANK_A, 2), 2, 1, 50, 0);
            HubBatch b10 = openBatch(new BatchId(BANK_B, 10), 3, 1, 60, 0);
            commit(firstBlock().batches(b1, a1, b2), block(2).batches(a2, c1), block(3).batches(b10));
            HubBatch a1Done = doneBatch(a1.id(), 1, List.of(observed(BANK_C, BANK_A, 10, 10)), 2, 4);
            commit(block(4).batches(a1Done));

            List<Page<HubBatch>> pages = pages(cursor -> store.batches(Optional.empty(), cursor, 4));

            assertThat(pages).extracting(page -> page.items().size()).containsExactly(4, 2);
            assertThat(items(pages)).containsExactly(b10, c1, a2, b2, b1, a1Done);
        }

        @Test
        void batchesFilterByDestinationBank() {
            List<HubBatch> toB = new ArrayList<>();
            commit(firstBlock());
            for (long number = 1; number <= 5; number++) {
                HubBatch batch = openBatch(new BatchId(BANK_B, number), number + 1, 1, number * 10, 0);
                toB.add(0, batch);
                commit(block(number + 1).batches(batch, openBatch(new BatchId(BANK_C, number), number + 1, 1, number * 10, 0)));
            }

            assertThat(allBatches(Optional.of(BANK_B))).containsExactlyElementsOf(toB);
            assertThat(allBatches(Optional.of(BANK_D))).isEmpty();
            assertThat(allBatches(Optional.empty())).hasSize(10);
        }

        @Test
        void batchPagingNeitherSkipsNorRepeatsWhenBatchesArriveOrChangeBetweenPages() {
            commit(firstBlock());
            List<HubBatch> batches = new ArrayList<>();
            for (long number = 1; number <= 5; number++) {
                HubBatch batch = openBatch(new BatchId(BANK_B, number), number + 1, 1, number * 10, 0);
                batches.add(batch);
                commit(block(number + 1).batches(batch));
            }

            Page<HubBatch> firstPage = await(store.batches(Optional.empty(), Optional.empty(), 2));
            HubBatch signed = openBatch(new BatchId(BANK_B, 2), 3, 1, 20, 3);
            commit(block(7).batches(signed, openBatch(new BatchId(BANK_B, 6), 7, 1, 60, 0), openBatch(new BatchId(BANK_A, 1), 7, 1, 70, 0)));
            List<HubBatch> rest = items(pages(cursor -> store.batches(Optional.empty(), cursor.or(firstPage::nextCursor), 2)));

            assertThat(firstPage.items()).containsExactly(batches.get(4), batches.get(3));
            assertThat(rest).containsExactly(batches.get(2), signed, batches.get(0));
        }

        @Test
        void batchListingRefusesMalformedCursorsAndLimitsOutOfBounds() {
            commit(firstBlock().batches(openBatch(new BatchId(BANK_B, 1), 1, 1, 1, 0)));

            for (String cursor : MALFORMED_CURSORS) {
                assertThat(failure(() -> store.batches(Optional.empty(), Optional.of(cursor), 10))).as("cursor '%s'", cursor)
                        .isInstanceOf(IllegalArgumentException.class);
            }
            assertThat(failure(() -> store.batches(Optional.empty(), Optional.empty(), 0))).isInstanceOf(IllegalArgumentException.class);
            assertThat(failure(() -> store.batches(Optional.of(BANK_B), Optional.empty(), Page.MAX_LIMIT + 1)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(await(store.batches(Optional.empty(), Optional.empty(), Page.MAX_LIMIT)).items()).hasSize(1);
        }
    }

    // === balances & validator sets ====================================================================

    @Nested
    class BalancesAndValidatorSets {
        @Test
        void balancesAndValidatorSetsAreEmptyBeforeTheFirstCommit() {
            assertThat(await(store.balances()).obligations()).isEmpty();
            assertThat(await(store.validatorSets())).isEmpty();
        }

        @Test
        void balancesAreTheCanonicalSnapshotOfTheLatestImagesAndZeroRemovesAPair() {
            commit(firstBlock().balances(balance(BANK_B, BANK_A, 2), balance(BANK_A, BANK_B, 1)));
            assertThat(await(store.balances())).isEqualTo(snapshot(balance(BANK_A, BANK_B, 1), balance(BANK_B, BANK_A, 2)));

            commit(block(2).balances(zeroBalance(BANK_B, BANK_A), balance(BANK_A, BANK_B, 5)));
            assertThat(await(store.balances())).isEqualTo(snapshot(balance(BANK_A, BANK_B, 5)));

            commit(block(3));
            assertThat(await(store.balances())).isEqualTo(snapshot(balance(BANK_A, BANK_B, 5)));

            commit(block(4).balances(zeroBalance(BANK_A, BANK_B), zeroBalance(BANK_C, BANK_D)));
            assertThat(await(store.balances()).obligations()).isEmpty();

            commit(block(5).balances(balance(BANK_A, BANK_B, MAX_AMOUNT)));
            assertThat(await(store.balances())).isEqualTo(snapshot(balance(BANK_A, BANK_B, MAX_AMOUNT)));
        }

        @Test
        void theValidatorSetsAreTheLastWrittenWhole() {
            commit(firstBlock().validatorSets(rotatingSets(1)));
            assertThat(await(store.validatorSets())).contains(rotatingSets(1));

            commit(block(2), block(3).validatorSets(genesisSets(5)));

            assertThat(await(store.validatorSets())).contains(genesisSets(5));
            assertThat(await(store.validatorSets()).orElseThrow().next()).isEmpty();
            assertThat(await(store.validatorSets()).orElseThrow().approvals()).isEmpty();
        }
    }

    // === logs =========================================================================================

    @Nested
    class Logs {
        @Test
        void theJournalIsOldestFirstBySequenceAcrossBlocks() {
            commit(firstBlock().journal(issue(2, 1, BANK_A, BANK_B, 2), issue(1, 1, BANK_A, BANK_B, 1)));
            commit(block(2), block(3).journal(issue(3, 3, BANK_B, BANK_A, 3), issue(5, 3, BANK_C, BANK_A, 5), issue(4, 3, BANK_C, BANK_B, 4)));

            List<Page<JournalEntry>> pages = pages(cursor -> store.journal(cursor, 2));

            assertThat(pages).extracting(page -> page.items().size()).containsExactly(2, 2, 1);
            assertThat(items(pages)).extracting(JournalEntry::sequence).containsExactly(1L, 2L, 3L, 4L, 5L);
            assertThat(pages.getLast().nextCursor()).isEmpty();
        }

        @Test
        void nettingRoundsAreOldestFirstByIdAndFoundOneByOne() {
            NettingRecord first = nettingRound(1, 1);
            NettingRecord second = nettingRound(2, 3, snapshot(balance(BANK_A, BANK_C, 9)), snapshot());
            NettingRecord third = nettingRound(3, 3);
            commit(firstBlock().nettingRounds(first), block(2), block(3).nettingRounds(third, second));

            assertThat(items(pages(cursor -> store.nettingRounds(cursor, 2)))).containsExactly(first, second, third);
            assertThat(await(store.nettingRound(2))).contains(second);
            assertThat(await(store.nettingRound(4))).isEmpty();
            assertThat(await(store.nettingRound(0))).isEmpty();
        }

        @Test
        void settlementsAreOldestFirstByHeightThenJournalSequence() {
            SettlementRecord late = settlement(BANK_A, BANK_B, 1, "late", 2, 3);
            SettlementRecord early = settlement(BANK_A, BANK_B, 1, "early", 2, 1);
            SettlementRecord first = settlement(BANK_C, BANK_B, 1, "first", 1, 9);
            SettlementRecord last = settlement(BANK_B, BANK_C, 1, "first", 4, 2);
            commit(firstBlock().settlements(first), block(2).settlements(late, early), block(3), block(4).settlements(last));

            assertThat(items(pages(cursor -> store.settlements(cursor, 1)))).containsExactly(first, early, late, last);
        }

        @Test
        void transactionsAreOldestFirstByHeightThenIndexAndFoundByHash() {
            TxRecord second = rejectedTransaction(1, 1, HubTxType.SIGN_BATCH, HubRejection.NOT_IN_EXECUTOR_SET);
            TxRecord first = acceptedTransaction(1, 0, HubTxType.ATTEST);
            TxRecord third = undecodableTransaction(1, 2);
            TxRecord later = acceptedTransaction(3, 0, HubTxType.REQUEST_NETTING);
            commit(firstBlock().transactions(second, third, first), block(2), block(3).transactions(later));

            assertThat(items(pages(cursor -> store.transactions(cursor, 2)))).containsExactly(first, second, third, later);
            assertThat(await(store.transaction(transactionHash(1, 1)))).contains(second);
            assertThat(await(store.transaction(transactionHash(3, 0)))).contains(later);
            assertThat(await(store.transaction(transactionHash(2, 0)))).isEmpty();
        }

        @Test
        void aTransactionIncludedTwiceIsFoundAtItsFirstInclusion() {
            TxRecord original = acceptedTransaction(1, 3, HubTxType.CONFIRM_SETTLEMENT);
            Bytes32 hash = original.result().transactionHash();
            TxRecord replay = new TxRecord(2, 0, original.type(), original.sender(),
                    TxResult.applied(hash, "applied before: no change"));
            commit(firstBlock().transactions(original), block(2).transactions(replay));

            assertThat(await(store.transaction(hash))).contains(original);
            assertThat(allTransactions()).containsExactly(original, replay);
        }

        @Test
        void evidenceIsOldestFirstByHeightThenArrival() {
            EquivocationEvidence second = evidence(1, 1, hash("b"));
            EquivocationEvidence first = evidence(1, 4, hash("z"));
            EquivocationEvidence sameAgain = evidence(1, 4, hash("z"));
            EquivocationEvidence later = evidence(2, 2, hash("a"));
            commit(firstBlock().evidence(first, second, sameAgain), block(2).evidence(later));

            assertThat(items(pages(cursor -> store.evidence(cursor, 2)))).containsExactly(first, second, sameAgain, later);
        }

        @Test
        void eventsComeAfterAnIdInAscendingOrderUpToTheLimit() {
            commit(firstBlock().events(event(2, 1), event(1, 1), event(3, 1)), block(2), block(3).events(event(4, 3), event(5, 3)));

            assertThat(await(store.events(0, 10))).extracting(HubEvent::id).containsExactly(1L, 2L, 3L, 4L, 5L);
            assertThat(await(store.events(2, 2))).extracting(HubEvent::id).containsExactly(3L, 4L);
            assertThat(await(store.events(5, 10))).isEmpty();
            assertThat(await(store.events(99, 10))).isEmpty();
            assertThat(failure(() -> store.events(0, 0))).isInstanceOf(IllegalArgumentException.class);
            assertThat(failure(() -> store.events(0, Page.MAX_LIMIT + 1))).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void aLogCursorContinuesWithRecordsCommittedAfterIt() {
            commit(firstBlock().journal(issue(1, 1, BANK_A, BANK_B, 1), issue(2, 1, BANK_A, BANK_B, 2))
                    .nettingRounds(nettingRound(1, 1), nettingRound(2, 1))
                    .settlements(settlement(BANK_A, BANK_B, 1, "s1", 1, 1), settlement(BANK_A, BANK_B, 1, "s2", 1, 2))
                    .transactions(acceptedTransaction(1, 0, HubTxType.ATTEST), acceptedTransaction(1, 1, HubTxType.ATTEST))
                    .evidence(evidence(1, 1, hash("e1")), evidence(1, 2, hash("e2"))));
            Page<JournalEntry> journal = await(store.journal(Optional.empty(), 1));
            Page<NettingRecord> rounds = await(store.nettingRounds(Optional.empty(), 1));
            Page<SettlementRecord> settlements = await(store.settlements(Optional.empty(), 1));
            Page<TxRecord> transactions = await(store.transactions(Optional.empty(), 1));
            Page<EquivocationEvidence> evidence = await(store.evidence(Optional.empty(), 1));

            commit(block(2).journal(issue(3, 2, BANK_A, BANK_B, 3)).nettingRounds(nettingRound(3, 2))
                    .settlements(settlement(BANK_A, BANK_B, 1, "s3", 2, 3)).transactions(acceptedTransaction(2, 0, HubTxType.ATTEST))
                    .evidence(evidence(2, 3, hash("e3"))));

            assertThat(items(pages(cursor -> store.journal(cursor.or(journal::nextCursor), 1)))).extracting(JournalEntry::sequence)
                    .containsExactly(2L, 3L);
            assertThat(items(pages(cursor -> store.nettingRounds(cursor.or(rounds::nextCursor), 1)))).extracting(NettingRecord::roundId)
                    .containsExactly(2L, 3L);
            assertThat(items(pages(cursor -> store.settlements(cursor.or(settlements::nextCursor), 1)))).extracting(SettlementRecord::reference)
                    .containsExactly("s2", "s3");
            assertThat(items(pages(cursor -> store.transactions(cursor.or(transactions::nextCursor), 1))))
                    .extracting(record -> record.height() + "/" + record.index()).containsExactly("1/1", "2/0");
            assertThat(items(pages(cursor -> store.evidence(cursor.or(evidence::nextCursor), 1)))).extracting(EquivocationEvidence::subject)
                    .containsExactly(hash("e2"), hash("e3"));
        }

        @Test
        void everyLogListingRefusesMalformedCursorsAndLimitsOutOfBounds() {
            commit(richBlock(1).validatorSets(genesisSets(4)));
            List<BiFunction<Optional<String>, Integer, CompletionStage<? extends Page<?>>>> listings = List.of(
                    store::journal, store::nettingRounds, store::settlements, store::transactions, store::evidence);

            for (BiFunction<Optional<String>, Integer, CompletionStage<? extends Page<?>>> listing : listings) {
                for (String cursor : MALFORMED_CURSORS) {
                    assertThat(failure(() -> listing.apply(Optional.of(cursor), 10))).as("cursor '%s'", cursor)
                            .isInstanceOf(IllegalArgumentException.class);
                }
                assertThat(failure(() -> listing.apply(Optional.empty(), 0))).isInstanceOf(IllegalArgumentException.class);
                assertThat(failure(() -> listing.apply(Optional.empty(), Page.MAX_LIMIT + 1))).isInstanceOf(IllegalArgumentException.class);
                assertThat(await(listing.apply(Optional.empty(), Page.MAX_LIMIT)).items()).isNotEmpty();
            }
        }
    }

    // === node-local: checkpoints & quarantine =========================================================

    @Nested
    class NodeLocal {
        @Test
        void aCheckpointIsKeptPerBankAndEmptyUntilSaved() {
            assertThat(await(store.checkpoint(BANK_A))).isEmpty();

            await(store.saveCheckpoint(checkpoint(BANK_A, 10), List.of()));
            await(store.saveCheckpoint(checkpoint(BANK_B, 3), List.of()));

            assertThat(await(store.checkpoint(BANK_A))).contains(checkpoint(BANK_A, 10));
            assertThat(await(store.checkpoint(BANK_B))).contains(checkpoint(BANK_B, 3));
            assertThat(await(store.checkpoint(BANK_C))).isEmpty();
        }

        @Test
        void aCheckpointNeverMovesBackwards() {
            await(store.saveCheckpoint(checkpoint(BANK_A, 10), List.of()));

            await(store.saveCheckpoint(checkpoint(BANK_A, 7), List.of()));
            await(store.saveCheckpoint(new Checkpoint(BANK_A, 10, hash("another block 10")), List.of()));
            assertThat(await(store.checkpoint(BANK_A))).contains(checkpoint(BANK_A, 10));

            await(store.saveCheckpoint(checkpoint(BANK_A, 11), List.of()));
            assertThat(await(store.checkpoint(BANK_A))).contains(checkpoint(BANK_A, 11));
        }

        @Test
        void aCheckpointStartsAtBlockZero() {
            await(store.saveCheckpoint(checkpoint(BANK_D, 0), List.of()));

            assertThat(await(store.checkpoint(BANK_D))).contains(checkpoint(BANK_D, 0));
        }

        @Test
        void quarantinedLogsAreKeptOnceOldestFirstUpToTheLimit() {
            QuarantinedLog first = quarantinedLog(BANK_A, 3, 0, "cannot decode");
            QuarantinedLog second = quarantinedLog(BANK_A, 4, 2, "unknown destination bank ZZZ");
            QuarantinedLog otherBankSamePosition = new QuarantinedLog(BANK_B, 3, first.transactionHash(), 0, "cannot decode", "");
            QuarantinedLog sameIndexOtherTransaction = quarantinedLog(BANK_A, 5, 0, "cannot decode");
            await(store.saveCheckpoint(checkpoint(BANK_A, 3), List.of(first)));
            await(store.saveCheckpoint(checkpoint(BANK_A, 5), List.of(second, new QuarantinedLog(BANK_A, 3, first.transactionHash(), 0,
                    "seen again", "0x"), sameIndexOtherTransaction)));
            await(store.saveCheckpoint(checkpoint(BANK_B, 3), List.of(otherBankSamePosition)));

            assertThat(await(store.quarantined(10))).containsExactly(first, second, sameIndexOtherTransaction, otherBankSamePosition);
            assertThat(await(store.quarantined(2))).containsExactly(first, second);
            assertThat(failure(() -> store.quarantined(0))).isInstanceOf(IllegalArgumentException.class);
            assertThat(failure(() -> store.quarantined(Page.MAX_LIMIT + 1))).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void quarantinedLogsAreKeptEvenWhenTheirCheckpointIsStale() {
            await(store.saveCheckpoint(checkpoint(BANK_A, 10), List.of()));
            QuarantinedLog late = quarantinedLog(BANK_A, 8, 1, "cannot decode");

            await(store.saveCheckpoint(checkpoint(BANK_A, 8), List.of(late)));

            assertThat(await(store.quarantined(10))).containsExactly(late);
            assertThat(await(store.checkpoint(BANK_A))).contains(checkpoint(BANK_A, 10));
        }

        @Test
        void nodeLocalRecordsAreNoPartOfTheHubState() {
            await(store.saveCheckpoint(checkpoint(BANK_A, 10), List.of(quarantinedLog(BANK_A, 9, 0, "cannot decode"))));
            assertThat(contents()).isEqualTo(StoreContents.EMPTY);

            commit(firstBlock());
            StoreContents committed = contents();
            await(store.saveCheckpoint(checkpoint(BANK_A, 11), List.of(quarantinedLog(BANK_A, 11, 0, "cannot decode"))));

            assertThat(contents()).isEqualTo(committed);
        }
    }

    // === closing ======================================================================================

    @Nested
    class Closing {
        @Test
        void everyCallAfterCloseFailsWithIllegalStateException() {
            commit(firstBlock().transfers(variedTransfers(1)));
            store.close();

            List<Supplier<CompletionStage<?>>> calls = List.of(
                    () -> store.load(),
                    () -> store.commit(block(2).effects()),
                    () -> store.transfers(List.of(observed(BANK_A, BANK_B, 1, 1).transferId())),
                    () -> store.head(),
                    () -> store.transfer(observed(BANK_A, BANK_B, 1, 1).transferId()),
                    () -> store.transfers(TransferQuery.firstPage(10)),
                    () -> store.batch(new BatchId(BANK_B, 1)),
                    () -> store.batches(Optional.empty(), Optional.empty(), 10),
                    () -> store.balances(),
                    () -> store.validatorSets(),
                    () -> store.journal(Optional.empty(), 10),
                    () -> store.nettingRound(1),
                    () -> store.nettingRounds(Optional.empty(), 10),
                    () -> store.settlements(Optional.empty(), 10),
                    () -> store.transaction(hash("tx")),
                    () -> store.transactions(Optional.empty(), 10),
                    () -> store.evidence(Optional.empty(), 10),
                    () -> store.events(0, 10),
                    () -> store.checkpoint(BANK_A),
                    () -> store.saveCheckpoint(checkpoint(BANK_A, 1), List.of()),
                    () -> store.quarantined(10));
            for (int index = 0; index < calls.size(); index++) {
                assertThat(failureThrownOrStaged(calls.get(index))).as("call %d after close", index).isInstanceOf(IllegalStateException.class);
            }
        }

        @Test
        void aCommitAcceptedBeforeCloseCompletes() {
            CompletionStage<Void> accepted = store.commit(richBlock(1).validatorSets(genesisSets(4)).effects());
            store.close();

            await(accepted);
        }

        @Test
        void closingTwiceIsHarmless() {
            store.close();
            store.close();

            assertThat(failureThrownOrStaged(() -> store.head())).isInstanceOf(IllegalStateException.class);
        }
    }

    // === random histories against their model =========================================================

    @Nested
    class RandomHistories {
        @ParameterizedTest(name = "seed {0}")
        @ValueSource(longs = {1, 2, 3})
        void aStoreShowsExactlyTheStateItsHistoryDescribes(long seed) {
            HubHistory history = HubHistory.generate(seed, 80);

            commitAll(history);

            assertShows(history);
        }

        @Test
        void replayingEveryBlockOfAHistoryChangesNothing() {
            HubHistory history = HubHistory.generate(7, 40);
            commitAll(history);
            StoreContents before = contents();

            commitAll(history);

            assertThat(contents()).isEqualTo(before);
            assertShows(history);
        }
    }

    // === helpers for the groups ========================================================================

    /** Cursors no listing can have made. */
    protected static final List<String> MALFORMED_CURSORS = List.of("not a cursor!", "%%%", "\u0000", "-1", "9".repeat(400));

    protected static TransferQuery query(Optional<TransferStatus> status, Optional<BankId> bank, Optional<Instant> from, Optional<Instant> to,
            Optional<String> cursor, int limit) {
        return new TransferQuery(status, bank, from, to, cursor, limit);
    }

    /** One of each kind of transfer image, sequences from {@code firstSequence}, first attested at height 1. */
    protected static List<HubTransfer> variedTransfers(long firstSequence) {
        long sequence = firstSequence;
        List<HubTransfer> images = new ArrayList<>();
        for (TransferStatus status : TransferStatus.values()) {
            images.add(transfer(status, sequence, observed(BANK_A, BANK_B, 100 + sequence, sequence), 1));
            sequence++;
        }
        ObservedTransfer honest = observed(BANK_C, BANK_D, MAX_AMOUNT, sequence);
        images.add(contestedTransfer(sequence, honest, forged(honest, BANK_A), 1));
        return images;
    }

    /** A block with something in every log and a few images (event ids and log keys from {@code height * 100}). */
    protected static HubStateFixtures.Block richBlock(long height) {
        long base = height * 100;
        return block(height)
                .transfers(transfer(TransferStatus.OBSERVED, base, observed(BANK_D, BANK_C, 5, base), height))
                .batches(openBatch(new BatchId(BANK_D, base), height, 2, base, 1))
                .pending(pending(commandExecuted(BANK_A, base), height, 1))
                .balances(balance(BANK_D, BANK_C, base))
                .journal(issue(base, height, BANK_D, BANK_C, 5))
                .nettingRounds(nettingRound(base, height))
                .settlements(settlement(BANK_D, BANK_C, 1, "wire-" + base, height, base + 1))
                .evidence(evidence(height, 2, hash("subject:" + base)))
                .transactions(acceptedTransaction(height, 0, HubTxType.ATTEST), undecodableTransaction(height, 1))
                .events(event(base, height), event(base + 1, height));
    }

    /** A STUCK transfer that reached threshold later, at {@code height}. */
    protected static HubTransfer confirmedAfterStuck(HubTransfer stuck, long height) {
        return HubStateFixtures.TransferBuilder.from(stuck).attestedAt(height, 3, 4).confirmed(height, stuck.sequence() * 10).build();
    }

    // === comparing with a history ======================================================================

    protected void commitAll(HubHistory history) {
        history.blocks().forEach(effects -> await(store.commit(effects)));
    }

    /** The store shows, through every read, exactly what {@code history} says it holds. */
    protected void assertShows(HubHistory history) {
        assertThat(await(store.load())).contains(history.liveState());
        assertThat(await(store.head())).contains(history.head());
        assertThat(await(store.balances())).isEqualTo(history.balances());
        assertThat(await(store.validatorSets())).contains(history.validatorSets());

        List<HubTransfer> transfers = history.transfersNewestFirst();
        assertThat(allTransfers(TransferQuery.firstPage(7))).containsExactlyElementsOf(transfers);
        assertThat(await(store.transfers(transfers.stream().map(HubTransfer::transferId).toList()))).containsExactlyInAnyOrderElementsOf(transfers);
        for (HubTransfer transfer : transfers) {
            assertThat(await(store.transfer(transfer.transferId()))).contains(transfer);
        }
        long height = history.head().height();
        Optional<Instant> from = Optional.of(blockTime(height / 3));
        Optional<Instant> to = Optional.of(blockTime(2 * height / 3));
        for (Optional<TransferStatus> status : Stream.concat(Stream.of(Optional.<TransferStatus>empty()),
                Stream.of(TransferStatus.values()).map(Optional::of)).toList()) {
            for (Optional<BankId> bank : List.of(Optional.<BankId>empty(), Optional.of(BANK_A), Optional.of(BANK_D))) {
                assertThat(allTransfers(query(status, bank, from, to, Optional.empty(), 3))).as("transfers %s %s %s..%s", status, bank, from, to)
                        .containsExactlyElementsOf(transfers.stream()
                                .filter(transfer -> status.map(transfer.status()::equals).orElse(true))
                                .filter(transfer -> bank.map(id -> transfer.sourceBank().equals(id) || transfer.destinationBank().equals(id))
                                        .orElse(true))
                                .filter(transfer -> !transfer.firstAttestedTime().isBefore(from.get())
                                        && transfer.firstAttestedTime().isBefore(to.get()))
                                .toList());
                assertThat(allTransfers(query(status, bank, Optional.empty(), Optional.empty(), Optional.empty(), 4)))
                        .as("transfers %s %s", status, bank)
                        .containsExactlyElementsOf(transfers.stream()
                                .filter(transfer -> status.map(transfer.status()::equals).orElse(true))
                                .filter(transfer -> bank.map(id -> transfer.sourceBank().equals(id) || transfer.destinationBank().equals(id))
                                        .orElse(true))
                                .toList());
            }
        }

        List<HubBatch> batches = history.batchesNewestFirst();
        assertThat(allBatches(Optional.empty())).containsExactlyElementsOf(batches);
        for (BankId bank : HubStateFixtures.BANKS) {
            assertThat(allBatches(Optional.of(bank)))
                    .containsExactlyElementsOf(batches.stream().filter(batch -> batch.id().bank().equals(bank)).toList());
        }
        for (HubBatch batch : batches) {
            assertThat(await(store.batch(batch.id()))).contains(batch);
        }

        assertThat(allJournal()).containsExactlyElementsOf(history.journal());
        assertThat(allRounds()).containsExactlyElementsOf(history.nettingRounds());
        for (NettingRecord round : history.nettingRounds()) {
            assertThat(await(store.nettingRound(round.roundId()))).contains(round);
        }
        assertThat(allSettlements()).containsExactlyElementsOf(history.settlementsInOrder());
        assertThat(allTransactions()).containsExactlyElementsOf(history.transactions());
        history.transactionsByHash().forEach((hash, record) -> assertThat(await(store.transaction(hash))).contains(record));
        assertThat(allEvidence()).containsExactlyElementsOf(history.evidence());
        assertThat(allEvents()).containsExactlyElementsOf(history.events());
    }

    // === reading everything ============================================================================

    /** Everything a store shows through its reads, to prove that a refused write changed nothing. */
    protected record StoreContents(Optional<HubHead> head, Optional<LiveState> live, Optional<ValidatorSets> validatorSets,
            BalanceSnapshot balances, List<HubTransfer> transfers, List<HubBatch> batches, List<JournalEntry> journal,
            List<NettingRecord> rounds, List<SettlementRecord> settlements, List<TxRecord> transactions, List<EquivocationEvidence> evidence,
            List<HubEvent> events) {
        static final StoreContents EMPTY = new StoreContents(Optional.empty(), Optional.empty(), Optional.empty(), new BalanceSnapshot(List.of()),
                List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
    }

    protected StoreContents contents() {
        return new StoreContents(await(store.head()), await(store.load()), await(store.validatorSets()), await(store.balances()),
                allTransfers(TransferQuery.firstPage(Page.MAX_LIMIT)), allBatches(Optional.empty()), allJournal(), allRounds(), allSettlements(),
                allTransactions(), allEvidence(), allEvents());
    }

    protected List<HubTransfer> allTransfers(TransferQuery query) {
        return items(pages(cursor -> store.transfers(new TransferQuery(query.status(), query.bank(), query.observedFrom(), query.observedTo(),
                cursor, query.limit()))));
    }

    protected List<HubBatch> allBatches(Optional<BankId> bank) {
        return items(pages(cursor -> store.batches(bank, cursor, 3)));
    }

    protected List<JournalEntry> allJournal() {
        return items(pages(cursor -> store.journal(cursor, 3)));
    }

    protected List<NettingRecord> allRounds() {
        return items(pages(cursor -> store.nettingRounds(cursor, 3)));
    }

    protected List<SettlementRecord> allSettlements() {
        return items(pages(cursor -> store.settlements(cursor, 3)));
    }

    protected List<TxRecord> allTransactions() {
        return items(pages(cursor -> store.transactions(cursor, 3)));
    }

    protected List<EquivocationEvidence> allEvidence() {
        return items(pages(cursor -> store.evidence(cursor, 3)));
    }

    protected List<HubEvent> allEvents() {
        List<HubEvent> events = new ArrayList<>();
        long after = 0;
        for (int round = 0; round < 100_000; round++) {
            List<HubEvent> next = await(store.events(after, 7));
            if (next.isEmpty()) {
                return events;
            }
            events.addAll(next);
            after = next.getLast().id();
        }
        throw new AssertionError("the event stream did not end within 100,000 reads");
    }

    /** Every page of a listing, following cursors until the last page (at most 100,000 pages). */
    protected static <T> List<Page<T>> pages(Function<Optional<String>, CompletionStage<Page<T>>> listing) {
        List<Page<T>> pages = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        for (int round = 0; round < 100_000; round++) {
            Page<T> page = await(listing.apply(cursor));
            pages.add(page);
            if (page.nextCursor().isEmpty()) {
                return pages;
            }
            cursor = page.nextCursor();
        }
        throw new AssertionError("the listing did not end within 100,000 pages");
    }

    protected static <T> List<T> items(List<Page<T>> pages) {
        return pages.stream().flatMap(page -> page.items().stream()).toList();
    }

    // === calling the store ===========================================================================

    protected void commit(HubStateFixtures.Block... blocks) {
        for (HubStateFixtures.Block block : blocks) {
            await(store.commit(block.effects()));
        }
    }

    protected static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(AWAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("store call failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (TimeoutException e) {
            throw new AssertionError("store call did not complete within " + AWAIT, e);
        }
    }

    /** The cause a call failed with; the call must return a failed stage, not throw. */
    protected static Throwable failure(Supplier<? extends CompletionStage<?>> call) {
        CompletionStage<?> stage;
        try {
            stage = call.get();
        } catch (RuntimeException thrown) {
            throw new AssertionError("expected a failed stage, but the call threw " + thrown, thrown);
        }
        return failureOf(stage);
    }

    /** The cause a call failed with, whether it threw or returned a failed stage. */
    protected static Throwable failureThrownOrStaged(Supplier<? extends CompletionStage<?>> call) {
        try {
            return failureOf(call.get());
        } catch (RuntimeException thrown) {
            return thrown;
        }
    }

    private static Throwable failureOf(CompletionStage<?> stage) {
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
