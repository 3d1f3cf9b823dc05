package io.astraclear.adapters.postgres;

import io.astraclear.ports.domain.Bytes32;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Commits one block per transaction on the writer's own connection. Three round trips: {@code BEGIN}
 * with the head row locked ({@code FOR UPDATE}: a second writer, in this process or another, waits
 * here) and the app hash stored for the block's height; then every statement of the block,
 * pipelined; then {@code COMMIT}, only once every statement touched the rows it had to.
 *
 * <p>Encoding the rows is the Java part of a commit. It starts with the transaction, statement after
 * statement on a worker thread (never on an event loop), and each statement is sent as soon as it is
 * encoded and the one before it was sent: while the database writes the transfers, the journal and
 * events are being encoded.
 *
 * <p>Against the locked head: the next height is written; a height already committed with the same
 * app hash is a no-op (an engine replaying after a crash); anything else fails with
 * {@link IllegalStateException} and is rolled back. A block the database refuses for breaking a key
 * or a constraint (a log key stored before, a sequence of another transfer) fails the same way:
 * that is a broken state machine, not an I/O problem to retry.
 */
final class HubBlockWriter {
    private static final String LOCK_HEAD = "select height from hub_head where singleton for update";

    // A statement of its own, after the lock: a join locked together with the head would be re-checked
    // against the head's newest version only, and miss the block the previous writer just committed.
    private static final String STORED_APP_HASH = "select app_hash from hub_blocks where height = $1::bigint";

    private final Vertx vertx;
    private final Pool pool;

    HubBlockWriter(Vertx vertx, Pool pool) {
        this.vertx = vertx;
        this.pool = pool;
    }

    Future<Void> commit(HubBlockRows block) {
        return pool.withConnection(connection -> {
            List<Future<Tuple>> encoded = encode(block);
            Future<RowSet<Row>> begin = connection.query("BEGIN").execute();
            Future<RowSet<Row>> head = connection.preparedQuery(LOCK_HEAD).execute();
            Future<RowSet<Row>> stored = connection.preparedQuery(STORED_APP_HASH).execute(Tuple.of(block.height()));
            return Future.all(begin, head, stored)
                    .compose(locked -> decide(block, head.result().iterator().next().getLong("height"), stored.result())
                            ? write(connection, block, encoded)
                            : Future.<Void>succeededFuture())
                    .compose(written -> connection.query("COMMIT").execute().<Void>mapEmpty())
                    .recover(failure -> connection.query("ROLLBACK").execute().transform(ignored -> Future.failedFuture(refusal(block, failure))));
        });
    }

    /** Each statement's parameters, encoded in order on a worker thread; they complete on the calling (the connection's) context. */
    private List<Future<Tuple>> encode(HubBlockRows block) {
        Context context = vertx.getOrCreateContext();
        List<Future<Tuple>> encoded = new ArrayList<>(block.statements().size());
        for (HubBlockRows.Statement statement : block.statements()) {
            encoded.add(context.executeBlocking(() -> statement.parameters().get(), true));
        }
        return encoded;
    }

    /** True when the block is the next one; false when it repeats a committed one; fails otherwise. */
    private static boolean decide(HubBlockRows block, long stored, RowSet<Row> storedAppHash) {
        if (block.height() == stored + 1) {
            if (stored == 0 && !block.writesValidatorSets()) {
                throw new IllegalStateException("block 1 must write the validator sets: the live state cannot be given back without them");
            }
            return true;
        }
        if (block.height() <= stored) {
            if (storedAppHash.size() != 1) {
                throw new IllegalStateException("the store is at height " + stored + " but holds no block " + block.height());
            }
            Bytes32 committedHash = new Bytes32(storedAppHash.iterator().next().getBuffer("app_hash").getBytes());
            if (committedHash.equals(block.appHash())) {
                return false;
            }
            throw new IllegalStateException("block " + block.height() + " was committed with app hash " + committedHash
                    + "; refusing another one with app hash " + block.appHash());
        }
        throw new IllegalStateException("cannot commit block " + block.height() + ": the store holds blocks up to " + stored
                + ", so the next is " + (stored + 1));
    }

    /**
     * Sends each statement once it is encoded and the one before it was sent, so that they reach the
     * database in order. After a failure nothing more is sent, and the result waits for every statement
     * to end: a statement still being encoded must never reach the connection after the rollback,
     * where it would commit on its own.
     */
    private static Future<Void> write(SqlConnection connection, HubBlockRows block, List<Future<Tuple>> encoded) {
        List<Future<?>> written = new ArrayList<>(encoded.size());
        AtomicBoolean failed = new AtomicBoolean();
        Future<Void> previousSent = Future.succeededFuture();
        for (int index = 0; index < encoded.size(); index++) {
            HubBlockRows.Statement statement = block.statements().get(index);
            Future<Tuple> parameters = encoded.get(index);
            Promise<Void> sent = Promise.promise();
            Future<RowSet<Row>> result = previousSent.compose(ignored -> parameters).compose(tuple -> {
                if (failed.get()) {
                    return Future.failedFuture(new IllegalStateException("not sent: an earlier statement of block " + block.height() + " failed"));
                }
                Future<RowSet<Row>> execution = connection.preparedQuery(statement.sql()).execute(tuple);
                sent.complete();
                return execution;
            });
            result.onFailure(failure -> {
                failed.set(true);
                sent.tryFail(failure);
            });
            previousSent = sent.future();
            written.add(result.compose(rows -> touchedExpectedRows(block, statement, rows)).onFailure(failure -> failed.set(true)));
        }
        // join, not all: all would fail at the first failure, while later statements may still be on their way.
        return Future.join(written).transform(ended -> ended.succeeded() ? Future.<Void>succeededFuture() : Future.failedFuture(firstFailure(written)));
    }

    private static Future<Void> touchedExpectedRows(HubBlockRows block, HubBlockRows.Statement statement, RowSet<Row> rows) {
        if (statement.expectedRows() == HubBlockRows.ANY_ROWS || rows.rowCount() == statement.expectedRows()) {
            return Future.succeededFuture();
        }
        return Future.failedFuture(new IllegalStateException("block " + block.height() + " does not fit the stored state: writing "
                + statement.table() + " touched " + rows.rowCount() + " rows instead of " + statement.expectedRows()
                + (statement.table().equals("hub_transfers") ? " (a transfer image whose sequence differs from its stored one)" : "")));
    }

    /** The failure of the earliest statement that failed: the cause; later ones failed because of it. */
    private static Throwable firstFailure(List<Future<?>> written) {
        return written.stream().filter(Future::failed).map(Future::cause).findFirst().orElseThrow();
    }

    /** Integrity violations (SQLSTATE class 23) and a key written twice by one statement (21000) are the block's fault. */
    private static Throwable refusal(HubBlockRows block, Throwable failure) {
        if (failure instanceof PgException pg && pg.getSqlState() != null
                && (pg.getSqlState().startsWith("23") || pg.getSqlState().equals("21000"))) {
            return new IllegalStateException("block " + block.height() + " does not fit the stored state: " + pg.getMessage()
                    + " [SQLSTATE " + pg.getSqlState() + (pg.getConstraint() == null ? "" : ", constraint " + pg.getConstraint()) + "]", pg);
        }
        return failure;
    }
}
