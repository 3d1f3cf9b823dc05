package io.astraclear.adapters.postgres;

import io.astraclear.ports.chain.Checkpoint;
import io.astraclear.ports.chain.QuarantinedLog;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes32;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** This node's watch checkpoints and quarantined logs: node-local, outside blocks and the app hash. */
final class HubCheckpoints {
    // "where": a checkpoint at or below the stored block is ignored, as the port says.
    private static final String SAVE_CHECKPOINT = """
            insert into hub_checkpoints as c (bank, block_number, block_hash) values ($1::text, $2::bigint, $3::bytea)
            on conflict (bank) do update set block_number = excluded.block_number, block_hash = excluded.block_hash
                where c.block_number < excluded.block_number
            """;

    // A log whose key is stored keeps its first record; new ones take their position in the order given.
    private static final String INSERT_QUARANTINED = """
            insert into hub_quarantined_logs (source_bank, block_number, transaction_hash, log_index, reason, raw_data)
            select u.source_bank, u.block_number, u.transaction_hash, u.log_index, u.reason, u.raw_data
            from unnest($1::text[], $2::bigint[], $3::bytea[], $4::int[], $5::bytea[], $6::bytea[])
                 with ordinality as u(source_bank, block_number, transaction_hash, log_index, reason, raw_data, position)
            order by u.position
            on conflict (source_bank, transaction_hash, log_index) do nothing
            """;

    private final Pool pool;

    HubCheckpoints(Pool pool) {
        this.pool = pool;
    }

    Future<Optional<Checkpoint>> checkpoint(BankId bank) {
        return pool.preparedQuery("select block_number, block_hash from hub_checkpoints where bank = $1::text")
                .execute(Tuple.of(bank.value()))
                .map(rows -> {
                    var iterator = rows.iterator();
                    if (!iterator.hasNext()) {
                        return Optional.empty();
                    }
                    Row row = iterator.next();
                    return Optional.of(new Checkpoint(bank, row.getLong("block_number"), new Bytes32(row.getBuffer("block_hash").getBytes())));
                });
    }

    Future<Void> save(Checkpoint checkpoint, List<QuarantinedLog> quarantined) {
        Tuple saved = Tuple.of(checkpoint.bank().value(), checkpoint.blockNumber(), HubBlockRows.bytes(checkpoint.blockHash()));
        if (quarantined.isEmpty()) {
            return pool.preparedQuery(SAVE_CHECKPOINT).execute(saved).mapEmpty();
        }
        int size = quarantined.size();
        String[] banks = new String[size];
        Long[] blocks = new Long[size];
        Buffer[] transactions = new Buffer[size];
        Integer[] indexes = new Integer[size];
        Buffer[] reasons = new Buffer[size];
        Buffer[] rawData = new Buffer[size];
        for (int index = 0; index < size; index++) {
            QuarantinedLog log = quarantined.get(index);
            banks[index] = log.sourceBank().value();
            blocks[index] = log.blockNumber();
            transactions[index] = HubBlockRows.bytes(log.transactionHash());
            indexes[index] = log.logIndex();
            reasons[index] = Buffer.buffer(ExactText.encode(log.reason()));
            rawData[index] = Buffer.buffer(ExactText.encode(log.rawData()));
        }
        Tuple logs = Tuple.tuple().addValue(banks).addValue(blocks).addValue(transactions).addValue(indexes).addValue(reasons).addValue(rawData);
        return pool.withTransaction(connection -> Future.all(
                connection.preparedQuery(INSERT_QUARANTINED).execute(logs),
                connection.preparedQuery(SAVE_CHECKPOINT).execute(saved))).mapEmpty();
    }

    /** Oldest first. */
    Future<List<QuarantinedLog>> quarantined(int limit) {
        return pool.preparedQuery("""
                        select source_bank, block_number, transaction_hash, log_index, reason, raw_data
                        from hub_quarantined_logs order by position limit $1::int""")
                .execute(Tuple.of(limit))
                .map(rows -> {
                    List<QuarantinedLog> logs = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        logs.add(new QuarantinedLog(new BankId(row.getString("source_bank")), row.getLong("block_number"),
                                new Bytes32(row.getBuffer("transaction_hash").getBytes()), row.getInteger("log_index"),
                                ExactText.decode(row.getBuffer("reason").getBytes()), ExactText.decode(row.getBuffer("raw_data").getBytes())));
                    }
                    return logs;
                });
    }
}
