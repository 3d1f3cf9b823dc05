package io.astraclear.adapters.postgres;

import io.astraclear.ports.chain.ObservedTransfer;
import io.astraclear.ports.chain.QuarantinedLog;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.CommandId;
import io.astraclear.ports.domain.TransferId;
import io.astraclear.ports.storage.CommandRecord;
import io.astraclear.ports.storage.EntryType;
import io.astraclear.ports.storage.LedgerEntry;
import io.astraclear.ports.storage.TransferStatus;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads what a batch's writes need, after taking the schema's writer lock: every query goes out
 * at once on the batch's connection, behind the lock, so the batch sees everything committed
 * before it and nothing else writes the schema until it commits.
 */
final class BatchLoader {
    /** Key space of this adapter's advisory locks; the second key is the schema's hash. */
    static final int WRITER_LOCK_CLASS = 0x41535452; // "ASTR"

    private static final String LOCK = "select pg_advisory_xact_lock(" + WRITER_LOCK_CLASS + ", hashtext(current_schema()))";

    private static final String SEQUENCES = """
            select (select coalesce(max(seq), 0) from ledger_entries) as entries,
                   (select coalesce(max(round_id), 0) from netting_rounds) as rounds
            """;

    private static final String TRANSFERS = """
            select t.transfer_id, t.command_id, t.source_bank, t.destination_bank, t.recipient, t.amount::text as amount, t.status,
                   c.status as command_status
            from transfers t left join commands c on c.command_id = t.command_id
            where t.transfer_id = any($1::bytea[]) or t.command_id = any($2::bytea[])
            """;

    private static final String RELAY_ATTEMPTS = """
            select r.command_id, r.attempt
            from relay_attempts r join unnest($1::bytea[], $2::int[]) as u(command_id, attempt)
                 on r.command_id = u.command_id and r.attempt = u.attempt
            """;

    private static final String VOTES = """
            select v.digest, v.validator, v.command_id, v.counted
            from votes v join unnest($1::bytea[], $2::bytea[]) as u(command_id, validator)
                 on v.command_id = u.command_id and v.validator = u.validator
            """;

    private static final String BALANCES = "select issuer, holder, amount::text as amount from balances";

    private static final String SETTLEMENTS = """
            select seq, issuer, holder, amount::text as amount, reference, at
            from ledger_entries where type = 'SETTLEMENT_BURN' and reference = any($1::text[])
            """;

    private static final String CHECKPOINTS = "select bank, block_number from checkpoints where bank = any($1::text[])";

    private static final String QUARANTINED = """
            select q.source_bank, q.transaction_hash, q.log_index
            from quarantined_logs q join unnest($1::text[], $2::bytea[], $3::int[]) as u(source_bank, transaction_hash, log_index)
                 on q.source_bank = u.source_bank and q.transaction_hash = u.transaction_hash and q.log_index = u.log_index
            """;

    private BatchLoader() {}

    static Future<BatchState> load(SqlConnection connection, List<WriteOp<?>> batch, StorageReads reads) {
        Keys keys = Keys.of(batch);
        BatchState state = new BatchState();
        List<Future<?>> queries = new ArrayList<>();
        List<RelayKey> storedAttempts = new ArrayList<>();
        queries.add(connection.query(LOCK).execute());
        queries.add(connection.query(SEQUENCES).execute().onSuccess(rows -> {
            Row row = rows.iterator().next();
            state.nextEntrySequence = row.getLong("entries") + 1;
            state.nextRoundId = row.getLong("rounds") + 1;
        }));
        if (!keys.transferIds.isEmpty() || !keys.commandIds.isEmpty()) {
            queries.add(connection.preparedQuery(TRANSFERS)
                    .execute(RowCodec.columns(buffers(keys.transferIds, id -> id.value()), buffers(keys.commandIds, id -> id.value())))
                    .onSuccess(rows -> rows.forEach(row -> loadTransfer(state, row))));
        }
        if (!keys.relayAttempts.isEmpty()) {
            List<RelayKey> attempts = List.copyOf(keys.relayAttempts);
            queries.add(connection.preparedQuery(RELAY_ATTEMPTS)
                    .execute(RowCodec.columns(buffers(attempts, key -> key.commandId().value()), attempts.stream().map(RelayKey::attempt).toArray(Integer[]::new)))
                    .onSuccess(rows -> rows.forEach(row -> storedAttempts.add(
                            new RelayKey(new CommandId(RowCodec.bytes32(row, "command_id")), row.getInteger("attempt"))))));
        }
        if (!keys.voters.isEmpty()) {
            List<VoterKey> voters = List.copyOf(keys.voters);
            queries.add(connection.preparedQuery(VOTES)
                    .execute(RowCodec.columns(buffers(voters, key -> key.commandId().value()), voters.stream().map(key -> RowCodec.bytes(key.validator())).toArray(Buffer[]::new)))
                    .onSuccess(rows -> rows.forEach(row -> loadVote(state, row))));
        }
        if (keys.needsBalances) {
            queries.add(connection.query(BALANCES).execute().onSuccess(rows -> {
                state.balances = new HashMap<>();
                rows.forEach(row -> state.balances.put(new BatchState.Pair(RowCodec.bank(row, "issuer"), RowCodec.bank(row, "holder")),
                        new BigInteger(row.getString("amount"))));
            }));
        }
        if (!keys.settlementReferences.isEmpty()) {
            queries.add(connection.preparedQuery(SETTLEMENTS)
                    .execute(RowCodec.columns(keys.settlementReferences.toArray(String[]::new)))
                    .onSuccess(rows -> rows.forEach(row -> state.settlements.put(row.getString("reference"), new LedgerEntry(
                            row.getLong("seq"), EntryType.SETTLEMENT_BURN, RowCodec.bank(row, "issuer"), RowCodec.bank(row, "holder"),
                            RowCodec.amount(row, "amount"), row.getString("reference"), RowCodec.instant(row, "at"))))));
        }
        if (keys.needsLatestRound) {
            queries.add(reads.latestRound(connection).onSuccess(round -> state.latestRound = round));
        }
        if (!keys.checkpointBanks.isEmpty()) {
            queries.add(connection.preparedQuery(CHECKPOINTS)
                    .execute(RowCodec.columns(keys.checkpointBanks.stream().map(BankId::value).toArray(String[]::new)))
                    .onSuccess(rows -> rows.forEach(row -> state.checkpointBlocks.put(RowCodec.bank(row, "bank"), row.getLong("block_number")))));
        }
        if (!keys.quarantined.isEmpty()) {
            List<BatchState.QuarantineKey> logs = List.copyOf(keys.quarantined);
            queries.add(connection.preparedQuery(QUARANTINED)
                    .execute(RowCodec.columns(logs.stream().map(key -> key.bank().value()).toArray(String[]::new),
                            buffers(logs, BatchState.QuarantineKey::transactionHash),
                            logs.stream().map(BatchState.QuarantineKey::logIndex).toArray(Integer[]::new)))
                    .onSuccess(rows -> rows.forEach(row -> state.quarantined.add(new BatchState.QuarantineKey(
                            RowCodec.bank(row, "source_bank"), RowCodec.bytes32(row, "transaction_hash"), row.getInteger("log_index"))))));
        }
        return Future.all(queries).map(done -> {
            for (RelayKey attempt : storedAttempts) {
                BatchState.CommandView command = state.commands.get(attempt.commandId());
                if (command == null) {
                    throw new BatchCheckFailed("relay attempt stored for command " + attempt.commandId() + ", which has no command row");
                }
                command.attempts.add(attempt.attempt());
            }
            return state;
        });
    }

    private static void loadTransfer(BatchState state, Row row) {
        String commandStatus = row.getString("command_status");
        TransferId transferId = new TransferId(RowCodec.bytes32(row, "transfer_id"));
        CommandId commandId = new CommandId(RowCodec.bytes32(row, "command_id"));
        state.addTransfer(new BatchState.TransferView(transferId, commandId, RowCodec.bank(row, "source_bank"),
                RowCodec.bank(row, "destination_bank"), RowCodec.address(row, "recipient"), RowCodec.amount(row, "amount"),
                TransferStatus.valueOf(row.getString("status")), commandStatus != null));
        if (commandStatus != null) {
            state.commands.put(commandId, new BatchState.CommandView(commandId, transferId, CommandRecord.Status.valueOf(commandStatus)));
        }
    }

    private static void loadVote(BatchState state, Row row) {
        Bytes32 digest = RowCodec.bytes32(row, "digest");
        Address validator = RowCodec.address(row, "validator");
        state.votersByDigest.computeIfAbsent(digest, key -> new java.util.HashSet<>()).add(validator);
        if (row.getBoolean("counted")) {
            state.countedDigests.computeIfAbsent(new CommandId(RowCodec.bytes32(row, "command_id")), key -> new HashMap<>()).put(validator, digest);
        }
    }

    private static <K> Buffer[] buffers(java.util.Collection<K> keys, java.util.function.Function<K, Bytes32> value) {
        return keys.stream().map(key -> RowCodec.bytes(value.apply(key))).toArray(Buffer[]::new);
    }

    record RelayKey(CommandId commandId, int attempt) {}

    record VoterKey(CommandId commandId, Address validator) {}

    /** Every row key a batch's writes may touch, without repeats. */
    private static final class Keys {
        final Set<TransferId> transferIds = new LinkedHashSet<>();
        final Set<CommandId> commandIds = new LinkedHashSet<>();
        final Set<RelayKey> relayAttempts = new LinkedHashSet<>();
        final Set<VoterKey> voters = new LinkedHashSet<>();
        final Set<String> settlementReferences = new LinkedHashSet<>();
        final Set<BankId> checkpointBanks = new LinkedHashSet<>();
        final Set<BatchState.QuarantineKey> quarantined = new LinkedHashSet<>();
        boolean needsBalances;
        boolean needsLatestRound;

        static Keys of(List<WriteOp<?>> batch) {
            Keys keys = new Keys();
            for (WriteOp<?> op : batch) {
                switch (op) {
                    case WriteOp.RecordObserved observed -> {
                        for (ObservedTransfer transfer : observed.transfers()) {
                            keys.transferIds.add(transfer.transferId());
                        }
                        for (QuarantinedLog log : observed.quarantined()) {
                            keys.quarantined.add(new BatchState.QuarantineKey(log.sourceBank(), log.transactionHash(), log.logIndex()));
                        }
                        keys.checkpointBanks.add(observed.checkpoint().bank());
                    }
                    case WriteOp.RecordVote vote -> keys.voters.add(new VoterKey(vote.vote().commandId(), vote.vote().validator()));
                    case WriteOp.Confirm confirm -> {
                        keys.transferIds.add(confirm.transferId());
                        keys.needsBalances = true;
                    }
                    case WriteOp.RecordRelayAttempt relay -> {
                        keys.commandIds.add(relay.commandId());
                        keys.relayAttempts.add(new RelayKey(relay.commandId(), relay.attempt().attempt()));
                    }
                    case WriteOp.MarkExecuted executed -> keys.commandIds.add(executed.commandId());
                    case WriteOp.MarkStuck stuck -> keys.transferIds.add(stuck.transferId());
                    case WriteOp.ApplyNetting netting -> {
                        keys.needsBalances = true;
                        keys.needsLatestRound = true;
                    }
                    case WriteOp.ConfirmSettlement settlement -> {
                        keys.settlementReferences.add(settlement.reference());
                        keys.needsBalances = true;
                    }
                }
            }
            return keys;
        }
    }
}
