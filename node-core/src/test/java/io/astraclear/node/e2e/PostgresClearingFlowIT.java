package io.astraclear.node.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.adapters.postgres.PgTestDatabase;
import io.astraclear.ports.hub.HubTxType;
import io.astraclear.ports.state.HubStore;
import io.astraclear.ports.state.TxRecord;
import io.astraclear.ports.state.Page;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The clearing flow with PostgreSQL storage (ASTRA_PG_URL, or Testcontainers where Docker runs, or a
 * loud failure saying how to provide a server), in a schema of its own. Durable storage also lets
 * the node restart: with its watch checkpoints deleted (node-local rows, not hub state) it reads
 * every chain from the contracts' deployment again and attests every old log again, and the hub
 * applies none of it twice.
 */
class PostgresClearingFlowIT extends ClearingFlowContract {
    private static final Pattern WITHOUT_EFFECT = Pattern.compile("(\\d+) without effect");

    private final String schema = PgSchemas.newSchema("e2e");

    @Override
    String storageUrl() {
        return PgSchemas.storageUrl(schema);
    }

    @Override
    void afterNodeStopped() throws Exception {
        PgSchemas.drop(schema);
    }

    @Test
    @Order(10)
    void restartFromRewoundCheckpointsAttestsEveryOldLogAgainAndAppliesNothingTwice() throws Exception {
        harness.awaitCaughtUp();
        HubStore before = harness.store();
        var transfers = StoreListings.transfers(before);
        var journal = StoreListings.journal(before);
        var rounds = StoreListings.rounds(before);
        var settlements = StoreListings.settlements(before);
        var batches = StoreListings.batches(before);
        var balances = StoreListings.await(before.balances());
        long heightBefore = harness.node.hub().committedHead().height();
        assertThat(transfers).as("the earlier tests' transfers").hasSizeGreaterThanOrEqualTo(sent.size()).isNotEmpty();
        harness.stopNode();

        Pool sql = PgTestDatabase.sqlPool(harness.vertx, schema);
        try {
            long rewound = PgTestDatabase.count(sql, "with rewound as (delete from hub_checkpoints returning 1) select count(*) from rewound");
            assertThat(rewound).as("one checkpoint per bank").isEqualTo(BANKS);
        } finally {
            sql.close().await(10, TimeUnit.SECONDS);
        }

        harness.startNode();
        harness.awaitCaughtUp();

        HubStore after = harness.store();
        long reattested = 0;
        for (TxRecord record : transactionsAbove(after, heightBefore)) {
            if (record.type().equals(Optional.of(HubTxType.ATTEST))) {
                assertThat(record.result().accepted()).as("attestation %s", record).isTrue();
                Matcher unchanged = WITHOUT_EFFECT.matcher(record.result().log());
                assertThat(unchanged.find()).as("an Attest's log says how many observations had no effect: %s", record.result().log()).isTrue();
                reattested += Long.parseLong(unchanged.group(1));
            }
        }
        assertThat(reattested).as("old observations attested again without effect (at least every transfer's)").isGreaterThanOrEqualTo(transfers.size());
        assertThat(StoreListings.transfers(after)).as("transfer images").isEqualTo(transfers);
        assertThat(StoreListings.journal(after)).as("no ISSUE or burn applied twice").isEqualTo(journal);
        assertThat(StoreListings.await(after.balances())).isEqualTo(balances);
        assertThat(StoreListings.rounds(after)).isEqualTo(rounds);
        assertThat(StoreListings.settlements(after)).isEqualTo(settlements);
        assertThat(StoreListings.batches(after)).as("no batch cut or signed again").isEqualTo(batches);
    }

    /** The hub's transaction log of the blocks after {@code height}. */
    private static List<TxRecord> transactionsAbove(HubStore store, long height) {
        List<TxRecord> records = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        for (int page = 0; page < 10_000; page++) {
            Page<TxRecord> next = StoreListings.await(store.transactions(cursor, Page.MAX_LIMIT));
            next.items().stream().filter(record -> record.height() > height).forEach(records::add);
            if (next.nextCursor().isEmpty()) {
                return records;
            }
            cursor = next.nextCursor();
        }
        throw new AssertionError("the transaction log did not end within 10,000 pages");
    }
}
