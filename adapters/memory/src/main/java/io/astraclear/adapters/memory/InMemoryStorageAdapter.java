package io.astraclear.adapters.memory;

import static io.astraclear.ports.storage.StorageLimits.checkName;
import static io.astraclear.ports.storage.StorageLimits.checkSignatures;
import static io.astraclear.ports.storage.StorageLimits.checkSize;
import static io.astraclear.ports.storage.StorageLimits.required;

import io.astraclear.ports.chain.Checkpoint;
import io.astraclear.ports.chain.ObservedTransfer;
import io.astraclear.ports.chain.QuarantinedLog;
import io.astraclear.ports.consensus.Vote;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.CommandId;
import io.astraclear.ports.domain.MintCommand;
import io.astraclear.ports.domain.Signature;
import io.astraclear.ports.domain.TransferId;
import io.astraclear.ports.netting.BalanceSnapshot;
import io.astraclear.ports.netting.NettingCheck;
import io.astraclear.ports.netting.NettingInvariants;
import io.astraclear.ports.netting.NettingProposal;
import io.astraclear.ports.netting.Obligation;
import io.astraclear.ports.storage.AuditActions;
import io.astraclear.ports.storage.AuditEntry;
import io.astraclear.ports.storage.CommandRecord;
import io.astraclear.ports.storage.EntryType;
import io.astraclear.ports.storage.LedgerEntry;
import io.astraclear.ports.storage.NettingRound;
import io.astraclear.ports.storage.Page;
import io.astraclear.ports.storage.RejectionCode;
import io.astraclear.ports.storage.RelayAttempt;
import io.astraclear.ports.storage.StatusChange;
import io.astraclear.ports.storage.StorageLimits;
import io.astraclear.ports.storage.StoragePort;
import io.astraclear.ports.storage.StoredEvent;
import io.astraclear.ports.storage.TransferQuery;
import io.astraclear.ports.storage.TransferRecord;
import io.astraclear.ports.storage.TransferStatus;
import io.astraclear.ports.storage.VoteOutcome;
import io.astraclear.ports.storage.WriteResult;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * All state in plain collections behind one lock. Every write checks everything that could refuse
 * it before it changes anything, so a refused or failed write leaves nothing behind.
 */
final class InMemoryStorageAdapter implements StoragePort {
    private static final Comparator<TransferRow> NEWEST_FIRST =
            Comparator.comparing((TransferRow row) -> row.observedAt).thenComparingLong(row -> row.sequence).reversed();
    private static final Comparator<TransferRow> OLDEST_FIRST =
            Comparator.comparing((TransferRow row) -> row.observedAt).thenComparingLong(row -> row.sequence);

    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean closed;

    private final Map<BankId, Checkpoint> checkpoints = new HashMap<>();
    private final Map<TransferId, TransferRow> transfers = new HashMap<>();
    private final List<TransferRow> transfersInOrder = new ArrayList<>();
    private final Map<String, QuarantinedLog> quarantined = new LinkedHashMap<>();
    private final Map<Bytes32, Map<Address, VoteRow>> votesByDigest = new HashMap<>();
    private final Map<CommandId, List<VoteRow>> votesByCommand = new HashMap<>();
    private final Map<CommandId, Map<Address, Bytes32>> countedDigests = new HashMap<>();
    private final Map<CommandId, CommandRow> commands = new HashMap<>();
    private final List<LedgerEntry> journal = new ArrayList<>();
    private final Map<String, LedgerEntry> settlements = new HashMap<>();
    private final TreeMap<Pair, BigInteger> balances = new TreeMap<>();
    private final List<NettingRound> rounds = new ArrayList<>();
    private final List<AuditEntry> audit = new ArrayList<>();
    private final TreeMap<Long, StoredEvent> events = new TreeMap<>();
    private long nextVoteSequence = 1;
    private long nextConfirmationSequence = 1;

    InMemoryStorageAdapter(Clock clock) {
        this.clock = clock;
    }

    // --- chain watching ------------------------------------------------------------------------

    @Override
    public CompletionStage<Optional<Checkpoint>> checkpoint(BankId bank) {
        return locked(() -> Optional.ofNullable(checkpoints.get(required(bank, "bank"))));
    }

    @Override
    public CompletionStage<List<ObservedTransfer>> recordObserved(List<ObservedTransfer> observed, List<QuarantinedLog> logs, Checkpoint checkpoint) {
        return locked(() -> {
            StorageLimits.checkObserved(observed, logs, checkpoint);
            Instant now = micros(clock.instant());
            String actor = AuditActions.watcher(checkpoint.bank());
            List<ObservedTransfer> added = new ArrayList<>();
            for (ObservedTransfer transfer : observed) {
                if (transfers.containsKey(transfer.transferId())) {
                    continue;
                }
                TransferRow row = new TransferRow(transfer, transfersInOrder.size() + 1L, now);
                transfers.put(transfer.transferId(), row);
                transfersInOrder.add(row);
                added.add(transfer);
                audit(now, actor, AuditActions.TRANSFER_OBSERVED, transfer.transferId().toString(),
                        transfer.sourceBank() + " -> " + transfer.destinationBank() + " amount " + transfer.amount() + " block " + transfer.blockNumber());
            }
            for (QuarantinedLog log : logs) {
                String key = log.sourceBank() + ":" + log.transactionHash() + ":" + log.logIndex();
                if (quarantined.containsKey(key)) {
                    continue;
                }
                quarantined.put(key, new QuarantinedLog(log.sourceBank(), log.blockNumber(), log.transactionHash(), log.logIndex(),
                        StorageLimits.cut(log.reason(), StorageLimits.MAX_TEXT_LENGTH), StorageLimits.cut(log.rawData(), StorageLimits.MAX_RAW_DATA_LENGTH)));
                audit(now, actor, AuditActions.LOG_QUARANTINED, key, StorageLimits.cut(log.reason(), StorageLimits.MAX_TEXT_LENGTH));
            }
            Checkpoint stored = checkpoints.get(checkpoint.bank());
            if (stored == null || checkpoint.blockNumber() > stored.blockNumber()) {
                checkpoints.put(checkpoint.bank(), checkpoint);
                audit(now, actor, AuditActions.CHECKPOINT_ADVANCED, checkpoint.bank().toString(),
                        "block " + checkpoint.blockNumber() + " " + checkpoint.blockHash());
            }
            return List.copyOf(added);
        });
    }

    @Override
    public CompletionStage<List<QuarantinedLog>> quarantined(int limit) {
        return locked(() -> {
            Page.checkLimit(limit);
            return quarantined.values().stream().limit(limit).toList();
        });
    }

    // --- votes ---------------------------------------------------------------------------------

    @Override
    public CompletionStage<VoteOutcome> recordVote(Vote vote) {
        return locked(() -> {
            required(vote, "vote");
            Map<Address, VoteRow> forDigest = votesByDigest.computeIfAbsent(vote.digest(), digest -> new TreeMap<>());
            if (forDigest.containsKey(vote.validator())) {
                return VoteOutcome.DUPLICATE;
            }
            Instant now = micros(clock.instant());
            Map<Address, Bytes32> counted = countedDigests.computeIfAbsent(vote.commandId(), id -> new HashMap<>());
            Bytes32 countedDigest = counted.get(vote.validator());
            boolean equivocation = countedDigest != null;
            VoteRow row = new VoteRow(vote, nextVoteSequence++, !equivocation);
            forDigest.put(vote.validator(), row);
            votesByCommand.computeIfAbsent(vote.commandId(), id -> new ArrayList<>()).add(row);
            String actor = AuditActions.validator(vote.validator());
            if (equivocation) {
                audit(now, actor, AuditActions.VOTE_EQUIVOCATION, vote.commandId().toString(),
                        "signed digest " + vote.digest() + " after digest " + countedDigest + "; kept as evidence, not counted");
                return VoteOutcome.EQUIVOCATION;
            }
            counted.put(vote.validator(), vote.digest());
            audit(now, actor, AuditActions.VOTE_RECORDED, vote.digest().toString(), "");
            return VoteOutcome.RECORDED;
        });
    }

    @Override
    public CompletionStage<List<Vote>> votes(Bytes32 digest) {
        return locked(() -> votesByDigest.getOrDefault(required(digest, "digest"), Map.of()).values().stream()
                .filter(row -> row.counted)
                .map(row -> row.vote)
                .toList());
    }

    @Override
    public CompletionStage<List<Vote>> votesForCommand(CommandId commandId) {
        return locked(() -> votesByCommand.getOrDefault(required(commandId, "commandId"), List.of()).stream()
                .map(row -> row.vote)
                .toList());
    }

    // --- transfer lifecycle --------------------------------------------------------------------

    @Override
    public CompletionStage<WriteResult<LedgerEntry>> confirm(TransferId transferId, MintCommand command, List<Signature> signatures, Instant at) {
        return locked(() -> {
            required(transferId, "transferId");
            required(command, "command");
            required(at, "at");
            checkSignatures(signatures);
            TransferRow row = transfers.get(transferId);
            if (row == null) {
                return WriteResult.rejected(RejectionCode.UNKNOWN_TRANSFER, "transfer " + transferId + " was never observed");
            }
            if (commands.containsKey(row.observed.commandId())) {
                return WriteResult.rejected(RejectionCode.ALREADY_CONFIRMED, "transfer " + transferId + " is already confirmed (" + row.status + ")");
            }
            // A transfer STUCK short of threshold that reaches threshold later confirms now (a STUCK one
            // with a command failed relaying after confirmation and is refused above as ALREADY_CONFIRMED).
            Optional<String> mismatch = mismatch(row.observed, command);
            if (mismatch.isPresent()) {
                return WriteResult.rejected(RejectionCode.COMMAND_MISMATCH, mismatch.get());
            }
            Pair pair = new Pair(row.observed.sourceBank(), row.observed.destinationBank());
            BigInteger balance = balances.getOrDefault(pair, BigInteger.ZERO).add(command.amount().value());
            if (balance.compareTo(Amount.MAX_UINT256) > 0) {
                return WriteResult.rejected(RejectionCode.BALANCE_OVERFLOW, "cred-" + pair.debtor + " held by " + pair.creditor + " would exceed uint256");
            }
            Instant time = micros(at);
            row.changeStatus(TransferStatus.CONFIRMED, time, "");
            LedgerEntry issued = append(EntryType.ISSUE, pair, command.amount(), transferId.toString(), time);
            commands.put(command.commandId(), new CommandRow(transferId, command, List.copyOf(signatures), nextConfirmationSequence++));
            audit(time, AuditActions.CONSENSUS, AuditActions.TRANSFER_CONFIRMED, transferId.toString(),
                    "ISSUE " + pair.debtor.credToken() + " to " + pair.creditor + " amount " + command.amount() + ", " + signatures.size() + " signatures");
            return WriteResult.applied(issued);
        });
    }

    @Override
    public CompletionStage<Void> recordRelayAttempt(CommandId commandId, RelayAttempt attempt) {
        return locked(() -> {
            required(attempt, "relay attempt");
            CommandRow command = commands.get(required(commandId, "commandId"));
            if (command == null) {
                throw new IllegalArgumentException("relay attempt for command " + commandId + ", which was never confirmed");
            }
            if (!command.attempts.containsKey(attempt.attempt())) {
                RelayAttempt stored = new RelayAttempt(attempt.attempt(), micros(attempt.at()),
                        StorageLimits.cut(attempt.outcome(), StorageLimits.MAX_TEXT_LENGTH), StorageLimits.cut(attempt.detail(), StorageLimits.MAX_TEXT_LENGTH));
                command.attempts.put(attempt.attempt(), stored);
                audit(stored.at(), AuditActions.RELAYER, AuditActions.RELAY_ATTEMPTED, commandId.toString(),
                        "attempt " + stored.attempt() + ": " + stored.outcome() + (stored.detail().isEmpty() ? "" : " " + stored.detail()));
            }
            return null;
        });
    }

    @Override
    public CompletionStage<WriteResult<Void>> markExecuted(CommandId commandId, CommandRecord.Execution execution, Instant at) {
        return locked(() -> {
            required(execution, "execution");
            required(at, "at");
            CommandRow command = commands.get(required(commandId, "commandId"));
            if (command == null) {
                return WriteResult.rejected(RejectionCode.UNKNOWN_COMMAND, "command " + commandId + " was never confirmed");
            }
            if (command.status == CommandRecord.Status.EXECUTED) {
                return WriteResult.applied(null);
            }
            Instant time = micros(at);
            command.status = CommandRecord.Status.EXECUTED;
            command.execution = execution;
            transfers.get(command.transferId).changeStatus(TransferStatus.EXECUTED, time, "");
            audit(time, AuditActions.RELAYER, AuditActions.COMMAND_EXECUTED, commandId.toString(),
                    "transaction " + execution.transactionHash() + " block " + execution.blockNumber() + " gas " + execution.gasUsed());
            return WriteResult.applied(null);
        });
    }

    @Override
    public CompletionStage<WriteResult<Void>> markStuck(TransferId transferId, String reason, Instant at) {
        return locked(() -> {
            required(at, "at");
            TransferRow row = transfers.get(required(transferId, "transferId"));
            if (row == null) {
                return WriteResult.rejected(RejectionCode.UNKNOWN_TRANSFER, "transfer " + transferId + " was never observed");
            }
            if (row.status == TransferStatus.EXECUTED) {
                return WriteResult.rejected(RejectionCode.ALREADY_EXECUTED, "transfer " + transferId + " already executed");
            }
            if (row.status == TransferStatus.STUCK) {
                return WriteResult.applied(null);
            }
            Instant time = micros(at);
            String why = StorageLimits.cut(reason, StorageLimits.MAX_TEXT_LENGTH);
            CommandRow command = commands.get(row.commandId);
            if (command != null) {
                command.status = CommandRecord.Status.FAILED;
                command.failureReason = why;
            }
            row.changeStatus(TransferStatus.STUCK, time, why);
            audit(time, AuditActions.NODE, AuditActions.TRANSFER_STUCK, transferId.toString(), why);
            return WriteResult.applied(null);
        });
    }

    @Override
    public CompletionStage<Optional<TransferRecord>> transfer(TransferId transferId) {
        return locked(() -> Optional.ofNullable(transfers.get(required(transferId, "transferId"))).map(this::transferRecord));
    }

    @Override
    public CompletionStage<Page<TransferRecord>> transfers(TransferQuery query) {
        return locked(() -> {
            required(query, "query");
            Optional<TransferCursor> after = query.cursor().map(TransferCursor::parse);
            Predicate<TransferRow> matches = row -> query.status().map(status -> row.status == status).orElse(true)
                    && query.bank().map(bank -> row.observed.sourceBank().equals(bank) || row.observed.destinationBank().equals(bank)).orElse(true)
                    && query.observedFrom().map(from -> !row.observedAt.isBefore(from)).orElse(true)
                    && query.observedTo().map(to -> row.observedAt.isBefore(to)).orElse(true)
                    && after.map(cursor -> cursor.isBefore(row)).orElse(true);
            List<TransferRow> rows = transfersInOrder.stream().filter(matches).sorted(NEWEST_FIRST).limit(query.limit() + 1L).toList();
            return page(rows, query.limit(), this::transferRecord, row -> new TransferCursor(row.observedAt, row.sequence).format());
        });
    }

    @Override
    public CompletionStage<List<TransferRecord>> transfersInStatus(TransferStatus status, int limit) {
        return locked(() -> {
            required(status, "status");
            Page.checkLimit(limit);
            return transfersInOrder.stream().filter(row -> row.status == status).sorted(OLDEST_FIRST).limit(limit).map(this::transferRecord).toList();
        });
    }

    @Override
    public CompletionStage<Optional<CommandRecord>> command(CommandId commandId) {
        return locked(() -> Optional.ofNullable(commands.get(required(commandId, "commandId"))).map(CommandRow::record));
    }

    @Override
    public CompletionStage<List<CommandRecord>> pendingCommands(int limit) {
        return locked(() -> {
            Page.checkLimit(limit);
            return commands.values().stream()
                    .filter(command -> command.status == CommandRecord.Status.PENDING)
                    .sorted(Comparator.comparingLong(command -> command.confirmationSequence))
                    .limit(limit)
                    .map(CommandRow::record)
                    .toList();
        });
    }

    // --- ledger --------------------------------------------------------------------------------

    @Override
    public CompletionStage<BalanceSnapshot> balances() {
        return locked(this::currentBalances);
    }

    @Override
    public CompletionStage<Page<LedgerEntry>> journal(Optional<String> cursor, int limit) {
        return locked(() -> sequencePage(journal, LedgerEntry::sequence, "journal", cursor, limit));
    }

    @Override
    public CompletionStage<WriteResult<NettingRound>> applyNetting(NettingRound round) {
        return locked(() -> {
            required(round, "netting round");
            checkName(round.strategyId(), "strategy id");
            checkName(round.strategyVersion(), "strategy version");
            checkName(round.actor(), "actor");
            BalanceSnapshot current = currentBalances();
            if (!rounds.isEmpty()) {
                NettingRound latest = rounds.get(rounds.size() - 1);
                if (sameRound(latest, round) && current.equals(round.after())) {
                    return WriteResult.applied(latest);
                }
            }
            if (!current.equals(round.before())) {
                return WriteResult.rejected(RejectionCode.STALE_SNAPSHOT, "the balances changed since the round's snapshot was taken");
            }
            NettingCheck check = NettingInvariants.check(round.strategyId(), round.strategyVersion(), false, round.before(), new NettingProposal(round.after()));
            if (check instanceof NettingCheck.Violated violated) {
                return WriteResult.rejected(RejectionCode.NETTING_INVARIANT, violated.message());
            }
            long roundId = rounds.size() + 1L;
            Instant time = micros(round.at());
            Map<Pair, Amount> after = new HashMap<>();
            for (Obligation obligation : round.after().obligations()) {
                after.put(Pair.of(obligation), obligation.amount());
            }
            int burns = 0;
            for (Obligation obligation : round.before().obligations()) {
                Amount remaining = after.getOrDefault(Pair.of(obligation), Amount.ZERO);
                if (obligation.amount().compareTo(remaining) > 0) {
                    append(EntryType.NETTING_BURN, Pair.of(obligation), obligation.amount().minus(remaining), Long.toString(roundId), time);
                    burns++;
                }
            }
            NettingRound stored = new NettingRound(roundId, time, round.strategyId(), round.strategyVersion(), round.inputDigest(),
                    round.before(), round.after(), round.actor());
            rounds.add(stored);
            audit(time, round.actor(), AuditActions.NETTING_APPLIED, Long.toString(roundId),
                    round.strategyId() + " " + round.strategyVersion() + ", " + burns + " burns, input " + round.inputDigest());
            return WriteResult.applied(stored);
        });
    }

    @Override
    public CompletionStage<Optional<NettingRound>> nettingRound(long roundId) {
        return locked(() -> roundId >= 1 && roundId <= rounds.size() ? Optional.of(rounds.get((int) roundId - 1)) : Optional.<NettingRound>empty());
    }

    @Override
    public CompletionStage<Page<NettingRound>> nettingRounds(Optional<String> cursor, int limit) {
        return locked(() -> sequencePage(rounds, NettingRound::roundId, "rounds", cursor, limit));
    }

    @Override
    public CompletionStage<WriteResult<LedgerEntry>> confirmSettlement(BankId debtor, BankId creditor, Amount amount, String reference, String actor, Instant at) {
        return locked(() -> {
            required(debtor, "debtor");
            required(creditor, "creditor");
            required(amount, "amount");
            required(at, "at");
            Optional<String> invalid = invalidSettlement(debtor, creditor, amount, reference, actor);
            if (invalid.isPresent()) {
                return WriteResult.rejected(RejectionCode.INVALID_SETTLEMENT, invalid.get());
            }
            LedgerEntry existing = settlements.get(reference);
            if (existing != null) {
                if (existing.issuer().equals(debtor) && existing.holder().equals(creditor) && existing.amount().equals(amount)) {
                    return WriteResult.applied(existing);
                }
                return WriteResult.rejected(RejectionCode.REFERENCE_CONFLICT,
                        "reference " + reference + " already settled " + existing.amount() + " of " + existing.issuer() + " to " + existing.holder());
            }
            Pair pair = new Pair(debtor, creditor);
            BigInteger owed = balances.getOrDefault(pair, BigInteger.ZERO);
            if (owed.compareTo(amount.value()) < 0) {
                return WriteResult.rejected(RejectionCode.INSUFFICIENT_BALANCE, debtor + " owes " + creditor + " " + owed + ", less than " + amount);
            }
            Instant time = micros(at);
            LedgerEntry burned = append(EntryType.SETTLEMENT_BURN, pair, amount, reference, time);
            settlements.put(reference, burned);
            audit(time, actor, AuditActions.SETTLEMENT_CONFIRMED, reference,
                    "SETTLEMENT_BURN " + debtor.credToken() + " held by " + creditor + " amount " + amount);
            return WriteResult.applied(burned);
        });
    }

    // --- audit ---------------------------------------------------------------------------------

    @Override
    public CompletionStage<Page<AuditEntry>> auditLog(Optional<String> cursor, int limit) {
        return locked(() -> sequencePage(audit, AuditEntry::sequence, "audit", cursor, limit));
    }

    // --- event stream --------------------------------------------------------------------------

    @Override
    public CompletionStage<Void> appendEvents(List<StoredEvent> appended) {
        return locked(() -> {
            checkSize(required(appended, "events"), StorageLimits.MAX_EVENTS_PER_WRITE, "events");
            long previous = 0;
            for (StoredEvent event : appended) {
                if (required(event, "event").id() <= previous) {
                    throw new IllegalArgumentException("event ids must ascend within one write: " + event.id() + " after " + previous);
                }
                previous = event.id();
            }
            for (StoredEvent event : appended) {
                Map<String, String> data = new LinkedHashMap<>();
                event.data().forEach((key, value) -> data.put(key, StorageLimits.cut(value, StorageLimits.MAX_TEXT_LENGTH)));
                events.putIfAbsent(event.id(), new StoredEvent(event.id(), event.type(), micros(event.at()), data));
            }
            return null;
        });
    }

    @Override
    public CompletionStage<List<StoredEvent>> events(long afterId, int limit) {
        return locked(() -> {
            Page.checkLimit(limit);
            return events.tailMap(afterId, false).values().stream().limit(limit).toList();
        });
    }

    @Override
    public CompletionStage<Long> lastEventId() {
        return locked(() -> events.isEmpty() ? 0L : events.lastKey());
    }

    @Override
    public void close() {
        closed = true;
    }

    // --- internals -----------------------------------------------------------------------------

    /** Runs {@code work} under the lock; refusals of arguments and state become failed futures. */
    private <T> CompletionStage<T> locked(Supplier<T> work) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("storage is closed"));
        }
        lock.lock();
        try {
            return CompletableFuture.completedFuture(work.get());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        } finally {
            lock.unlock();
        }
    }

    private LedgerEntry append(EntryType type, Pair pair, Amount amount, String reference, Instant at) {
        LedgerEntry entry = new LedgerEntry(journal.size() + 1L, type, pair.debtor, pair.creditor, amount, reference, at);
        BigInteger delta = type == EntryType.ISSUE ? amount.value() : amount.value().negate();
        BigInteger balance = balances.getOrDefault(pair, BigInteger.ZERO).add(delta);
        if (balance.signum() < 0 || balance.compareTo(Amount.MAX_UINT256) > 0) {
            // Every caller checked this already; reaching here is a bug, and nothing was changed yet.
            throw new IllegalStateException("ledger invariant broken: balance " + pair + " would become " + balance);
        }
        journal.add(entry);
        if (balance.signum() == 0) {
            balances.remove(pair);
        } else {
            balances.put(pair, balance);
        }
        return entry;
    }

    private void audit(Instant at, String actor, String action, String subject, String details) {
        audit.add(new AuditEntry(audit.size() + 1L, at, actor, action, subject, StorageLimits.cut(details, StorageLimits.MAX_TEXT_LENGTH)));
    }

    private BalanceSnapshot currentBalances() {
        return new BalanceSnapshot(balances.entrySet().stream()
                .map(entry -> new Obligation(entry.getKey().debtor, entry.getKey().creditor, new Amount(entry.getValue())))
                .toList());
    }

    private static <T> Page<T> sequencePage(List<T> items, java.util.function.ToLongFunction<T> sequence, String listing, Optional<String> cursor, int limit) {
        Page.checkLimit(limit);
        long after = cursor.map(text -> SequenceCursor.parse(listing, text)).orElse(0L);
        // Sequences are 1-based positions in these append-only lists.
        int from = (int) Math.min(after, items.size());
        List<T> rows = items.subList(from, Math.min(items.size(), from + limit + 1));
        return page(rows, limit, item -> item, item -> SequenceCursor.format(listing, sequence.applyAsLong(item)));
    }

    private static <R, T> Page<T> page(List<R> rowsPlusOne, int limit, java.util.function.Function<R, T> toItem, java.util.function.Function<R, String> cursorOf) {
        boolean more = rowsPlusOne.size() > limit;
        List<R> rows = more ? rowsPlusOne.subList(0, limit) : rowsPlusOne;
        return new Page<>(rows.stream().map(toItem).toList(), more ? Optional.of(cursorOf.apply(rows.get(rows.size() - 1))) : Optional.empty());
    }

    private static boolean sameRound(NettingRound stored, NettingRound round) {
        return stored.strategyId().equals(round.strategyId())
                && stored.strategyVersion().equals(round.strategyVersion())
                && stored.inputDigest().equals(round.inputDigest())
                && stored.before().equals(round.before())
                && stored.after().equals(round.after());
    }

    static Optional<String> mismatch(ObservedTransfer observed, MintCommand command) {
        if (!command.commandId().equals(observed.commandId())) {
            return Optional.of("command " + command.commandId() + " is not transfer " + observed.transferId() + "'s command " + observed.commandId());
        }
        if (!command.sourceBank().equals(observed.sourceBank()) || !command.destinationBank().equals(observed.destinationBank())
                || !command.recipient().equals(observed.recipient()) || !command.amount().equals(observed.amount())) {
            return Optional.of("command " + command.commandId() + " does not mint what transfer " + observed.transferId()
                    + " burned: banks, recipient or amount differ");
        }
        return Optional.empty();
    }

    static Optional<String> invalidSettlement(BankId debtor, BankId creditor, Amount amount, String reference, String actor) {
        if (amount.isZero()) {
            return Optional.of("a settlement burns a positive amount");
        }
        if (debtor.equals(creditor)) {
            return Optional.of("a bank cannot settle with itself: " + debtor);
        }
        if (reference == null || reference.isBlank() || reference.length() > StorageLimits.MAX_NAME_LENGTH) {
            return Optional.of("a settlement reference is 1 to " + StorageLimits.MAX_NAME_LENGTH + " characters, not blank");
        }
        if (actor == null || actor.isBlank() || actor.length() > StorageLimits.MAX_NAME_LENGTH) {
            return Optional.of("a settlement names who confirmed it in 1 to " + StorageLimits.MAX_NAME_LENGTH + " characters");
        }
        return Optional.empty();
    }


    private static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    // --- rows ----------------------------------------------------------------------------------

    private record Pair(BankId debtor, BankId creditor) implements Comparable<Pair> {
        static Pair of(Obligation obligation) {
            return new Pair(obligation.debtor(), obligation.creditor());
        }

        @Override
        public int compareTo(Pair other) {
            int byDebtor = debtor.compareTo(other.debtor);
            return byDebtor != 0 ? byDebtor : creditor.compareTo(other.creditor);
        }
    }

    private static final class TransferRow {
        final ObservedTransfer observed;
        /** Kept: a listing looks up each transfer's command, and the id is a hash. */
        final CommandId commandId;
        final long sequence;
        final Instant observedAt;
        final List<StatusChange> history = new ArrayList<>();
        TransferStatus status = TransferStatus.OBSERVED;

        TransferRow(ObservedTransfer observed, long sequence, Instant observedAt) {
            this.observed = observed;
            this.commandId = observed.commandId();
            this.sequence = sequence;
            this.observedAt = observedAt;
            history.add(new StatusChange(TransferStatus.OBSERVED, observedAt, ""));
        }

        void changeStatus(TransferStatus next, Instant at, String reason) {
            status = next;
            history.add(new StatusChange(next, at, reason));
        }

    }

    private record VoteRow(Vote vote, long sequence, boolean counted) {}

    /** The stored transfer with its mint transaction, when its command's execution is recorded. Under the lock. */
    private TransferRecord transferRecord(TransferRow row) {
        CommandRow command = commands.get(row.observed.commandId());
        Optional<Bytes32> mint = command == null || command.execution == null
                ? Optional.empty() : TransferRecord.mintTransaction(command.execution.transactionHash());
        return new TransferRecord(row.observed, row.status, row.history, mint);
    }

    private static final class CommandRow {
        final TransferId transferId;
        final MintCommand command;
        final List<Signature> signatures;
        final long confirmationSequence;
        final TreeMap<Integer, RelayAttempt> attempts = new TreeMap<>();
        CommandRecord.Status status = CommandRecord.Status.PENDING;
        CommandRecord.Execution execution;
        String failureReason = "";

        CommandRow(TransferId transferId, MintCommand command, List<Signature> signatures, long confirmationSequence) {
            this.transferId = transferId;
            this.command = command;
            this.signatures = signatures;
            this.confirmationSequence = confirmationSequence;
        }

        CommandRecord record() {
            return new CommandRecord(transferId, command, signatures, status, List.copyOf(attempts.values()), Optional.ofNullable(execution), failureReason);
        }
    }

    /** Position after a transfer in newest-first order: its observation time and sequence. */
    private record TransferCursor(Instant observedAt, long sequence) {
        private static final String PREFIX = "transfers:";

        boolean isBefore(TransferRow row) {
            int byTime = row.observedAt.compareTo(observedAt);
            return byTime < 0 || (byTime == 0 && row.sequence < sequence);
        }

        String format() {
            return PREFIX + ChronoUnit.MICROS.between(Instant.EPOCH, observedAt) + ":" + sequence;
        }

        static TransferCursor parse(String text) {
            String[] parts = text.startsWith(PREFIX) ? text.substring(PREFIX.length()).split(":", -1) : new String[0];
            try {
                if (parts.length == 2) {
                    long micros = Long.parseLong(parts[0]);
                    long sequence = Long.parseLong(parts[1]);
                    if (sequence > 0) {
                        return new TransferCursor(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), sequence);
                    }
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("not a cursor of the transfer listing: " + abbreviate(text));
        }
    }

    /** Position after an entry of an append-only listing: its sequence. */
    private static final class SequenceCursor {
        private SequenceCursor() {}

        static String format(String listing, long sequence) {
            return listing + ":" + sequence;
        }

        static long parse(String listing, String text) {
            String prefix = listing + ":";
            if (text.startsWith(prefix)) {
                try {
                    long sequence = Long.parseLong(text.substring(prefix.length()));
                    if (sequence > 0) {
                        return sequence;
                    }
                } catch (NumberFormatException e) {
                    // reported below
                }
            }
            throw new IllegalArgumentException("not a cursor of the " + listing + " listing: " + abbreviate(text));
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }
}
