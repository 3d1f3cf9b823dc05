-- astra-clear storage, schema version 3: the hub's committed state (HubStore), beside the tables of
-- versions 1 and 2 until those are dropped.
--
-- The state machine decides everything; these tables keep what it decided, block by block:
--   * images, one row per key, replaced by later blocks: transfers, batches, pending Executor-log
--     observations, the validator sets (one row) and the balances (a pair whose balance is zero
--     has no row);
--   * logs, appended and never changed: blocks, journal, netting rounds, settlements, equivocation
--     evidence, transactions, events (in chunks);
--   * node-local records outside the hub state: watch checkpoints and quarantined logs.
-- One commit writes one block, every table with one statement, in one transaction; the row of
-- hub_head is locked for it, so two writers cannot both append the same height.
--
-- Encodings, chosen for exact round trips and for write speed:
--   * images and nested records are bytea in the adapter's own compact binary format
--     (HubImageCodec, versioned by its first byte); the columns beside them are only what a
--     query filters, orders or keys on;
--   * block times are bigint nanoseconds since the epoch (CometBFT's times have nanoseconds,
--     timestamptz keeps microseconds); to_timestamp(time_nanos / 1e9) shows one;
--   * free-form strings (references, reasons, logs) are bytea: their UTF-8, or 0xFF followed by
--     UTF-16 for the rare string UTF-8 cannot carry. text would refuse U+0000, and a reference a
--     bank chose must never make a block impossible to store;
--   * bank ids use the C collation, so that SQL orders them as Java does;
--   * checks are plain column checks, and cheap ones (lengths, signs, the uint256 range): the Java
--     records validate every value in full; these stop another writer's garbage. Domains were
--     measured twice as slow to insert into (a block writes tens of thousands of rows), and a
--     regular expression per bank id costs about as much as an index.

create function hub_reject_change_of_log() returns trigger language plpgsql as $$
begin
    raise exception '% is append-only: % refused', tg_table_name, tg_op
        using errcode = 'integrity_constraint_violation';
end
$$;

-- head and blocks ---------------------------------------------------------------------------------

-- One row, always there (height 0 before the first block), locked by every commit.
create table hub_head (
    singleton boolean primary key default true check (singleton),
    height    bigint  not null check (height >= 0)
);
insert into hub_head (singleton, height) values (true, 0);

create table hub_blocks (
    height     bigint primary key check (height >= 1),
    time_nanos bigint not null,
    app_hash   bytea  not null check (octet_length(app_hash) = 32),
    head       bytea  not null
);

-- images --------------------------------------------------------------------------------------------

create table hub_transfers (
    transfer_id          bytea            primary key check (octet_length(transfer_id) = 32),
    sequence             bigint           not null unique check (sequence >= 1),
    status               text             not null,
    live                 boolean          not null,
    -- of the content the hub stands by (HubTransfer.observed())
    source_bank          text collate "C" not null check (octet_length(source_bank) between 1 and 16),
    destination_bank     text collate "C" not null check (octet_length(destination_bank) between 1 and 16),
    first_attested_nanos bigint           not null,
    image                bytea            not null
);
-- Hashes and addresses do not compress: spare PostgreSQL the attempt on large images.
alter table hub_transfers alter column image set storage external;
create index hub_transfers_live on hub_transfers (sequence) where live;
create index hub_transfers_by_status on hub_transfers (status, sequence);
create index hub_transfers_by_source on hub_transfers (source_bank, sequence);
create index hub_transfers_by_destination on hub_transfers (destination_bank, sequence);
create index hub_transfers_by_first_attested on hub_transfers (first_attested_nanos);

create table hub_batches (
    bank           text collate "C" not null check (octet_length(bank) between 1 and 16),
    number         bigint           not null check (number >= 1),
    created_height bigint           not null check (created_height >= 1),
    open           boolean          not null,
    image          bytea            not null,
    primary key (bank, number)
);
alter table hub_batches alter column image set storage external;
create index hub_batches_open on hub_batches (bank, number) where open;
create index hub_batches_newest_first on hub_batches (created_height, bank, number);
create index hub_batches_of_bank_newest_first on hub_batches (bank, created_height, number);

create table hub_pending_observations (
    key   bytea primary key check (octet_length(key) = 32),
    image bytea not null
);

create table hub_validator_sets (
    singleton boolean primary key default true check (singleton),
    image     bytea   not null
);

-- cred-issuer held by holder
create table hub_balances (
    issuer text collate "C" not null check (octet_length(issuer) between 1 and 16),
    holder text collate "C" not null check (octet_length(holder) between 1 and 16 and holder <> issuer),
    amount numeric(78, 0)   not null check (amount > 0 and amount <= 115792089237316195423570985008687907853269984665640564039457584007913129639935),
    primary key (issuer, holder)
);

-- logs ----------------------------------------------------------------------------------------------

create table hub_journal (
    sequence   bigint           primary key check (sequence >= 1),
    height     bigint           not null check (height >= 1),
    time_nanos bigint           not null,
    type       text             not null,
    issuer     text collate "C" not null check (octet_length(issuer) between 1 and 16),
    holder     text collate "C" not null check (octet_length(holder) between 1 and 16 and holder <> issuer),
    amount     numeric(78, 0)   not null check (amount > 0 and amount <= 115792089237316195423570985008687907853269984665640564039457584007913129639935),
    reference  bytea            not null
);

create table hub_netting_rounds (
    round_id   bigint primary key check (round_id >= 1),
    height     bigint not null check (height >= 1),
    time_nanos bigint not null,
    image      bytea  not null
);

create table hub_settlements (
    position         bigint           generated always as identity primary key,
    creditor         text collate "C" not null check (octet_length(creditor) between 1 and 16),
    reference        bytea            not null,
    debtor           text collate "C" not null check (octet_length(debtor) between 1 and 16),
    amount           numeric(78, 0)   not null check (amount >= 0 and amount <= 115792089237316195423570985008687907853269984665640564039457584007913129639935),
    confirmed_by     bytea            not null check (octet_length(confirmed_by) = 20),
    height           bigint           not null check (height >= 1),
    time_nanos       bigint           not null,
    journal_sequence bigint           not null check (journal_sequence >= 1),
    unique (creditor, reference)
);
create index hub_settlements_oldest_first on hub_settlements (height, journal_sequence, position);

create table hub_evidence (
    position      bigint generated always as identity primary key,
    height        bigint not null check (height >= 1),
    validator     bytea  not null check (octet_length(validator) = 20),
    subject       bytea  not null check (octet_length(subject) = 32),
    first_digest  bytea  not null check (octet_length(first_digest) = 32),
    second_digest bytea  not null check (octet_length(second_digest) = 32)
);
create index hub_evidence_oldest_first on hub_evidence (height, position);

create table hub_transactions (
    height    bigint   not null check (height >= 1),
    tx_index  integer  not null check (tx_index >= 0),
    hash      bytea    not null check (octet_length(hash) = 32),
    -- HubTxType's protocol code; null for bytes that did not decode
    tx_type   smallint,
    sender    bytea    check (octet_length(sender) = 20),
    -- HubRejection's name; null when applied
    rejection text,
    log       bytea    not null,
    primary key (height, tx_index)
);
create index hub_transactions_by_hash on hub_transactions (hash);

-- Events in chunks: up to 256 events with consecutive ids per row, encoded together (HubEventChunks).
-- A block of 20,000 events writes 79 rows instead of 20,000, measured about ten times faster; a
-- page of events decodes the chunks it touches. The exclusion constraint keeps every id once.
create table hub_event_chunks (
    first_id bigint primary key check (first_id >= 1),
    last_id  bigint not null check (last_id >= first_id),
    -- the block that wrote the chunk
    height   bigint not null check (height >= 1),
    events   bytea  not null,
    exclude using gist (int8range(first_id, last_id, '[]') with &&)
);
alter table hub_event_chunks alter column events set storage external;

create trigger hub_blocks_append_only before update or delete on hub_blocks
    for each row execute function hub_reject_change_of_log();
create trigger hub_journal_append_only before update or delete on hub_journal
    for each row execute function hub_reject_change_of_log();
create trigger hub_netting_rounds_append_only before update or delete on hub_netting_rounds
    for each row execute function hub_reject_change_of_log();
create trigger hub_settlements_append_only before update or delete on hub_settlements
    for each row execute function hub_reject_change_of_log();
create trigger hub_evidence_append_only before update or delete on hub_evidence
    for each row execute function hub_reject_change_of_log();
create trigger hub_transactions_append_only before update or delete on hub_transactions
    for each row execute function hub_reject_change_of_log();
create trigger hub_event_chunks_append_only before update or delete on hub_event_chunks
    for each row execute function hub_reject_change_of_log();
create trigger hub_blocks_not_truncated before truncate on hub_blocks
    for each statement execute function hub_reject_change_of_log();
create trigger hub_journal_not_truncated before truncate on hub_journal
    for each statement execute function hub_reject_change_of_log();
create trigger hub_netting_rounds_not_truncated before truncate on hub_netting_rounds
    for each statement execute function hub_reject_change_of_log();
create trigger hub_settlements_not_truncated before truncate on hub_settlements
    for each statement execute function hub_reject_change_of_log();
create trigger hub_evidence_not_truncated before truncate on hub_evidence
    for each statement execute function hub_reject_change_of_log();
create trigger hub_transactions_not_truncated before truncate on hub_transactions
    for each statement execute function hub_reject_change_of_log();
create trigger hub_event_chunks_not_truncated before truncate on hub_event_chunks
    for each statement execute function hub_reject_change_of_log();

-- node-local ----------------------------------------------------------------------------------------

create table hub_checkpoints (
    bank         text collate "C" primary key check (octet_length(bank) between 1 and 16),
    block_number bigint           not null check (block_number >= 0),
    block_hash   bytea            not null check (octet_length(block_hash) = 32)
);

create table hub_quarantined_logs (
    position         bigint           generated always as identity primary key,
    source_bank      text collate "C" not null check (octet_length(source_bank) between 1 and 16),
    block_number     bigint           not null,
    transaction_hash bytea            not null check (octet_length(transaction_hash) = 32),
    log_index        integer          not null,
    reason           bytea            not null,
    raw_data         bytea            not null,
    unique (source_bank, transaction_hash, log_index)
);
