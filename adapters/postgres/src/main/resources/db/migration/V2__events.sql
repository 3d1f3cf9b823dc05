-- The node's event stream (transfer observed/confirmed/executed/stuck, netting, settlements, ...),
-- kept so that an API client resumes from the last event id it saw, across restarts too. The node
-- numbers events itself; an id stored once keeps its first content. Append-only like the ledger.

create table node_events (
    id   bigint      primary key check (id > 0),
    type text        not null check (length(type) between 1 and 200),
    at   timestamptz not null,
    data jsonb       not null check (jsonb_typeof(data) = 'object')
);
create trigger node_events_append_only before update or delete on node_events
    for each row execute function reject_change_of_append_only();
create trigger node_events_not_truncated before truncate on node_events
    for each statement execute function reject_change_of_append_only();
