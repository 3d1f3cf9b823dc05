package io.astraclear.adapters.postgres;

import io.astraclear.ports.consensus.TxResult;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.TransferId;
import io.astraclear.ports.hub.BatchId;
import io.astraclear.ports.hub.HubRejection;
import io.astraclear.ports.hub.HubTxType;
import io.astraclear.ports.netting.BalanceSnapshot;
import io.astraclear.ports.netting.Obligation;
import io.astraclear.ports.state.EquivocationEvidence;
import io.astraclear.ports.state.HubBatch;
import io.astraclear.ports.state.HubEvent;
import io.astraclear.ports.state.HubHead;
import io.astraclear.ports.state.HubTransfer;
import io.astraclear.ports.state.JournalEntry;
import io.astraclear.ports.state.LiveState;
import io.astraclear.ports.state.NettingRecord;
import io.astraclear.ports.state.PendingObservation;
import io.astraclear.ports.state.SettlementRecord;
import io.astraclear.ports.state.TxRecord;
import io.astraclear.ports.state.ValidatorSets;
import io.astraclear.ports.storage.EntryType;
import io.astraclear.ports.storage.Page;
import io.astraclear.ports.storage.TransferQuery;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The port's reads. Each listing or lookup is one statement, so it sees whole blocks only;
 * {@link #load()} reads several tables in one read-only snapshot (repeatable read) for the same reason.
 * Every query is a prepared one: the extended protocol returns binary columns, where the simple one
 * sends bytea as hex text (twice the bytes, and a hex decoding per image).
 * Listings fetch one row more than the page to know whether a next page exists.
 */
final class HubReads {
    private static final String HEAD = """
            select b.head from hub_head h join hub_blocks b on b.height = h.height where h.singleton
            """;
    private static final String TRANSFER_COLUMNS = "select transfer_id, sequence, image from hub_transfers ";
    private static final String BATCH_COLUMNS = "select bank, number, created_height, image from hub_batches ";
    private static final String JOURNAL_COLUMNS = """
            select sequence, height, time_nanos, type, issuer, holder, amount::text as amount, reference from hub_journal
            """;
    private static final String ROUND_COLUMNS = "select round_id, height, time_nanos, image from hub_netting_rounds ";
    private static final String SETTLEMENT_COLUMNS = """
            select position, creditor, reference, debtor, amount::text as amount, confirmed_by, height, time_nanos, journal_sequence
            from hub_settlements
            """;
    private static final String TRANSACTION_COLUMNS = "select height, tx_index, hash, tx_type, sender, rejection, log from hub_transactions ";
    private static final String EVENT_CHUNKS = """
            select first_id, last_id, events from (
                select first_id, last_id, events,
                       coalesce(sum(last_id - greatest(first_id, $1::bigint + 1) + 1)
                                over (order by first_id rows between unbounded preceding and 1 preceding), 0) as before
                from (select first_id, last_id, events from hub_event_chunks
                      where first_id >= coalesce((select max(first_id) from hub_event_chunks where first_id <= $1::bigint), 0)
                        and last_id > $1::bigint
                      order by first_id limit $2::int) candidates
            ) counted
            where before < $2::int
            order by first_id
            """;
    private static final String EVIDENCE_COLUMNS = "select position, height, validator, subject, first_digest, second_digest from hub_evidence ";

    private final Vertx vertx;
    private final Pool pool;

    HubReads(Vertx vertx, Pool pool) {
        this.vertx = vertx;
        this.pool = pool;
    }

    // --- the state machine's side ------------------------------------------------------------------

    Future<Optional<LiveState>> load() {
        return pool.withConnection(connection -> {
            Future<RowSet<Row>> begin = connection.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY").execute();
            Future<RowSet<Row>> head = connection.preparedQuery(HEAD).execute();
            Future<RowSet<Row>> transfers = connection.preparedQuery(TRANSFER_COLUMNS + "where live order by sequence").execute();
            Future<RowSet<Row>> batches = connection.preparedQuery(BATCH_COLUMNS + "where open order by bank, number").execute();
            Future<RowSet<Row>> pending = connection.preparedQuery("select key, image from hub_pending_observations order by key").execute();
            Future<RowSet<Row>> sets = connection.preparedQuery("select image from hub_validator_sets").execute();
            Future<RowSet<Row>> balances = connection.preparedQuery("select issuer, holder, amount::text as amount from hub_balances").execute();
            Future<RowSet<Row>> settlements = connection.preparedQuery(SETTLEMENT_COLUMNS + " order by height, journal_sequence, position").execute();
            Future<RowSet<Row>> end = connection.query("COMMIT").execute();
            return Future.all(List.of(begin, head, transfers, batches, pending, sets, balances, settlements, end))
                    .recover(failure -> connection.query("ROLLBACK").execute().transform(ignored -> Future.failedFuture(failure)))
                    .compose(read -> vertx.executeBlocking(() -> {
                        Optional<HubHead> stored = first(head.result(), row -> HubImageCodec.head(bytes(row, "head")));
                        if (stored.isEmpty()) {
                            return Optional.<LiveState>empty();
                        }
                        ValidatorSets validatorSets = first(sets.result(), row -> HubImageCodec.validatorSets(bytes(row, "image")))
                                .orElseThrow(() -> new IllegalStateException("the store holds block " + stored.get().height() + " but no validator sets"));
                        return Optional.of(new LiveState(stored.get(), all(transfers.result(), HubReads::transfer), all(batches.result(), HubReads::batch),
                                all(pending.result(), HubReads::pending), validatorSets, snapshot(balances.result()),
                                all(settlements.result(), HubReads::settlement)));
                    }, false));
        });
    }

    Future<List<HubTransfer>> transfers(Collection<TransferId> transferIds) {
        if (transferIds.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        Buffer[] ids = transferIds.stream().distinct().map(id -> HubBlockRows.bytes(id.value())).toArray(Buffer[]::new);
        // Decoded on a worker thread: the state machine may ask for thousands at once, a few microseconds each.
        return pool.preparedQuery(TRANSFER_COLUMNS + "where transfer_id = any($1::bytea[])")
                .execute(Tuple.tuple().addValue(ids))
                .compose(rows -> vertx.executeBlocking(() -> all(rows, HubReads::transfer), false));
    }

    // --- reads ------------------------------------------------------------------------------------

    Future<Optional<HubHead>> head() {
        return pool.preparedQuery(HEAD).execute().map(rows -> first(rows, row -> HubImageCodec.head(bytes(row, "head"))));
    }

    Future<Optional<HubTransfer>> transfer(TransferId transferId) {
        return pool.preparedQuery(TRANSFER_COLUMNS + "where transfer_id = $1::bytea")
                .execute(Tuple.of(HubBlockRows.bytes(transferId.value())))
                .map(rows -> first(rows, HubReads::transfer));
    }

    /**
     * Newest first by sequence. With a bank, two index scans (by source, by destination), each stopping
     * after a page, merged: an {@code or} of the two would read every transfer of the bank to sort them.
     */
    Future<Page<HubTransfer>> transfers(TransferQuery query) {
        Tuple parameters = Tuple.tuple();
        List<String> conditions = new ArrayList<>();
        query.cursor().ifPresent(cursor -> {
            String[] parts = HubCursors.parts(HubCursors.TRANSFERS, cursor, 1);
            parameters.addLong(HubCursors.number(HubCursors.TRANSFERS, cursor, parts[0], 1));
            conditions.add("sequence < $" + parameters.size());
        });
        query.status().ifPresent(status -> {
            parameters.addString(status.name());
            conditions.add("status = $" + parameters.size());
        });
        query.observedFrom().ifPresent(from -> {
            parameters.addLong(EpochNanos.saturated(from));
            conditions.add("first_attested_nanos >= $" + parameters.size());
        });
        query.observedTo().ifPresent(to -> {
            parameters.addLong(EpochNanos.saturated(to));
            conditions.add("first_attested_nanos < $" + parameters.size());
        });
        parameters.addInteger(query.limit() + 1);
        String limit = "order by sequence desc limit $" + parameters.size();
        String sql;
        if (query.bank().isPresent()) {
            parameters.addString(query.bank().get().value());
            String bank = "$" + parameters.size() + "::text";
            String rest = conditions.stream().map(condition -> " and " + condition).reduce("", String::concat);
            sql = "select * from ((" + TRANSFER_COLUMNS + "where source_bank = " + bank + rest + " " + limit + ") union all ("
                    + TRANSFER_COLUMNS + "where destination_bank = " + bank + " and source_bank <> " + bank + rest + " " + limit + ")) t "
                    + limit;
        } else {
            sql = TRANSFER_COLUMNS + (conditions.isEmpty() ? "" : "where " + String.join(" and ", conditions) + " ") + limit;
        }
        return pool.preparedQuery(sql).execute(parameters)
                .map(rows -> page(rows, query.limit(), HubReads::transfer, row -> HubCursors.of(HubCursors.TRANSFERS, row.getLong("sequence"))));
    }

    Future<Optional<HubBatch>> batch(BatchId batchId) {
        return pool.preparedQuery(BATCH_COLUMNS + "where bank = $1::text and number = $2::bigint")
                .execute(Tuple.of(batchId.bank().value(), batchId.number()))
                .map(rows -> first(rows, HubReads::batch));
    }

    /** Newest first: by created height, then batch id, both descending. */
    Future<Page<HubBatch>> batches(Optional<BankId> bank, Optional<String> cursor, int limit) {
        String sql;
        Tuple parameters;
        if (cursor.isEmpty()) {
            sql = BATCH_COLUMNS + (bank.isPresent() ? "where bank = $2::text " : "") + "order by created_height desc, bank desc, number desc limit $1::int";
            parameters = bank.isPresent() ? Tuple.of(limit + 1, bank.get().value()) : Tuple.of(limit + 1);
        } else {
            String[] parts = HubCursors.parts(HubCursors.BATCHES, cursor.get(), 3);
            long height = HubCursors.number(HubCursors.BATCHES, cursor.get(), parts[0], 1);
            BankId after = HubCursors.bank(HubCursors.BATCHES, cursor.get(), parts[1]);
            long number = HubCursors.number(HubCursors.BATCHES, cursor.get(), parts[2], 1);
            if (bank.isPresent()) {
                // One bank's listing continues by (height, number) within the bank: one range of its (bank, height, number) index.
                sql = BATCH_COLUMNS + "where bank = $2::text and (bank, created_height, number) < ($2::text, $3::bigint, $4::bigint) "
                        + "order by bank desc, created_height desc, number desc limit $1::int";
                parameters = Tuple.of(limit + 1, bank.get().value(), height, number);
            } else {
                sql = BATCH_COLUMNS + "where (created_height, bank, number) < ($2::bigint, $3::text, $4::bigint) "
                        + "order by created_height desc, bank desc, number desc limit $1::int";
                parameters = Tuple.of(limit + 1, height, after.value(), number);
            }
        }
        return pool.preparedQuery(sql).execute(parameters).map(rows -> page(rows, limit, HubReads::batch,
                row -> HubCursors.of(HubCursors.BATCHES, row.getLong("created_height"), row.getString("bank"), row.getLong("number"))));
    }

    Future<BalanceSnapshot> balances() {
        return pool.preparedQuery("select issuer, holder, amount::text as amount from hub_balances").execute().map(HubReads::snapshot);
    }

    Future<Optional<ValidatorSets>> validatorSets() {
        return pool.preparedQuery("select image from hub_validator_sets").execute()
                .map(rows -> first(rows, row -> HubImageCodec.validatorSets(bytes(row, "image"))));
    }

    Future<Page<JournalEntry>> journal(Optional<String> cursor, int limit) {
        long after = cursor.map(text -> HubCursors.number(HubCursors.JOURNAL, text, HubCursors.parts(HubCursors.JOURNAL, text, 1)[0], 1)).orElse(0L);
        return pool.preparedQuery(JOURNAL_COLUMNS + " where sequence > $1 order by sequence limit $2")
                .execute(Tuple.of(after, limit + 1))
                .map(rows -> page(rows, limit, HubReads::journalEntry, row -> HubCursors.of(HubCursors.JOURNAL, row.getLong("sequence"))));
    }

    Future<Optional<NettingRecord>> nettingRound(long roundId) {
        return pool.preparedQuery(ROUND_COLUMNS + "where round_id = $1::bigint").execute(Tuple.of(roundId)).map(rows -> first(rows, HubReads::round));
    }

    Future<Page<NettingRecord>> nettingRounds(Optional<String> cursor, int limit) {
        long after = cursor.map(text -> HubCursors.number(HubCursors.ROUNDS, text, HubCursors.parts(HubCursors.ROUNDS, text, 1)[0], 1)).orElse(0L);
        return pool.preparedQuery(ROUND_COLUMNS + "where round_id > $1 order by round_id limit $2")
                .execute(Tuple.of(after, limit + 1))
                .map(rows -> page(rows, limit, HubReads::round, row -> HubCursors.of(HubCursors.ROUNDS, row.getLong("round_id"))));
    }

    /** Oldest first by height, then journal sequence (then position, should two share both). */
    Future<Page<SettlementRecord>> settlements(Optional<String> cursor, int limit) {
        long[] after = {0, 0, 0};
        cursor.ifPresent(text -> {
            String[] parts = HubCursors.parts(HubCursors.SETTLEMENTS, text, 3);
            for (int index = 0; index < 3; index++) {
                after[index] = HubCursors.number(HubCursors.SETTLEMENTS, text, parts[index], 1);
            }
        });
        return pool.preparedQuery(SETTLEMENT_COLUMNS + " where (height, journal_sequence, position) > ($1, $2, $3) "
                        + "order by height, journal_sequence, position limit $4")
                .execute(Tuple.of(after[0], after[1], after[2], limit + 1))
                .map(rows -> page(rows, limit, HubReads::settlement, row -> HubCursors.of(HubCursors.SETTLEMENTS, row.getLong("height"),
                        row.getLong("journal_sequence"), row.getLong("position"))));
    }

    /** The first inclusion of the hash: a later one is a replay that had no effect. */
    Future<Optional<TxRecord>> transaction(Bytes32 transactionHash) {
        return pool.preparedQuery(TRANSACTION_COLUMNS + "where hash = $1::bytea order by height, tx_index limit 1")
                .execute(Tuple.of(HubBlockRows.bytes(transactionHash)))
                .map(rows -> first(rows, HubReads::transaction));
    }

    Future<Page<TxRecord>> transactions(Optional<String> cursor, int limit) {
        long height = 0;
        long index = -1;
        if (cursor.isPresent()) {
            String[] parts = HubCursors.parts(HubCursors.TRANSACTIONS, cursor.get(), 2);
            height = HubCursors.number(HubCursors.TRANSACTIONS, cursor.get(), parts[0], 1);
            index = HubCursors.number(HubCursors.TRANSACTIONS, cursor.get(), parts[1], 0);
        }
        return pool.preparedQuery(TRANSACTION_COLUMNS + "where (height, tx_index) > ($1, $2) order by height, tx_index limit $3")
                .execute(Tuple.of(height, index, limit + 1))
                .map(rows -> page(rows, limit, HubReads::transaction,
                        row -> HubCursors.of(HubCursors.TRANSACTIONS, row.getLong("height"), row.getInteger("tx_index"))));
    }

    /** Oldest first by height, then the order the blocks gave them. */
    Future<Page<EquivocationEvidence>> evidence(Optional<String> cursor, int limit) {
        long height = 0;
        long position = 0;
        if (cursor.isPresent()) {
            String[] parts = HubCursors.parts(HubCursors.EVIDENCE, cursor.get(), 2);
            height = HubCursors.number(HubCursors.EVIDENCE, cursor.get(), parts[0], 1);
            position = HubCursors.number(HubCursors.EVIDENCE, cursor.get(), parts[1], 1);
        }
        return pool.preparedQuery(EVIDENCE_COLUMNS + "where (height, position) > ($1, $2) order by height, position limit $3")
                .execute(Tuple.of(height, position, limit + 1))
                .map(rows -> page(rows, limit, HubReads::evidence,
                        row -> HubCursors.of(HubCursors.EVIDENCE, row.getLong("height"), row.getLong("position"))));
    }

    /**
     * The chunks holding the events after {@code afterId}: from the chunk with {@code afterId + 1} on,
     * only as many as hold {@code limit} such events (a window sum counts them without decoding).
     */
    Future<List<HubEvent>> events(long afterId, int limit) {
        if (afterId == Long.MAX_VALUE) {
            return Future.succeededFuture(List.of());
        }
        return pool.preparedQuery(EVENT_CHUNKS).execute(Tuple.of(afterId, limit)).map(rows -> {
            List<HubEvent> events = new ArrayList<>(limit);
            for (Row row : rows) {
                for (HubEvent event : HubEventChunks.decode(row.getLong("first_id"), row.getLong("last_id"), bytes(row, "events"))) {
                    if (event.id() > afterId && events.size() < limit) {
                        events.add(event);
                    }
                }
            }
            return events;
        });
    }

    // --- rows to records --------------------------------------------------------------------------

    private static HubTransfer transfer(Row row) {
        return HubImageCodec.transfer(new TransferId(bytes32(row, "transfer_id")), bytes(row, "image"));
    }

    private static HubBatch batch(Row row) {
        return HubImageCodec.batch(new BatchId(new BankId(row.getString("bank")), row.getLong("number")), bytes(row, "image"));
    }

    private static PendingObservation pending(Row row) {
        return HubImageCodec.pending(bytes32(row, "key"), bytes(row, "image"));
    }

    private static BalanceSnapshot snapshot(RowSet<Row> rows) {
        return BalanceSnapshot.canonical(all(rows, row -> new Obligation(new BankId(row.getString("issuer")), new BankId(row.getString("holder")),
                amount(row, "amount"))));
    }

    private static JournalEntry journalEntry(Row row) {
        return new JournalEntry(row.getLong("sequence"), row.getLong("height"), EpochNanos.instant(row.getLong("time_nanos")),
                known(EntryType.class, row.getString("type")), new BankId(row.getString("issuer")), new BankId(row.getString("holder")),
                amount(row, "amount"), ExactText.decode(bytes(row, "reference")));
    }

    private static NettingRecord round(Row row) {
        return HubImageCodec.nettingRound(row.getLong("round_id"), row.getLong("height"), EpochNanos.instant(row.getLong("time_nanos")),
                bytes(row, "image"));
    }

    private static SettlementRecord settlement(Row row) {
        return new SettlementRecord(new BankId(row.getString("debtor")), new BankId(row.getString("creditor")), amount(row, "amount"),
                ExactText.decode(bytes(row, "reference")), Address.fromBytes(bytes(row, "confirmed_by")), row.getLong("height"),
                EpochNanos.instant(row.getLong("time_nanos")), row.getLong("journal_sequence"));
    }

    private static TxRecord transaction(Row row) {
        Short type = row.getShort("tx_type");
        Buffer sender = row.getBuffer("sender");
        String rejection = row.getString("rejection");
        TxResult result = new TxResult(bytes32(row, "hash"),
                rejection == null ? Optional.empty() : Optional.of(known(HubRejection.class, rejection)), ExactText.decode(bytes(row, "log")));
        return new TxRecord(row.getLong("height"), row.getInteger("tx_index"),
                type == null ? Optional.empty() : Optional.of(HubTxType.fromCode(type).orElseThrow(() -> new IllegalStateException(
                        "a stored transaction has type code " + type + ", which this code does not know"))),
                sender == null ? Optional.empty() : Optional.of(Address.fromBytes(sender.getBytes())), result);
    }

    private static EquivocationEvidence evidence(Row row) {
        return new EquivocationEvidence(row.getLong("height"), Address.fromBytes(bytes(row, "validator")), bytes32(row, "subject"),
                bytes32(row, "first_digest"), bytes32(row, "second_digest"));
    }

    // --- helpers ----------------------------------------------------------------------------------

    private static byte[] bytes(Row row, String column) {
        return row.getBuffer(column).getBytes();
    }

    private static Bytes32 bytes32(Row row, String column) {
        return new Bytes32(bytes(row, column));
    }

    private static Amount amount(Row row, String column) {
        return new Amount(new BigInteger(row.getString(column)));
    }

    private static <E extends Enum<E>> E known(Class<E> type, String name) {
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("a stored row names " + type.getSimpleName() + " '" + name + "', which this code does not know", e);
        }
    }

    private static <T> List<T> all(RowSet<Row> rows, Function<Row, T> mapper) {
        List<T> items = new ArrayList<>(rows.size());
        for (Row row : rows) {
            items.add(mapper.apply(row));
        }
        return items;
    }

    private static <T> Optional<T> first(RowSet<Row> rows, Function<Row, T> mapper) {
        var iterator = rows.iterator();
        return iterator.hasNext() ? Optional.of(mapper.apply(iterator.next())) : Optional.empty();
    }

    /** {@code rows} holds up to {@code limit + 1} rows; the extra one only says there is a next page. */
    private static <T> Page<T> page(RowSet<Row> rows, int limit, Function<Row, T> mapper, Function<Row, String> cursorOf) {
        List<T> items = new ArrayList<>(Math.min(rows.size(), limit));
        Row last = null;
        for (Row row : rows) {
            if (items.size() == limit) {
                return new Page<>(items, Optional.of(cursorOf.apply(last)));
            }
            items.add(mapper.apply(row));
            last = row;
        }
        return new Page<>(items, Optional.empty());
    }
}
