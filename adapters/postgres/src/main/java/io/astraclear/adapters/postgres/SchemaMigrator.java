package io.astraclear.adapters.postgres;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Brings a schema to the version this code knows, at start-up. The versioned scripts
 * ({@code db/migration/V<n>__<name>.sql}) apply in order, each in its own transaction together
 * with its row in {@code astra_schema_history}. A session-level advisory lock per schema makes
 * nodes starting at once take turns: the first migrates, the others find nothing left to do.
 * A database newer than the code, a gap in its history, or a script changed after it was
 * applied stops the start-up with a message saying so.
 */
final class SchemaMigrator {
    /** Every migration this code knows, in order. A test checks this matches db/migration. */
    static final List<Migration> MIGRATIONS = List.of(new Migration(1, "ledger_schema"), new Migration(2, "events"), new Migration(3, "hub_state"));

    static final int MIGRATION_LOCK_CLASS = 0x41535453; // "ASTS"

    record Migration(int version, String name) {
        String resource() {
            return "db/migration/V" + version + "__" + name + ".sql";
        }

        String script() {
            try (InputStream in = SchemaMigrator.class.getClassLoader().getResourceAsStream(resource())) {
                if (in == null) {
                    throw new IllegalStateException("migration script missing from the class path: " + resource());
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read migration " + resource(), e);
            }
        }

        String checksum() {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(script().getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 unavailable", e);
            }
        }
    }

    private SchemaMigrator() {}

    static int latestVersion() {
        return MIGRATIONS.get(MIGRATIONS.size() - 1).version();
    }

    /** Migrates {@code schema} on a connection of its own; completes with the schema's version. */
    static Future<Integer> migrate(Vertx vertx, PgConnectOptions options, String schema) {
        return PgConnection.connect(vertx, options).compose(connection -> migrate(connection, schema).eventually(connection::close));
    }

    private static Future<Integer> migrate(SqlConnection connection, String schema) {
        Tuple lockKey = Tuple.of(MIGRATION_LOCK_CLASS, schema);
        return connection.preparedQuery("select pg_advisory_lock($1, hashtext($2))").execute(lockKey)
                .compose(locked -> applyPending(connection, schema)
                        .eventually(() -> connection.preparedQuery("select pg_advisory_unlock($1, hashtext($2))").execute(lockKey)));
    }

    private static Future<Integer> applyPending(SqlConnection connection, String schema) {
        // Only create a missing schema: CREATE SCHEMA IF NOT EXISTS needs the privilege even when the schema exists.
        // The schema name was checked to be a plain lower-case identifier (PgStorageOptions).
        return connection.preparedQuery("select 1 from pg_namespace where nspname = $1").execute(Tuple.of(schema))
                .compose(found -> found.size() > 0 ? Future.succeededFuture() : connection.query("create schema " + schema).execute().mapEmpty())
                .compose(created -> connection.query("""
                        create table if not exists astra_schema_history (
                            version    integer     primary key,
                            name       text        not null,
                            checksum   text        not null,
                            applied_at timestamptz not null default now())""").execute())
                .compose(history -> connection.query("select version, name, checksum from astra_schema_history order by version").execute())
                .compose(rows -> {
                    TreeMap<Integer, Row> applied = new TreeMap<>();
                    rows.forEach(row -> applied.put(row.getInteger("version"), row));
                    check(applied, schema);
                    Future<Void> chain = Future.succeededFuture();
                    for (Migration migration : MIGRATIONS) {
                        if (!applied.containsKey(migration.version())) {
                            chain = chain.compose(ignored -> apply(connection, migration));
                        }
                    }
                    return chain.map(done -> latestVersion());
                });
    }

    private static void check(TreeMap<Integer, Row> applied, String schema) {
        if (!applied.isEmpty() && applied.lastKey() > latestVersion()) {
            throw new IllegalStateException("schema '" + schema + "' is at version " + applied.lastKey()
                    + ", newer than this build of astra-clear knows (up to " + latestVersion() + "): run a newer astra-clear,"
                    + " or point this node at another database or schema. Refusing to start rather than risk writing in a format it does not know.");
        }
        for (Map.Entry<Integer, Row> entry : applied.entrySet()) {
            Migration migration = MIGRATIONS.stream().filter(known -> known.version() == entry.getKey()).findFirst()
                    .orElseThrow(() -> new IllegalStateException("schema '" + schema + "' records migration V" + entry.getKey()
                            + ", which this build does not have: the history is not one astra-clear wrote"));
            String checksum = entry.getValue().getString("checksum");
            if (!migration.checksum().equals(checksum)) {
                throw new IllegalStateException("migration V" + migration.version() + " (" + migration.name() + ") of schema '" + schema
                        + "' was applied from a different script (checksum " + checksum + ", this build has " + migration.checksum()
                        + "): a released migration must never change; add a new one instead");
            }
        }
        int expected = 1;
        for (int version : applied.keySet()) {
            if (version != expected) {
                throw new IllegalStateException("schema '" + schema + "' misses migration V" + expected + " but has V" + version);
            }
            expected++;
        }
    }

    private static Future<Void> apply(SqlConnection connection, Migration migration) {
        String script = migration.script();
        return connection.begin().compose(transaction -> connection.query(script).execute()
                .compose(done -> connection.preparedQuery("insert into astra_schema_history (version, name, checksum) values ($1, $2, $3)")
                        .execute(Tuple.of(migration.version(), migration.name(), migration.checksum())))
                .compose(recorded -> transaction.commit())
                .recover(failure -> transaction.rollback().transform(ignored -> Future.failedFuture(new IllegalStateException(
                        "migration V" + migration.version() + " (" + migration.name() + ") failed: " + failure.getMessage(), failure)))));
    }
}
