-- astra-clear storage, schema version 1: transfers, votes, commands, the IOU journal and its
-- balances, netting rounds, checkpoints, quarantined logs, audit log.
--
-- The ledger invariants are enforced here, not only in Java, so a bug in the adapter cannot
-- break them silently:
--   * balances are derived from the journal by a trigger, and may not be written directly;
--   * no balance goes below zero or above uint256 (domain check on balances.amount);
--   * journal, audit log and netting rounds are append-only (UPDATE/DELETE/TRUNCATE refused);
--   * one ISSUE per transfer, one SETTLEMENT_BURN per reference, one NETTING_BURN per pair and round;
--   * a checkpoint never moves backwards;
--   * a validator has at most one counted vote per command.
--
-- Sized for group commit: a batch writes each table with one statement, so per-row work is what
-- counts. Hot tables carry no per-row foreign-key triggers (the writer checks those relations,
-- the crash test verifies them) and only the indexes a query needs; sequences nobody needs before
-- commit are identity columns. Journal sequences and round ids are assigned by the writer under
-- its lock, because the port returns them.

create domain uint256 as numeric(78, 0)
    constraint uint256_between_zero_and_max check (value >= 0 and value <= 115792089237316195423570985008687907853269984665640564039457584007913129639935);
create domain bank_id as text check (value ~ '^[A-Z0-9_]{1,16}$');
create domain bytes32 as bytea check (octet_length(value) = 32);
create domain eth_address as bytea check (octet_length(value) = 20);

create function reject_change_of_append_only() returns trigger language plpgsql as $$
begin
    raise exception '% is append-only: % refused', tg_table_name, tg_op
        using errcode = 'integrity_constraint_violation';
end
$$;

-- chain watching ---------------------------------------------------------------------------------

create table checkpoints (
    bank         bank_id     primary key,
    block_number bigint      not null check (block_number >= 0),
    block_hash   bytes32     not null,
    updated_at   timestamptz not null
);

create function checkpoint_never_moves_backwards() returns trigger language plpgsql as $$
begin
    if new.block_number < old.block_number then
        raise exception 'checkpoint of % may not move backwards from block % to %', old.bank, old.block_number, new.block_number
            using errcode = 'check_violation';
    end if;
    return new;
end
$$;
create trigger checkpoints_never_move_backwards before update on checkpoints
    for each row execute function checkpoint_never_moves_backwards();

create table quarantined_logs (
    seq              bigint      generated always as identity primary key,
    source_bank      bank_id     not null,
    block_number     bigint      not null,
    transaction_hash bytes32     not null,
    log_index        integer     not null,
    reason           text        not null,
    raw_data         text        not null,
    recorded_at      timestamptz not null,
    unique (source_bank, transaction_hash, log_index)
);

-- transfers --------------------------------------------------------------------------------------

create table transfers (
    transfer_id      bytes32     primary key,
    seq              bigint      generated always as identity,
    command_id       bytes32     not null unique,
    source_bank      bank_id     not null,
    source_chain_id  bigint      not null check (source_chain_id > 0),
    source_gateway   eth_address not null,
    nonce            uint256     not null check (nonce > 0),
    sender           eth_address not null,
    destination_bank bank_id     not null,
    recipient        eth_address not null,
    amount           uint256     not null,
    block_number     bigint      not null check (block_number >= 0),
    block_hash       bytes32     not null,
    transaction_hash bytes32     not null,
    log_index        integer     not null check (log_index >= 0),
    observed_at      timestamptz not null,
    status           text        not null check (status in ('OBSERVED', 'CONFIRMED', 'EXECUTED', 'STUCK'))
);
-- Listing by bank scans this index with a filter: a bank index on each side would cost every
-- insert and status change two more index entries.
create index transfers_newest_first on transfers (observed_at desc, seq desc);
create index transfers_by_status on transfers (status, observed_at, seq);

create table transfer_status_changes (
    seq         bigint      generated always as identity,
    transfer_id bytes32     not null,
    status      text        not null check (status in ('OBSERVED', 'CONFIRMED', 'EXECUTED', 'STUCK')),
    at          timestamptz not null,
    reason      text        not null,
    primary key (transfer_id, seq)
);

-- votes ------------------------------------------------------------------------------------------

-- The mint command a digest commits to, stored once however many validators sign it.
create table vote_commands (
    digest               bytes32     primary key,
    command_id           bytes32     not null,
    source_bank          bank_id     not null,
    destination_bank     bank_id     not null,
    recipient            eth_address not null,
    amount               uint256     not null check (amount > 0),
    destination_chain_id bigint      not null check (destination_chain_id > 0),
    destination_executor eth_address not null
);

create table votes (
    seq         bigint      generated always as identity,
    digest      bytes32     not null,
    validator   eth_address not null,
    command_id  bytes32     not null,
    signature   bytea       not null check (octet_length(signature) = 65),
    counted     boolean     not null,
    recorded_at timestamptz not null,
    primary key (digest, validator)
);
-- Equivocation evidence (counted = false) may pile up; a counted vote exists once per validator and command.
create unique index votes_one_counted_digest_per_validator on votes (command_id, validator) where counted;
create index votes_by_command on votes (command_id, seq);

-- commands ---------------------------------------------------------------------------------------

create table commands (
    command_id                 bytes32     primary key,
    transfer_id                bytes32     not null,
    confirmed_seq              bigint      generated always as identity,
    digest                     bytes32     not null,
    source_bank                bank_id     not null,
    destination_bank           bank_id     not null,
    recipient                  eth_address not null,
    amount                     uint256     not null check (amount > 0),
    destination_chain_id       bigint      not null check (destination_chain_id > 0),
    destination_executor       eth_address not null,
    -- r || s || v of each signer, signer-ascending, concatenated
    signatures                 bytea       not null
        check (octet_length(signatures) between 65 and 65 * 256 and octet_length(signatures) % 65 = 0),
    status                     text        not null check (status in ('PENDING', 'EXECUTED', 'FAILED')),
    execution_transaction_hash bytes32,
    execution_block_number     bigint,
    execution_gas_used         bigint,
    failure_reason             text        not null,
    confirmed_at               timestamptz not null,
    updated_at                 timestamptz not null,
    check ((status = 'EXECUTED') = (execution_transaction_hash is not null
        and execution_block_number is not null and execution_gas_used is not null))
);
create index commands_pending on commands (confirmed_seq) where status = 'PENDING';

create table relay_attempts (
    command_id bytes32     not null references commands,
    attempt    integer     not null check (attempt >= 1),
    at         timestamptz not null,
    outcome    text        not null,
    detail     text        not null,
    primary key (command_id, attempt)
);

-- ledger -----------------------------------------------------------------------------------------

create table ledger_entries (
    seq       bigint      primary key check (seq > 0),
    type      text        not null check (type in ('ISSUE', 'NETTING_BURN', 'SETTLEMENT_BURN')),
    issuer    bank_id     not null,
    holder    bank_id     not null check (holder <> issuer),
    amount    uint256     not null check (amount > 0),
    reference text        not null check (length(reference) between 1 and 200),
    at        timestamptz not null
);
create unique index ledger_one_issue_per_transfer on ledger_entries (reference) where type = 'ISSUE';
create unique index ledger_one_settlement_per_reference on ledger_entries (reference) where type = 'SETTLEMENT_BURN';
create unique index ledger_one_netting_burn_per_pair_and_round on ledger_entries (reference, issuer, holder)
    where type = 'NETTING_BURN';
create trigger ledger_entries_append_only before update or delete on ledger_entries
    for each row execute function reject_change_of_append_only();
create trigger ledger_entries_not_truncated before truncate on ledger_entries
    for each statement execute function reject_change_of_append_only();

-- cred-issuer held by holder; zero rows stay (a pair that once owed) and are not listed.
create table balances (
    issuer bank_id not null,
    holder bank_id not null,
    amount uint256 not null,
    primary key (issuer, holder)
);

create function balances_follow_the_journal() returns trigger language plpgsql as $$
begin
    -- depth 1: a statement on balances itself; depth 2: the journal trigger below.
    if pg_trigger_depth() < 2 then
        raise exception 'balances are derived from ledger_entries: append journal entries instead of writing balances'
            using errcode = 'integrity_constraint_violation';
    end if;
    return coalesce(new, old);
end
$$;
create trigger balances_only_from_the_journal before insert or update or delete on balances
    for each row execute function balances_follow_the_journal();
create trigger balances_not_truncated before truncate on balances
    for each statement execute function reject_change_of_append_only();

-- One aggregate per statement, so a batch of a thousand entries updates each pair once. A delta
-- that takes a balance below zero fails the uint256 domain check and with it the whole statement.
create function apply_journal_to_balances() returns trigger language plpgsql
    set search_path from current as $$
begin
    with deltas as (
        select issuer, holder, sum(case when type = 'ISSUE' then amount else -amount end) as delta
        from new_entries
        group by issuer, holder
    ), updated as (
        update balances b set amount = b.amount + d.delta
        from deltas d
        where b.issuer = d.issuer and b.holder = d.holder
        returning b.issuer, b.holder
    )
    insert into balances (issuer, holder, amount)
    select d.issuer, d.holder, d.delta
    from deltas d
    where not exists (select 1 from updated u where u.issuer = d.issuer and u.holder = d.holder);
    return null;
end
$$;
create trigger ledger_entries_update_balances after insert on ledger_entries
    referencing new table as new_entries
    for each statement execute function apply_journal_to_balances();

create table netting_rounds (
    round_id         bigint      primary key check (round_id > 0),
    at               timestamptz not null,
    strategy_id      text        not null,
    strategy_version text        not null,
    input_digest     bytes32     not null,
    balances_before  jsonb       not null,
    balances_after   jsonb       not null,
    actor            text        not null
);
create trigger netting_rounds_append_only before update or delete on netting_rounds
    for each row execute function reject_change_of_append_only();
create trigger netting_rounds_not_truncated before truncate on netting_rounds
    for each statement execute function reject_change_of_append_only();

-- audit ------------------------------------------------------------------------------------------

create table audit_log (
    seq     bigint      generated always as identity primary key,
    at      timestamptz not null,
    actor   text        not null,
    action  text        not null,
    subject text        not null,
    details text        not null
);
create trigger audit_log_append_only before update or delete on audit_log
    for each row execute function reject_change_of_append_only();
create trigger audit_log_not_truncated before truncate on audit_log
    for each statement execute function reject_change_of_append_only();
