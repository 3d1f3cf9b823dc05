package io.astraclear.node.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.adapters.memory.InMemoryStorage;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.state.HubStore;
import io.astraclear.ports.storage.TransferStatus;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The hub is deterministic: long random histories — valid, invalid, replayed, equivocating and
 * out-of-order transactions — give the same app hash at every height on a fresh state machine over
 * in-memory storage, and after restarts at random heights from what the store committed. (The same
 * on PostgreSQL: {@code HubDeterminismIT}.)
 */
class HubDeterminismTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @ParameterizedTest(name = "seed {0}, {1} validator(s)")
    @CsvSource({"1, 1", "2, 4", "3, 4", "4, 7"})
    void everyHeightHasTheSameAppHashOnAFreshHubAndAfterRestarts(long seed, int validators) throws Exception {
        RandomHistory history = RandomHistory.generate(seed, validators, 160);
        Random restarts = new Random(seed * 31);
        List<Integer> restartBefore = List.of(1 + restarts.nextInt(50), 60 + restarts.nextInt(40), 110 + restarts.nextInt(45));

        HubStore store = InMemoryStorage.hubStore();
        List<Bytes32> replayed = HistoryReplay.replay(vertx, history, store, same -> same, restartBefore);

        assertThat(replayed).isEqualTo(history.appHashes());
        store.close();
    }

    @Test
    void aGeneratedHistoryExercisesWhatItClaims() {
        RandomHistory history = RandomHistory.generate(5, 4, 160);
        HubFixture hub = history.reference();
        var events = hub.eventCounts();
        assertThat(events).containsKeys("transfer.observed", "transfer.confirmed", "transfer.executed", "transfer.stuck", "transfer.mint_failed",
                "batch.created", "batch.signed", "equivocation.detected", "transaction.rejected", "settlement.confirmed", "netting.completed");
        assertThat(hub.transfers.values()).extracting(t -> t.status()).contains(TransferStatus.OBSERVED, TransferStatus.CONFIRMED,
                TransferStatus.EXECUTED, TransferStatus.STUCK);
        assertThat(hub.blocks.stream().flatMap(b -> b.transactions().stream()).filter(tx -> !tx.result().accepted()).map(tx -> tx.result().rejection().get())
                .distinct().toList()).hasSizeGreaterThanOrEqualTo(5);
    }

    @Test
    void aDifferentHistoryGivesDifferentAppHashes() {
        List<Bytes32> one = RandomHistory.generate(11, 4, 30).appHashes();
        List<Bytes32> other = RandomHistory.generate(12, 4, 30).appHashes();
        assertThat(one.getLast()).isNotEqualTo(other.getLast());
        assertThat(RandomHistory.generate(11, 4, 30).appHashes()).isEqualTo(one);
    }
}
