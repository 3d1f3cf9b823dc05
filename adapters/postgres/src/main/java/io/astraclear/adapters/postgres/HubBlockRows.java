package io.astraclear.adapters.postgres;

import io.astraclear.ports.chain.ObservedTransfer;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.netting.Obligation;
import io.astraclear.ports.state.BlockEffects;
import io.astraclear.ports.state.EquivocationEvidence;
import io.astraclear.ports.state.HubBatch;
import io.astraclear.ports.state.HubHead;
import io.astraclear.ports.state.HubTransfer;
import io.astraclear.ports.state.JournalEntry;
import io.astraclear.ports.state.NettingRecord;
import io.astraclear.ports.state.SettlementRecord;
import io.astraclear.ports.state.TxRecord;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * One block's effects as the statements that write them: one statement per table, the rows bound
 * as arrays (one array per column, expanded with {@code unnest}), however many rows the block has.
 * A statement's parameters are encoded when asked for ({@link Statement#parameters()}): the writer
 * encodes the next statement on a worker thread while the database runs the previous one.
 *
 * <p>Each statement knows how many rows it must touch. An image upsert touches fewer when the
 * stored transfer has another sequence (the {@code where} of its {@code do update}); a log insert
 * fails on a key already stored. Either way the block does not fit what is stored, and nothing of
 * it is kept.
 */
final class HubBlockRows {
    /** A statement, its parameters once encoded, and the number of rows it must touch ({@link #ANY_ROWS}: however many). */
    record Statement(String table, String sql, Supplier<Tuple> parameters, int expectedRows) {}

    static final int ANY_ROWS = -1;

    private static final String DELETE_PENDING = """
            delete from hub_pending_observations where key = any($1::bytea[])
            """;

    private static final String UPSERT_TRANSFERS = """
            insert into hub_transfers as t (transfer_id, sequence, status, live, source_bank, destination_bank, first_attested_nanos, image)
            select * from unnest($1::bytea[], $2::bigint[], $3::text[], $4::boolean[], $5::text[], $6::text[], $7::bigint[], $8::bytea[])
            on conflict (transfer_id) do update
                set status = excluded.status, live = excluded.live, source_bank = excluded.source_bank,
                    destination_bank = excluded.destination_bank, first_attested_nanos = excluded.first_attested_nanos, image = excluded.image
                where t.sequence = excluded.sequence
            """;

    private static final String UPSERT_BATCHES = """
            insert into hub_batches as b (bank, number, created_height, open, image)
            select * from unnest($1::text[], $2::bigint[], $3::bigint[], $4::boolean[], $5::bytea[])
            on conflict (bank, number) do update
                set created_height = excluded.created_height, open = excluded.open, image = excluded.image
            """;

    private static final String UPSERT_PENDING = """
            insert into hub_pending_observations (key, image)
            select * from unnest($1::bytea[], $2::bytea[])
            on conflict (key) do update set image = excluded.image
            """;

    private static final String UPSERT_VALIDATOR_SETS = """
            insert into hub_validator_sets (singleton, image) values (true, $1::bytea)
            on conflict (singleton) do update set image = excluded.image
            """;

    private static final String DELETE_BALANCES = """
            delete from hub_balances b using unnest($1::text[], $2::text[]) as u(issuer, holder)
            where b.issuer = u.issuer and b.holder = u.holder
            """;

    private static final String UPSERT_BALANCES = """
            insert into hub_balances (issuer, holder, amount)
            select u.issuer, u.holder, u.amount::numeric from unnest($1::text[], $2::text[], $3::text[]) as u(issuer, holder, amount)
            on conflict (issuer, holder) do update set amount = excluded.amount
            """;

    private static final String INSERT_JOURNAL = """
            insert into hub_journal (sequence, height, time_nanos, type, issuer, holder, amount, reference)
            select u.sequence, u.height, u.time_nanos, u.type, u.issuer, u.holder, u.amount::numeric, u.reference
            from unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bytea[])
                 as u(sequence, height, time_nanos, type, issuer, holder, amount, reference)
            """;

    private static final String INSERT_NETTING_ROUNDS = """
            insert into hub_netting_rounds (round_id, height, time_nanos, image)
            select * from unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bytea[])
            """;

    // Rows take their position (the identity) in the block's order.
    private static final String INSERT_SETTLEMENTS = """
            insert into hub_settlements (creditor, reference, debtor, amount, confirmed_by, height, time_nanos, journal_sequence)
            select u.creditor, u.reference, u.debtor, u.amount::numeric, u.confirmed_by, u.height, u.time_nanos, u.journal_sequence
            from unnest($1::text[], $2::bytea[], $3::text[], $4::text[], $5::bytea[], $6::bigint[], $7::bigint[], $8::bigint[])
                 with ordinality as u(creditor, reference, debtor, amount, confirmed_by, height, time_nanos, journal_sequence, position)
            order by u.position
            """;

    private static final String INSERT_EVIDENCE = """
            insert into hub_evidence (height, validator, subject, first_digest, second_digest)
            select u.height, u.validator, u.subject, u.first_digest, u.second_digest
            from unnest($1::bigint[], $2::bytea[], $3::bytea[], $4::bytea[], $5::bytea[])
                 with ordinality as u(height, validator, subject, first_digest, second_digest, position)
            order by u.position
            """;

    private static final String INSERT_TRANSACTIONS = """
            insert into hub_transactions (height, tx_index, hash, tx_type, sender, rejection, log)
            select * from unnest($1::bigint[], $2::int[], $3::bytea[], $4::smallint[], $5::bytea[], $6::text[], $7::bytea[])
            """;

    private static final String INSERT_EVENT_CHUNKS = """
            insert into hub_event_chunks (first_id, last_id, height, events)
            select u.first_id, u.last_id, $3::bigint, u.events from unnest($1::bigint[], $2::bigint[], $4::bytea[]) as u(first_id, last_id, events)
            """;

    private static final String ADVANCE_HEAD = """
            update hub_head set height = $1::bigint where singleton and height = $1::bigint - 1
            """;

    private static final String INSERT_BLOCK = """
            insert into hub_blocks (height, time_nanos, app_hash, head) values ($1::bigint, $2::bigint, $3::bytea, $4::bytea)
            """;

    private final HubHead head;
    private final boolean writesValidatorSets;
    private final List<Statement> statements;

    private HubBlockRows(HubHead head, boolean writesValidatorSets, List<Statement> statements) {
        this.head = head;
        this.writesValidatorSets = writesValidatorSets;
        this.statements = statements;
    }

    long height() {
        return head.height();
    }

    Bytes32 appHash() {
        return head.appHash();
    }

    boolean writesValidatorSets() {
        return writesValidatorSets;
    }

    /** In the order they must run: removals before the images that may bring a key back, the head last. */
    List<Statement> statements() {
        return statements;
    }

    /**
     * The statements of {@code effects}, not encoded yet. Encoding fails with
     * {@link IllegalArgumentException} on a value the tables cannot hold (a time outside 1677..2262).
     */
    static HubBlockRows of(BlockEffects effects) {
        List<Statement> statements = new ArrayList<>();
        HubHead head = effects.head();

        List<Bytes32> removed = effects.removedPendingObservations();
        add(statements, "hub_pending_observations", DELETE_PENDING, removed, ANY_ROWS, rows -> columns(
                array(rows, HubBlockRows::bytes, Buffer[]::new)));

        add(statements, "hub_transfers", UPSERT_TRANSFERS, effects.transfers(), effects.transfers().size(), rows -> {
            int size = rows.size();
            Buffer[] ids = new Buffer[size];
            Long[] sequences = new Long[size];
            String[] statuses = new String[size];
            Boolean[] live = new Boolean[size];
            String[] sources = new String[size];
            String[] destinations = new String[size];
            Long[] firstAttested = new Long[size];
            Buffer[] images = new Buffer[size];
            for (int index = 0; index < size; index++) {
                HubTransfer transfer = rows.get(index);
                ObservedTransfer observed = standsBy(transfer);
                ids[index] = bytes(transfer.transferId().value());
                sequences[index] = transfer.sequence();
                statuses[index] = transfer.status().name();
                live[index] = transfer.live();
                sources[index] = observed.sourceBank().value();
                destinations[index] = observed.destinationBank().value();
                firstAttested[index] = EpochNanos.saturated(transfer.firstAttestedTime());
                images[index] = Buffer.buffer(HubImageCodec.transfer(transfer));
            }
            return columns(ids, sequences, statuses, live, sources, destinations, firstAttested, images);
        });

        add(statements, "hub_batches", UPSERT_BATCHES, effects.batches(), effects.batches().size(), rows -> columns(
                array(rows, batch -> batch.id().bank().value(), String[]::new),
                array(rows, batch -> batch.id().number(), Long[]::new),
                array(rows, HubBatch::createdHeight, Long[]::new),
                array(rows, batch -> batch.status() == HubBatch.Status.OPEN, Boolean[]::new),
                array(rows, batch -> Buffer.buffer(HubImageCodec.batch(batch)), Buffer[]::new)));

        add(statements, "hub_pending_observations", UPSERT_PENDING, effects.pendingObservations(), effects.pendingObservations().size(),
                rows -> columns(
                        array(rows, pending -> bytes(pending.key()), Buffer[]::new),
                        array(rows, pending -> Buffer.buffer(HubImageCodec.pending(pending)), Buffer[]::new)));

        effects.validatorSets().ifPresent(sets -> statements.add(new Statement("hub_validator_sets", UPSERT_VALIDATOR_SETS,
                () -> Tuple.of(Buffer.buffer(HubImageCodec.validatorSets(sets))), 1)));

        List<Obligation> zeros = effects.balances().stream().filter(balance -> balance.amount().isZero()).toList();
        List<Obligation> amounts = effects.balances().stream().filter(balance -> !balance.amount().isZero()).toList();
        add(statements, "hub_balances", DELETE_BALANCES, zeros, ANY_ROWS, rows -> columns(
                array(rows, balance -> balance.debtor().value(), String[]::new),
                array(rows, balance -> balance.creditor().value(), String[]::new)));
        add(statements, "hub_balances", UPSERT_BALANCES, amounts, amounts.size(), rows -> columns(
                array(rows, balance -> balance.debtor().value(), String[]::new),
                array(rows, balance -> balance.creditor().value(), String[]::new),
                array(rows, balance -> balance.amount().value().toString(), String[]::new)));

        add(statements, "hub_journal", INSERT_JOURNAL, effects.journal(), effects.journal().size(), rows -> columns(
                array(rows, JournalEntry::sequence, Long[]::new),
                array(rows, JournalEntry::height, Long[]::new),
                array(rows, entry -> EpochNanos.of(entry.time()), Long[]::new),
                array(rows, entry -> entry.type().name(), String[]::new),
                array(rows, entry -> entry.issuer().value(), String[]::new),
                array(rows, entry -> entry.holder().value(), String[]::new),
                array(rows, entry -> entry.amount().value().toString(), String[]::new),
                array(rows, entry -> Buffer.buffer(ExactText.encode(entry.reference())), Buffer[]::new)));

        add(statements, "hub_netting_rounds", INSERT_NETTING_ROUNDS, effects.nettingRounds(), effects.nettingRounds().size(), rows -> columns(
                array(rows, NettingRecord::roundId, Long[]::new),
                array(rows, NettingRecord::height, Long[]::new),
                array(rows, round -> EpochNanos.of(round.time()), Long[]::new),
                array(rows, round -> Buffer.buffer(HubImageCodec.nettingRound(round)), Buffer[]::new)));

        add(statements, "hub_settlements", INSERT_SETTLEMENTS, effects.settlements(), effects.settlements().size(), rows -> columns(
                array(rows, settlement -> settlement.creditor().value(), String[]::new),
                array(rows, settlement -> Buffer.buffer(ExactText.encode(settlement.reference())), Buffer[]::new),
                array(rows, settlement -> settlement.debtor().value(), String[]::new),
                array(rows, settlement -> settlement.amount().value().toString(), String[]::new),
                array(rows, settlement -> Buffer.buffer(settlement.confirmedBy().toByteArray()), Buffer[]::new),
                array(rows, SettlementRecord::height, Long[]::new),
                array(rows, settlement -> EpochNanos.of(settlement.time()), Long[]::new),
                array(rows, SettlementRecord::journalSequence, Long[]::new)));

        add(statements, "hub_evidence", INSERT_EVIDENCE, effects.evidence(), effects.evidence().size(), rows -> columns(
                array(rows, EquivocationEvidence::height, Long[]::new),
                array(rows, evidence -> Buffer.buffer(evidence.validator().toByteArray()), Buffer[]::new),
                array(rows, evidence -> bytes(evidence.subject()), Buffer[]::new),
                array(rows, evidence -> bytes(evidence.firstDigest()), Buffer[]::new),
                array(rows, evidence -> bytes(evidence.secondDigest()), Buffer[]::new)));

        add(statements, "hub_transactions", INSERT_TRANSACTIONS, effects.transactions(), effects.transactions().size(), rows -> columns(
                array(rows, TxRecord::height, Long[]::new),
                array(rows, TxRecord::index, Integer[]::new),
                array(rows, transaction -> bytes(transaction.result().transactionHash()), Buffer[]::new),
                array(rows, transaction -> transaction.type().map(type -> (short) type.code()).orElse(null), Short[]::new),
                array(rows, transaction -> transaction.sender().map(sender -> Buffer.buffer(sender.toByteArray())).orElse(null), Buffer[]::new),
                array(rows, transaction -> transaction.result().rejection().map(Enum::name).orElse(null), String[]::new),
                array(rows, transaction -> Buffer.buffer(ExactText.encode(transaction.result().log())), Buffer[]::new)));

        if (!effects.events().isEmpty()) {
            statements.add(new Statement("hub_event_chunks", INSERT_EVENT_CHUNKS, () -> {
                List<HubEventChunks.Chunk> chunks = HubEventChunks.of(effects.events());
                return columns(array(chunks, HubEventChunks.Chunk::firstId, Long[]::new), array(chunks, HubEventChunks.Chunk::lastId, Long[]::new))
                        .addLong(head.height())
                        .addValue(array(chunks, chunk -> Buffer.buffer(chunk.events()), Buffer[]::new));
            }, ANY_ROWS));
        }

        statements.add(new Statement("hub_head", ADVANCE_HEAD, () -> Tuple.of(head.height()), 1));
        statements.add(new Statement("hub_blocks", INSERT_BLOCK, () -> Tuple.of(head.height(), EpochNanos.of(head.time()), bytes(head.appHash()),
                Buffer.buffer(HubImageCodec.head(head))), 1));
        return new HubBlockRows(head, effects.validatorSets().isPresent(), List.copyOf(statements));
    }

    /**
     * The content {@link HubTransfer#observed()} names. With one content that is the content, whatever
     * the confirmation says: the shortcut spares a Keccak per confirmed transfer (observed() hashes the
     * contents to find the confirmed one), measured at more than the rest of a block's encoding.
     */
    private static ObservedTransfer standsBy(HubTransfer transfer) {
        return transfer.contents().size() == 1 ? transfer.contents().getFirst() : transfer.observed();
    }

    static Buffer bytes(Bytes32 value) {
        return Buffer.buffer(value.toByteArray());
    }

    private static <R> void add(List<Statement> statements, String table, String sql, List<R> rows, int expectedRows,
            Function<List<R>, Tuple> parameters) {
        if (!rows.isEmpty()) {
            statements.add(new Statement(table, sql, () -> parameters.apply(rows), expectedRows));
        }
    }

    /**
     * One array parameter per column. Not {@code Tuple.of}: its {@code (Object, Object...)} overload
     * takes an array argument for the varargs array itself and binds its elements one by one.
     */
    private static Tuple columns(Object[]... columns) {
        Tuple tuple = Tuple.tuple();
        for (Object[] column : columns) {
            tuple.addValue(column);
        }
        return tuple;
    }

    private static <R, V> V[] array(List<R> rows, Function<R, V> column, IntFunction<V[]> newArray) {
        V[] values = newArray.apply(rows.size());
        for (int index = 0; index < values.length; index++) {
            values[index] = column.apply(rows.get(index));
        }
        return values;
    }
}
