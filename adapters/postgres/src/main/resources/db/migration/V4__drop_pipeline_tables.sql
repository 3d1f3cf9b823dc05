-- astra-clear storage, schema version 4: the tables of the per-node pipeline (versions 1 and 2) give
-- way to the hub's (version 3).
--
-- Their state cannot be carried into the hub: it has no blocks and no app hash, and each node's
-- copy was its own. A schema that holds any of it is refused, and left as it is, so that nothing
-- recorded is lost: start the node on an empty database or schema. An empty one loses the old
-- tables, their triggers and functions.

do $$
begin
    if exists (select 1 from transfers) or exists (select 1 from ledger_entries) or exists (select 1 from node_events)
            or exists (select 1 from netting_rounds) then
        raise exception 'this schema holds transfers, a journal, netting rounds or events of the node before the hub (schema version 2); they cannot be carried into the hub, so the node will not start on it: start it on an empty database or schema (the old tables are left as they are)';
    end if;
end $$;

drop table if exists node_events, audit_log, netting_rounds, balances, ledger_entries, relay_attempts, commands, votes, vote_commands,
    transfer_status_changes, transfers, quarantined_logs, checkpoints cascade;
drop function if exists reject_change_of_append_only(), checkpoint_never_moves_backwards(), balances_follow_the_journal(),
    apply_journal_to_balances() cascade;
