package io.astraclear.adapters.postgres;

import io.astraclear.ports.chain.ObservedTransfer;
import io.astraclear.ports.chain.QuarantinedLog;
import io.astraclear.ports.consensus.Vote;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.CommandId;
import io.astraclear.ports.domain.MintCommand;
import io.astraclear.ports.domain.Signature;
import io.astraclear.ports.domain.TransferId;
import io.astraclear.ports.storage.LedgerEntry;
import io.astraclear.ports.storage.NettingRound;
import io.astraclear.ports.storage.TransferStatus;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The rows one batch writes, table by table, and the statements that write them: one multi-row
 * statement per table (arrays bound as parameters and expanded with {@code unnest}), however many
 * writes the batch holds. Statements go out pipelined, in an order that satisfies the foreign
 * keys; each checks it touched exactly the rows it was given.
 */
final class BatchRows {
    /** The commandId derived once: {@link ObservedTransfer#commandId()} hashes on every call. */
    record TransferRow(ObservedTransfer transfer, CommandId commandId, Instant at) {}

    record StatusChangeRow(TransferId transferId, TransferStatus status, Instant at, String reason) {}

    record QuarantinedRow(QuarantinedLog log, Instant at) {}

    record VoteRow(Vote vote, boolean counted, Instant at) {}

    /** The digest computed once: {@link MintCommand#digest()} hashes on every call. */
    record VoteCommandRow(io.astraclear.ports.domain.Bytes32 digest, MintCommand command) {}

    record CommandRow(TransferId transferId, MintCommand command, io.astraclear.ports.domain.Bytes32 digest, List<Signature> signatures, Instant at) {}

    final List<TransferRow> transfers = new ArrayList<>();
    final List<StatusChangeRow> statusChanges = new ArrayList<>();
    final Map<TransferId, TransferStatus> finalStatuses = new LinkedHashMap<>();
    final List<QuarantinedRow> quarantined = new ArrayList<>();
    final Map<BankId, Effect.AdvanceCheckpoint> checkpoints = new LinkedHashMap<>();
    final List<VoteCommandRow> voteCommands = new ArrayList<>();
    final List<VoteRow> votes = new ArrayList<>();
    final List<CommandRow> commands = new ArrayList<>();
    final Map<CommandId, Effect.UpdateCommand> commandUpdates = new LinkedHashMap<>();
    final List<Effect.InsertRelayAttempt> relayAttempts = new ArrayList<>();
    final List<LedgerEntry> entries = new ArrayList<>();
    final List<NettingRound> rounds = new ArrayList<>();
    final List<Effect.Audit> audit = new ArrayList<>();

    private static final String INSERT_TRANSFERS = """
            insert into transfers (transfer_id, command_id, source_bank, source_chain_id, source_gateway, nonce, sender,
                                   destination_bank, recipient, amount, block_number, block_hash, transaction_hash, log_index,
                                   observed_at, status)
            select u.transfer_id, u.command_id, u.source_bank, u.source_chain_id, u.source_gateway, u.nonce::numeric, u.sender,
                   u.destination_bank, u.recipient, u.amount::numeric, u.block_number, u.block_hash, u.transaction_hash, u.log_index,
                   u.observed_at, 'OBSERVED'
            from unnest($1::bytea[], $2::bytea[], $3::text[], $4::bigint[], $5::bytea[], $6::text[], $7::bytea[],
                        $8::text[], $9::bytea[], $10::text[], $11::bigint[], $12::bytea[], $13::bytea[], $14::int[], $15::timestamptz[])
                 as u(transfer_id, command_id, source_bank, source_chain_id, source_gateway, nonce, sender,
                      destination_bank, recipient, amount, block_number, block_hash, transaction_hash, log_index, observed_at)
            """;

    private static final String INSERT_QUARANTINED = """
            insert into quarantined_logs (source_bank, block_number, transaction_hash, log_index, reason, raw_data, recorded_at)
            select * from unnest($1::text[], $2::bigint[], $3::bytea[], $4::int[], $5::text[], $6::text[], $7::timestamptz[])
            """;

    private static final String UPSERT_CHECKPOINTS = """
            insert into checkpoints (bank, block_number, block_hash, updated_at)
            select * from unnest($1::text[], $2::bigint[], $3::bytea[], $4::timestamptz[])
            on conflict (bank) do update
                set block_number = excluded.block_number, block_hash = excluded.block_hash, updated_at = excluded.updated_at
            """;

    private static final String INSERT_VOTE_COMMANDS = """
            insert into vote_commands (digest, command_id, source_bank, destination_bank, recipient, amount, destination_chain_id,
                                       destination_executor)
            select u.digest, u.command_id, u.source_bank, u.destination_bank, u.recipient, u.amount::numeric, u.destination_chain_id,
                   u.destination_executor
            from unnest($1::bytea[], $2::bytea[], $3::text[], $4::text[], $5::bytea[], $6::text[], $7::bigint[], $8::bytea[])
                 as u(digest, command_id, source_bank, destination_bank, recipient, amount, destination_chain_id, destination_executor)
            on conflict (digest) do nothing
            """;

    private static final String INSERT_VOTES = """
            insert into votes (digest, validator, command_id, signature, counted, recorded_at)
            select * from unnest($1::bytea[], $2::bytea[], $3::bytea[], $4::bytea[], $5::bool[], $6::timestamptz[])
            """;

    private static final String INSERT_COMMANDS = """
            insert into commands (command_id, transfer_id, digest, source_bank, destination_bank, recipient, amount,
                                  destination_chain_id, destination_executor, signatures, status, failure_reason, confirmed_at, updated_at)
            select u.command_id, u.transfer_id, u.digest, u.source_bank, u.destination_bank, u.recipient,
                   u.amount::numeric, u.destination_chain_id, u.destination_executor, u.signatures, 'PENDING', '', u.at, u.at
            from unnest($1::bytea[], $2::bytea[], $3::bytea[], $4::text[], $5::text[], $6::bytea[], $7::text[],
                        $8::bigint[], $9::bytea[], $10::bytea[], $11::timestamptz[])
                 as u(command_id, transfer_id, digest, source_bank, destination_bank, recipient, amount,
                      destination_chain_id, destination_executor, signatures, at)
            """;

    private static final String UPDATE_TRANSFER_STATUSES = """
            update transfers t set status = u.status
            from unnest($1::bytea[], $2::text[]) as u(transfer_id, status)
            where t.transfer_id = u.transfer_id
            """;

    private static final String INSERT_STATUS_CHANGES = """
            insert into transfer_status_changes (transfer_id, status, at, reason)
            select * from unnest($1::bytea[], $2::text[], $3::timestamptz[], $4::text[])
            """;

    private static final String UPDATE_COMMANDS = """
            update commands c
               set status = u.status,
                   execution_transaction_hash = coalesce(u.transaction_hash, c.execution_transaction_hash),
                   execution_block_number = coalesce(u.block_number, c.execution_block_number),
                   execution_gas_used = coalesce(u.gas_used, c.execution_gas_used),
                   failure_reason = coalesce(u.failure_reason, c.failure_reason),
                   updated_at = u.at
            from unnest($1::bytea[], $2::text[], $3::bytea[], $4::bigint[], $5::bigint[], $6::text[], $7::timestamptz[])
                 as u(command_id, status, transaction_hash, block_number, gas_used, failure_reason, at)
            where c.command_id = u.command_id
            """;

    private static final String INSERT_RELAY_ATTEMPTS = """
            insert into relay_attempts (command_id, attempt, at, outcome, detail)
            select * from unnest($1::bytea[], $2::int[], $3::timestamptz[], $4::text[], $5::text[])
            """;

    private static final String INSERT_ROUND = """
            insert into netting_rounds (round_id, at, strategy_id, strategy_version, input_digest, balances_before, balances_after, actor)
            values ($1::bigint, $2::timestamptz, $3::text, $4::text, $5::bytea, $6::jsonb, $7::jsonb, $8::text)
            """;

    private static final String INSERT_ENTRIES = """
            insert into ledger_entries (seq, type, issuer, holder, amount, reference, at)
            select u.seq, u.type, u.issuer, u.holder, u.amount::numeric, u.reference, u.at
            from unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[])
                 as u(seq, type, issuer, holder, amount, reference, at)
            """;

    private static final String INSERT_AUDIT = """
            insert into audit_log (at, actor, action, subject, details)
            select * from unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::text[])
            """;

    private static final int ANY_ROW_COUNT = -1;

    boolean isEmpty() {
        return transfers.isEmpty() && statusChanges.isEmpty() && quarantined.isEmpty() && checkpoints.isEmpty() && votes.isEmpty()
                && commands.isEmpty() && commandUpdates.isEmpty() && relayAttempts.isEmpty() && entries.isEmpty() && rounds.isEmpty()
                && audit.isEmpty();
    }

    /** Sends every statement at once (pipelined on the connection); fails with the first statement that fails. */
    Future<Void> write(SqlConnection connection) {
        List<Future<?>> statements = new ArrayList<>();
        // Parents before children: transfers before their status changes and commands, vote commands before votes,
        // commands before their updates and relay attempts.
        write(connection, statements, INSERT_TRANSFERS, transfers, transfers.size(), rows -> RowCodec.columns(
                array(rows, row -> RowCodec.bytes(row.transfer().transferId().value()), Buffer[]::new),
                array(rows, row -> RowCodec.bytes(row.commandId().value()), Buffer[]::new),
                array(rows, row -> row.transfer().sourceBank().value(), String[]::new),
                array(rows, row -> row.transfer().sourceChainId(), Long[]::new),
                array(rows, row -> RowCodec.bytes(row.transfer().sourceGateway()), Buffer[]::new),
                array(rows, row -> row.transfer().nonce().toString(), String[]::new),
                array(rows, row -> RowCodec.bytes(row.transfer().sender()), Buffer[]::new),
                array(rows, row -> row.transfer().destinationBank().value(), String[]::new),
                array(rows, row -> RowCodec.bytes(row.transfer().recipient()), Buffer[]::new),
                array(rows, row -> RowCodec.text(row.transfer().amount()), String[]::new),
                array(rows, row -> row.transfer().blockNumber(), Long[]::new),
                array(rows, row -> RowCodec.bytes(row.transfer().blockHash()), Buffer[]::new),
                array(rows, row -> RowCodec.bytes(row.transfer().transactionHash()), Buffer[]::new),
                array(rows, row -> row.transfer().logIndex(), Integer[]::new),
                array(rows, row -> RowCodec.time(row.at()), OffsetDateTime[]::new)));
        write(connection, statements, INSERT_QUARANTINED, quarantined, quarantined.size(), rows -> RowCodec.columns(
                array(rows, row -> row.log().sourceBank().value(), String[]::new),
                array(rows, row -> row.log().blockNumber(), Long[]::new),
                array(rows, row -> RowCodec.bytes(row.log().transactionHash()), Buffer[]::new),
                array(rows, row -> row.log().logIndex(), Integer[]::new),
                array(rows, row -> row.log().reason(), String[]::new),
                array(rows, row -> row.log().rawData(), String[]::new),
                array(rows, row -> RowCodec.time(row.at()), OffsetDateTime[]::new)));
        List<Effect.AdvanceCheckpoint> advanced = List.copyOf(checkpoints.values());
        write(connection, statements, UPSERT_CHECKPOINTS, advanced, advanced.size(), rows -> RowCodec.columns(
                array(rows, row -> row.checkpoint().bank().value(), String[]::new),
                array(rows, row -> row.checkpoint().blockNumber(), Long[]::new),
                array(rows, row -> RowCodec.bytes(row.checkpoint().blockHash()), Buffer[]::new),
                array(rows, row -> RowCodec.time(row.at()), OffsetDateTime[]::new)));
        // A digest is the hash of its command: a digest already stored names the same command, so a conflict is a no-op.
        write(connection, statements, INSERT_VOTE_COMMANDS, voteCommands, ANY_ROW_COUNT, rows -> RowCodec.columns(
                array(rows, row -> RowCodec.bytes(row.digest()), Buffer[]::new),
                array(rows, row -> RowCodec.bytes(row.command().commandId().value()), Buffer[]::new),
                array(rows, row -> row.command().sourceBank().value(), String[]::new),
                array(rows, row -> row.command().destinationBank().value(), String[]::new),
                array(rows, row -> RowCodec.bytes(row.command().recipient()), Buffer[]::new),
                array(rows, row -> RowCodec.text(row.command().amount()), String[]::new),
                array(rows, row -> row.command().destinationChainId(), Long[]::new),
                array(rows, row -> RowCodec.bytes(row.command().destinationExecutor()), Buffer[]::new)));
        write(connection, statements, INSERT_VOTES, votes, votes.size(), rows -> RowCodec.columns(
                array(rows, row -> RowCodec.bytes(row.vote().digest()), Buffer[]::new),
                array(rows, row -> RowCodec.bytes(row.vote().validator()), Buffer[]::new),
                array(rows, row -> RowCodec.bytes(row.vote().commandId().value()), Buffer[]::new),
                array(rows, row -> RowCodec.bytes(row.vote().signature()), Buffer[]::new),
                array(rows, VoteRow::counted, Boolean[]::new),
                array(rows, row -> RowCodec.time(row.at()), OffsetDateTime[]::new)));
        write(connection, statements, INSERT_COMMANDS, commands, commands.size(), rows -> RowCodec.columns(
                array(rows, row -> RowCodec.bytes(row.command().commandId().value()), Buffer[]::new),
                array(rows, row -> RowCodec.bytes(row.transferId().value()), Buffer[]::new),
                array(rows, row -> RowCodec.bytes(row.digest()), Buffer[]::new),
                array(rows, row -> row.command().sourceBank().value(), String[]::new),
                array(rows, row -> row.command().destinationBank().value(), String[]::new),
                array(rows, row -> RowCodec.bytes(row.command().recipient()), Buffer[]::new),
                array(rows, row -> RowCodec.text(row.command().amount()), String[]::new),
                array(rows, row -> row.command().destinationChainId(), Long[]::new),
                array(rows, row -> RowCodec.bytes(row.command().destinationExecutor()), Buffer[]::new),
                array(rows, row -> RowCodec.signatures(row.signatures()), Buffer[]::new),
                array(rows, row -> RowCodec.time(row.at()), OffsetDateTime[]::new)));
        List<Map.Entry<TransferId, TransferStatus>> statuses = List.copyOf(finalStatuses.entrySet());
        write(connection, statements, UPDATE_TRANSFER_STATUSES, statuses, statuses.size(), rows -> RowCodec.columns(
                array(rows, row -> RowCodec.bytes(row.getKey().value()), Buffer[]::new),
                array(rows, row -> row.getValue().name(), String[]::new)));
        write(connection, statements, INSERT_STATUS_CHANGES, statusChanges, statusChanges.size(), rows -> RowCodec.columns(
                array(rows, row -> RowCodec.bytes(row.transferId().value()), Buffer[]::new),
                array(rows, row -> row.status().name(), String[]::new),
                array(rows, row -> RowCodec.time(row.at()), OffsetDateTime[]::new),
                array(rows, StatusChangeRow::reason, String[]::new)));
        List<Effect.UpdateCommand> updates = List.copyOf(commandUpdates.values());
        write(connection, statements, UPDATE_COMMANDS, updates, updates.size(), rows -> RowCodec.columns(
                array(rows, row -> RowCodec.bytes(row.commandId().value()), Buffer[]::new),
                array(rows, row -> row.status().name(), String[]::new),
                array(rows, row -> row.execution() == null ? null : RowCodec.bytes(row.execution().transactionHash()), Buffer[]::new),
                array(rows, row -> row.execution() == null ? null : row.execution().blockNumber(), Long[]::new),
                array(rows, row -> row.execution() == null ? null : row.execution().gasUsed(), Long[]::new),
                array(rows, Effect.UpdateCommand::failureReason, String[]::new),
                array(rows, row -> RowCodec.time(row.at()), OffsetDateTime[]::new)));
        write(connection, statements, INSERT_RELAY_ATTEMPTS, relayAttempts, relayAttempts.size(), rows -> RowCodec.columns(
                array(rows, row -> RowCodec.bytes(row.commandId().value()), Buffer[]::new),
                array(rows, row -> row.attempt().attempt(), Integer[]::new),
                array(rows, row -> RowCodec.time(row.attempt().at()), OffsetDateTime[]::new),
                array(rows, row -> row.attempt().outcome(), String[]::new),
                array(rows, row -> row.attempt().detail(), String[]::new)));
        for (NettingRound round : rounds) {
            statements.add(expectRows(connection.preparedQuery(INSERT_ROUND).execute(Tuple.of(
                    round.roundId(), RowCodec.time(round.at()), round.strategyId(), round.strategyVersion(),
                    RowCodec.bytes(round.inputDigest()), RowCodec.json(round.before()), RowCodec.json(round.after()), round.actor())),
                    1, "netting_rounds"));
        }
        write(connection, statements, INSERT_ENTRIES, entries, entries.size(), rows -> RowCodec.columns(
                array(rows, LedgerEntry::sequence, Long[]::new),
                array(rows, entry -> entry.type().name(), String[]::new),
                array(rows, entry -> entry.issuer().value(), String[]::new),
                array(rows, entry -> entry.holder().value(), String[]::new),
                array(rows, entry -> RowCodec.text(entry.amount()), String[]::new),
                array(rows, LedgerEntry::reference, String[]::new),
                array(rows, entry -> RowCodec.time(entry.at()), OffsetDateTime[]::new)));
        write(connection, statements, INSERT_AUDIT, audit, audit.size(), rows -> RowCodec.columns(
                array(rows, row -> RowCodec.time(row.at()), OffsetDateTime[]::new),
                array(rows, Effect.Audit::actor, String[]::new),
                array(rows, Effect.Audit::action, String[]::new),
                array(rows, Effect.Audit::subject, String[]::new),
                array(rows, Effect.Audit::details, String[]::new)));
        return Future.all(statements).mapEmpty();
    }

    private static <R> void write(SqlConnection connection, List<Future<?>> statements, String sql, List<R> rows, int expected,
                                  Function<List<R>, Tuple> parameters) {
        if (!rows.isEmpty()) {
            Future<RowSet<Row>> statement = connection.preparedQuery(sql).execute(parameters.apply(rows));
            statements.add(expected == ANY_ROW_COUNT ? statement : expectRows(statement, expected, table(sql)));
        }
    }

    /** A statement that touched another number of rows than it was given means the view was wrong: fail the batch. */
    private static Future<RowSet<Row>> expectRows(Future<RowSet<Row>> statement, int expected, String table) {
        return statement.compose(result -> result.rowCount() == expected
                ? Future.succeededFuture(result)
                : Future.failedFuture(new BatchCheckFailed("writing " + table + " touched " + result.rowCount() + " rows, expected " + expected)));
    }

    private static String table(String sql) {
        String[] words = sql.trim().split("\\s+");
        return words[0].equals("update") ? words[1] : words[2];
    }

    private static <R, V> V[] array(List<R> rows, Function<R, V> column, java.util.function.IntFunction<V[]> newArray) {
        V[] values = newArray.apply(rows.size());
        for (int index = 0; index < values.length; index++) {
            values[index] = column.apply(rows.get(index));
        }
        return values;
    }
}
