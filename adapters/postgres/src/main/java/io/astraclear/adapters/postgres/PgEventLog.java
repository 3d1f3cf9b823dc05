package io.astraclear.adapters.postgres;

import io.astraclear.ports.storage.StorageLimits;
import io.astraclear.ports.storage.StoredEvent;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The event stream's table. Events are a side log, not part of any ledger transaction, so they do
 * not queue behind the group-commit writer: the node batches them itself and one statement stores
 * a batch.
 */
final class PgEventLog {
    private final SqlClient client;

    PgEventLog(SqlClient client) {
        this.client = client;
    }

    Future<Void> append(List<StoredEvent> events) {
        if (events.isEmpty()) {
            return Future.succeededFuture();
        }
        Long[] ids = new Long[events.size()];
        String[] types = new String[events.size()];
        OffsetDateTime[] ats = new OffsetDateTime[events.size()];
        String[] data = new String[events.size()];
        for (int i = 0; i < events.size(); i++) {
            StoredEvent event = events.get(i);
            ids[i] = event.id();
            types[i] = event.type();
            ats[i] = RowCodec.time(event.at());
            JsonObject fields = new JsonObject();
            event.data().forEach((key, value) -> fields.put(key, StorageLimits.cut(value, StorageLimits.MAX_TEXT_LENGTH)));
            data[i] = fields.encode();
        }
        return client.preparedQuery("""
                        insert into node_events (id, type, at, data)
                        select id, type, at, data::jsonb from unnest($1::bigint[], $2::text[], $3::timestamptz[], $4::text[]) as e(id, type, at, data)
                        on conflict (id) do nothing""")
                .execute(RowCodec.columns(ids, types, ats, data))
                .mapEmpty();
    }

    Future<List<StoredEvent>> after(long afterId, int limit) {
        return client.preparedQuery("select id, type, at, data::text as data from node_events where id > $1 order by id limit $2")
                .execute(Tuple.of(afterId, limit))
                .map(rows -> {
                    List<StoredEvent> out = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        Map<String, String> data = new TreeMap<>();
                        new JsonObject(row.getString("data")).forEach(field -> data.put(field.getKey(), String.valueOf(field.getValue())));
                        out.add(new StoredEvent(row.getLong("id"), row.getString("type"), RowCodec.instant(row, "at"), data));
                    }
                    return out;
                });
    }

    Future<Long> lastId() {
        return client.query("select coalesce(max(id), 0) as id from node_events").execute()
                .map(rows -> rows.iterator().next().getLong("id"));
    }
}
