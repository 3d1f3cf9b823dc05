package io.astraclear.adapters.postgres;

import io.astraclear.ports.chain.Checkpoint;
import io.astraclear.ports.chain.ObservedTransfer;
import io.astraclear.ports.chain.QuarantinedLog;
import io.astraclear.ports.consensus.Vote;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.CommandId;
import io.astraclear.ports.domain.MintCommand;
import io.astraclear.ports.domain.TransferId;
import io.astraclear.ports.netting.BalanceSnapshot;
import io.astraclear.ports.netting.Obligation;
import io.astraclear.ports.storage.AuditEntry;
import io.astraclear.ports.storage.CommandRecord;
import io.astraclear.ports.storage.EntryType;
import io.astraclear.ports.storage.LedgerEntry;
import io.astraclear.ports.storage.NettingRound;
import io.astraclear.ports.storage.Page;
import io.astraclear.ports.storage.RelayAttempt;
import io.astraclear.ports.storage.StatusChange;
import io.astraclear.ports.storage.TransferQuery;
import io.astraclear.ports.storage.TransferRecord;
import io.astraclear.ports.storage.TransferStatus;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** The port's queries. Each is one statement, so it reads one consistent snapshot. */
final class StorageReads {
    private static final String TRANSFER_WITH_HISTORY = """
            select t.seq, t.observed_at, t.transfer_id, t.source_bank, t.source_chain_id, t.source_gateway, t.nonce::text as nonce, t.sender,
                   t.destination_bank, t.recipient, t.amount::text as amount, t.block_number, t.block_hash, t.transaction_hash,
                   t.log_index, t.status, c.execution_transaction_hash, h.statuses, h.ats, h.reasons
            from (%s) t
            left join commands c on c.command_id = t.command_id
            cross join lateral (
                select array_agg(s.status order by s.seq) as statuses, array_agg(s.at order by s.seq) as ats,
                       array_agg(s.reason order by s.seq) as reasons
                from transfer_status_changes s where s.transfer_id = t.transfer_id) h
            order by %s
            """;

    private static final String COMMAND_WITH_ATTEMPTS = """
            select c.command_id, c.transfer_id, c.source_bank, c.destination_bank, c.recipient, c.amount::text as amount,
                   c.destination_chain_id, c.destination_executor, c.signatures, c.status, c.execution_transaction_hash,
                   c.execution_block_number, c.execution_gas_used, c.failure_reason, a.numbers, a.ats, a.outcomes, a.details
            from (%s) c
            left join lateral (
                select array_agg(r.attempt order by r.attempt) as numbers, array_agg(r.at order by r.attempt) as ats,
                       array_agg(r.outcome order by r.attempt) as outcomes, array_agg(r.detail order by r.attempt) as details
                from relay_attempts r where r.command_id = c.command_id) a on true
            order by c.confirmed_seq
            """;

    private static final String VOTE_COLUMNS = """
            select v.validator, v.signature, v.digest, vc.command_id, vc.source_bank, vc.destination_bank, vc.recipient,
                   vc.amount::text as amount, vc.destination_chain_id, vc.destination_executor
            from votes v join vote_commands vc on vc.digest = v.digest
            """;

    private static final String ROUND_COLUMNS =
            "select round_id, at, strategy_id, strategy_version, input_digest, balances_before, balances_after, actor from netting_rounds ";

    private final SqlClient client;

    StorageReads(SqlClient client) {
        this.client = client;
    }

    Future<Optional<Checkpoint>> checkpoint(io.astraclear.ports.domain.BankId bank) {
        return client.preparedQuery("select bank, block_number, block_hash from checkpoints where bank = $1")
                .execute(Tuple.of(bank.value()))
                .map(rows -> first(rows, row -> new Checkpoint(RowCodec.bank(row, "bank"), row.getLong("block_number"), RowCodec.bytes32(row, "block_hash"))));
    }

    Future<List<QuarantinedLog>> quarantined(int limit) {
        return client.preparedQuery("""
                        select source_bank, block_number, transaction_hash, log_index, reason, raw_data
                        from quarantined_logs order by seq limit $1""")
                .execute(Tuple.of(limit))
                .map(rows -> all(rows, row -> new QuarantinedLog(RowCodec.bank(row, "source_bank"), row.getLong("block_number"),
                        RowCodec.bytes32(row, "transaction_hash"), row.getInteger("log_index"), row.getString("reason"), row.getString("raw_data"))));
    }

    Future<List<Vote>> votes(Bytes32 digest) {
        return client.preparedQuery(VOTE_COLUMNS + " where v.digest = $1 and v.counted order by v.validator")
                .execute(Tuple.of(RowCodec.bytes(digest)))
                .map(rows -> all(rows, StorageReads::vote));
    }

    Future<List<Vote>> votesForCommand(CommandId commandId) {
        return client.preparedQuery(VOTE_COLUMNS + " where v.command_id = $1 order by v.seq")
                .execute(Tuple.of(RowCodec.bytes(commandId.value())))
                .map(rows -> all(rows, StorageReads::vote));
    }

    Future<Optional<TransferRecord>> transfer(TransferId transferId) {
        return client.preparedQuery(TRANSFER_WITH_HISTORY.formatted("select * from transfers where transfer_id = $1", "t.seq"))
                .execute(Tuple.of(RowCodec.bytes(transferId.value())))
                .map(rows -> first(rows, StorageReads::transferRecord));
    }

    Future<Page<TransferRecord>> transfers(TransferQuery query) {
        List<String> conditions = new ArrayList<>();
        Tuple parameters = Tuple.tuple();
        query.status().ifPresent(status -> {
            parameters.addString(status.name());
            conditions.add("status = $" + parameters.size());
        });
        query.bank().ifPresent(bank -> {
            parameters.addString(bank.value());
            conditions.add("(source_bank = $" + parameters.size() + " or destination_bank = $" + parameters.size() + ")");
        });
        query.observedFrom().ifPresent(from -> {
            parameters.addOffsetDateTime(RowCodec.time(from));
            conditions.add("observed_at >= $" + parameters.size());
        });
        query.observedTo().ifPresent(to -> {
            parameters.addOffsetDateTime(RowCodec.time(to));
            conditions.add("observed_at < $" + parameters.size());
        });
        if (query.cursor().isPresent()) {
            Cursors.TransferPosition after = Cursors.parseTransfers(query.cursor().get());
            parameters.addOffsetDateTime(RowCodec.time(after.observedAt()));
            parameters.addLong(after.sequence());
            conditions.add("(observed_at, seq) < ($" + (parameters.size() - 1) + ", $" + parameters.size() + ")");
        }
        parameters.addInteger(query.limit() + 1);
        String where = conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
        String inner = "select * from transfers" + where + " order by observed_at desc, seq desc limit $" + parameters.size();
        return client.preparedQuery(TRANSFER_WITH_HISTORY.formatted(inner, "t.observed_at desc, t.seq desc"))
                .execute(parameters)
                .map(rows -> {
                    List<Row> list = new ArrayList<>();
                    rows.forEach(list::add);
                    return page(list, query.limit(), StorageReads::transferRecord,
                            row -> Cursors.transfers(RowCodec.instant(row, "observed_at"), row.getLong("seq")));
                });
    }

    Future<List<TransferRecord>> transfersInStatus(TransferStatus status, int limit) {
        return client.preparedQuery(TRANSFER_WITH_HISTORY.formatted(
                        "select * from transfers where status = $1 order by observed_at, seq limit $2", "t.observed_at, t.seq"))
                .execute(Tuple.of(status.name(), limit))
                .map(rows -> all(rows, StorageReads::transferRecord));
    }

    Future<Optional<CommandRecord>> command(CommandId commandId) {
        return client.preparedQuery(COMMAND_WITH_ATTEMPTS.formatted("select * from commands where command_id = $1"))
                .execute(Tuple.of(RowCodec.bytes(commandId.value())))
                .map(rows -> first(rows, StorageReads::commandRecord));
    }

    Future<List<CommandRecord>> pendingCommands(int limit) {
        return client.preparedQuery(COMMAND_WITH_ATTEMPTS.formatted(
                        "select * from commands where status = 'PENDING' order by confirmed_seq limit $1"))
                .execute(Tuple.of(limit))
                .map(rows -> all(rows, StorageReads::commandRecord));
    }

    Future<BalanceSnapshot> balances() {
        return client.query("select issuer, holder, amount::text as amount from balances where amount > 0")
                .execute()
                .map(rows -> BalanceSnapshot.canonical(all(rows, row -> new Obligation(RowCodec.bank(row, "issuer"), RowCodec.bank(row, "holder"),
                        RowCodec.amount(row, "amount")))));
    }

    Future<Page<LedgerEntry>> journal(Optional<String> cursor, int limit) {
        long after = cursor.map(text -> Cursors.parseSequence("journal", text)).orElse(0L);
        return client.preparedQuery("""
                        select seq, type, issuer, holder, amount::text as amount, reference, at
                        from ledger_entries where seq > $1 order by seq limit $2""")
                .execute(Tuple.of(after, limit + 1))
                .map(rows -> page(list(rows), limit, row -> new LedgerEntry(row.getLong("seq"), EntryType.valueOf(row.getString("type")),
                                RowCodec.bank(row, "issuer"), RowCodec.bank(row, "holder"), RowCodec.amount(row, "amount"),
                                row.getString("reference"), RowCodec.instant(row, "at")),
                        row -> Cursors.sequence("journal", row.getLong("seq"))));
    }

    Future<Optional<NettingRound>> nettingRound(long roundId) {
        return client.preparedQuery(ROUND_COLUMNS + "where round_id = $1")
                .execute(Tuple.of(roundId))
                .map(rows -> first(rows, StorageReads::round));
    }

    /** The latest round, read on the given connection (inside a batch's transaction). */
    Future<Optional<NettingRound>> latestRound(SqlClient connection) {
        return connection.query(ROUND_COLUMNS + "order by round_id desc limit 1")
                .execute()
                .map(rows -> first(rows, StorageReads::round));
    }

    Future<Page<NettingRound>> nettingRounds(Optional<String> cursor, int limit) {
        long after = cursor.map(text -> Cursors.parseSequence("rounds", text)).orElse(0L);
        return client.preparedQuery(ROUND_COLUMNS + "where round_id > $1 order by round_id limit $2")
                .execute(Tuple.of(after, limit + 1))
                .map(rows -> page(list(rows), limit, StorageReads::round, row -> Cursors.sequence("rounds", row.getLong("round_id"))));
    }

    Future<Page<AuditEntry>> auditLog(Optional<String> cursor, int limit) {
        long after = cursor.map(text -> Cursors.parseSequence("audit", text)).orElse(0L);
        return client.preparedQuery("select seq, at, actor, action, subject, details from audit_log where seq > $1 order by seq limit $2")
                .execute(Tuple.of(after, limit + 1))
                .map(rows -> page(list(rows), limit, row -> new AuditEntry(row.getLong("seq"), RowCodec.instant(row, "at"), row.getString("actor"),
                                row.getString("action"), row.getString("subject"), row.getString("details")),
                        row -> Cursors.sequence("audit", row.getLong("seq"))));
    }

    // --- row mappers ---------------------------------------------------------------------------

    private static Vote vote(Row row) {
        MintCommand command = new MintCommand(new CommandId(RowCodec.bytes32(row, "command_id")), RowCodec.bank(row, "source_bank"),
                RowCodec.bank(row, "destination_bank"), RowCodec.address(row, "recipient"), RowCodec.amount(row, "amount"),
                row.getLong("destination_chain_id"), RowCodec.address(row, "destination_executor"));
        return new Vote(command, RowCodec.bytes32(row, "digest"), RowCodec.address(row, "validator"), RowCodec.signature(row, "signature"));
    }

    private static TransferRecord transferRecord(Row row) {
        ObservedTransfer observed = new ObservedTransfer(
                new TransferId(RowCodec.bytes32(row, "transfer_id")),
                RowCodec.bank(row, "source_bank"),
                row.getLong("source_chain_id"),
                RowCodec.address(row, "source_gateway"),
                new BigInteger(row.getString("nonce")),
                RowCodec.address(row, "sender"),
                RowCodec.bank(row, "destination_bank"),
                RowCodec.address(row, "recipient"),
                RowCodec.amount(row, "amount"),
                row.getLong("block_number"),
                RowCodec.bytes32(row, "block_hash"),
                RowCodec.bytes32(row, "transaction_hash"),
                row.getInteger("log_index"));
        String[] statuses = row.getArrayOfStrings("statuses");
        OffsetDateTime[] ats = row.getArrayOfOffsetDateTimes("ats");
        String[] reasons = row.getArrayOfStrings("reasons");
        List<StatusChange> history = new ArrayList<>(statuses.length);
        for (int index = 0; index < statuses.length; index++) {
            history.add(new StatusChange(TransferStatus.valueOf(statuses[index]), ats[index].toInstant(), reasons[index]));
        }
        Optional<Bytes32> mint = row.getValue("execution_transaction_hash") == null
                ? Optional.empty() : TransferRecord.mintTransaction(RowCodec.bytes32(row, "execution_transaction_hash"));
        return new TransferRecord(observed, TransferStatus.valueOf(row.getString("status")), history, mint);
    }

    private static CommandRecord commandRecord(Row row) {
        CommandId commandId = new CommandId(RowCodec.bytes32(row, "command_id"));
        MintCommand command = new MintCommand(commandId, RowCodec.bank(row, "source_bank"), RowCodec.bank(row, "destination_bank"),
                RowCodec.address(row, "recipient"), RowCodec.amount(row, "amount"), row.getLong("destination_chain_id"),
                RowCodec.address(row, "destination_executor"));
        List<RelayAttempt> attempts = new ArrayList<>();
        Integer[] numbers = row.getArrayOfIntegers("numbers");
        if (numbers != null) {
            OffsetDateTime[] ats = row.getArrayOfOffsetDateTimes("ats");
            String[] outcomes = row.getArrayOfStrings("outcomes");
            String[] details = row.getArrayOfStrings("details");
            for (int index = 0; index < numbers.length; index++) {
                attempts.add(new RelayAttempt(numbers[index], ats[index].toInstant(), outcomes[index], details[index]));
            }
        }
        Optional<CommandRecord.Execution> execution = row.getBuffer("execution_transaction_hash") == null
                ? Optional.empty()
                : Optional.of(new CommandRecord.Execution(RowCodec.bytes32(row, "execution_transaction_hash"),
                        row.getLong("execution_block_number"), row.getLong("execution_gas_used")));
        return new CommandRecord(new TransferId(RowCodec.bytes32(row, "transfer_id")), command, RowCodec.signatures(row.getBuffer("signatures")),
                CommandRecord.Status.valueOf(row.getString("status")), attempts, execution, row.getString("failure_reason"));
    }

    private static NettingRound round(Row row) {
        return new NettingRound(row.getLong("round_id"), RowCodec.instant(row, "at"), row.getString("strategy_id"),
                row.getString("strategy_version"), RowCodec.bytes32(row, "input_digest"),
                RowCodec.snapshot(row.getJsonArray("balances_before")), RowCodec.snapshot(row.getJsonArray("balances_after")),
                row.getString("actor"));
    }

    // --- helpers -------------------------------------------------------------------------------

    private static List<Row> list(Iterable<Row> rows) {
        List<Row> list = new ArrayList<>();
        rows.forEach(list::add);
        return list;
    }

    private static <T> List<T> all(Iterable<Row> rows, Function<Row, T> mapper) {
        List<T> items = new ArrayList<>();
        rows.forEach(row -> items.add(mapper.apply(row)));
        return items;
    }

    private static <T> Optional<T> first(Iterable<Row> rows, Function<Row, T> mapper) {
        var iterator = rows.iterator();
        return iterator.hasNext() ? Optional.of(mapper.apply(iterator.next())) : Optional.empty();
    }

    /** {@code rows} holds up to {@code limit + 1} rows; the extra one only says there is a next page. */
    private static <T> Page<T> page(List<Row> rows, int limit, Function<Row, T> mapper, Function<Row, String> cursorOf) {
        boolean more = rows.size() > limit;
        List<Row> shown = more ? rows.subList(0, limit) : rows;
        return new Page<>(all(shown, mapper), more ? Optional.of(cursorOf.apply(shown.get(shown.size() - 1))) : Optional.empty());
    }
}
