package io.astraclear.adapters.postgres;

import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.CommandId;
import io.astraclear.ports.domain.TransferId;
import io.astraclear.ports.netting.BalanceSnapshot;
import io.astraclear.ports.netting.Obligation;
import io.astraclear.ports.storage.CommandRecord;
import io.astraclear.ports.storage.EntryType;
import io.astraclear.ports.storage.LedgerEntry;
import io.astraclear.ports.storage.NettingRound;
import io.astraclear.ports.storage.TransferStatus;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one batch's writes need to know, read inside its transaction under the writer lock, plus
 * the effects of the writes planned so far in the batch: the view the planner decides on. Only
 * rows the batch's writes name are loaded (all balances when a write needs them).
 */
final class BatchState {
    /** What a transfer's rules need: the fields a command must match, its status, whether it was confirmed. */
    static final class TransferView {
        final TransferId transferId;
        final CommandId commandId;
        final BankId sourceBank;
        final BankId destinationBank;
        final Address recipient;
        final Amount amount;
        TransferStatus status;
        boolean confirmed;

        TransferView(TransferId transferId, CommandId commandId, BankId sourceBank, BankId destinationBank, Address recipient, Amount amount,
                     TransferStatus status, boolean confirmed) {
            this.transferId = transferId;
            this.commandId = commandId;
            this.sourceBank = sourceBank;
            this.destinationBank = destinationBank;
            this.recipient = recipient;
            this.amount = amount;
            this.status = status;
            this.confirmed = confirmed;
        }
    }

    static final class CommandView {
        final CommandId commandId;
        final TransferId transferId;
        CommandRecord.Status status;
        /** Relay attempt numbers already stored, among those the batch writes. */
        final Set<Integer> attempts = new HashSet<>();

        CommandView(CommandId commandId, TransferId transferId, CommandRecord.Status status) {
            this.commandId = commandId;
            this.transferId = transferId;
            this.status = status;
        }
    }

    record Pair(BankId issuer, BankId holder) {}

    record QuarantineKey(BankId bank, Bytes32 transactionHash, int logIndex) {
        @Override
        public String toString() {
            return bank + ":" + transactionHash + ":" + logIndex;
        }
    }

    final Map<TransferId, TransferView> transfers = new HashMap<>();
    final Map<CommandId, TransferView> transfersByCommand = new HashMap<>();
    final Map<CommandId, CommandView> commands = new HashMap<>();
    /** Validators with a stored vote (counted or evidence), per digest. */
    final Map<Bytes32, Set<Address>> votersByDigest = new HashMap<>();
    /** The digest each validator's vote counts for, per command. */
    final Map<CommandId, Map<Address, Bytes32>> countedDigests = new HashMap<>();
    /** Digests whose command this batch already writes to vote_commands. */
    final Set<Bytes32> digestsWritten = new HashSet<>();
    final Map<String, LedgerEntry> settlements = new HashMap<>();
    final Map<BankId, Long> checkpointBlocks = new HashMap<>();
    final Set<QuarantineKey> quarantined = new HashSet<>();
    /** Null unless a write of the batch needs balances; then every pair, zeros included. */
    Map<Pair, BigInteger> balances;
    Optional<NettingRound> latestRound = Optional.empty();

    /** Assigned here, not by the database, because the port returns them. */
    long nextEntrySequence;
    long nextRoundId;

    final BatchRows rows = new BatchRows();

    void addTransfer(TransferView view) {
        transfers.put(view.transferId, view);
        transfersByCommand.put(view.commandId, view);
    }

    boolean hasVote(Bytes32 digest, Address validator) {
        return votersByDigest.getOrDefault(digest, Set.of()).contains(validator);
    }

    Optional<Bytes32> countedDigest(CommandId commandId, Address validator) {
        return Optional.ofNullable(countedDigests.getOrDefault(commandId, Map.of()).get(validator));
    }

    BigInteger balance(BankId issuer, BankId holder) {
        return requireBalances().getOrDefault(new Pair(issuer, holder), BigInteger.ZERO);
    }

    BalanceSnapshot balanceSnapshot() {
        List<Obligation> obligations = new ArrayList<>();
        requireBalances().forEach((pair, amount) -> {
            if (amount.signum() > 0) {
                obligations.add(new Obligation(pair.issuer(), pair.holder(), new Amount(amount)));
            }
        });
        return BalanceSnapshot.canonical(obligations);
    }

    private Map<Pair, BigInteger> requireBalances() {
        if (balances == null) {
            throw new IllegalStateException("balances were not loaded for this batch");
        }
        return balances;
    }

    /** Carries one planned write's effects into this view and the batch's rows. */
    void apply(List<Effect> effects) {
        for (Effect effect : effects) {
            apply(effect);
        }
    }

    private void apply(Effect effect) {
        switch (effect) {
            case Effect.InsertTransfer insert -> {
                var transfer = insert.transfer();
                CommandId commandId = insert.commandId();
                addTransfer(new TransferView(transfer.transferId(), commandId, transfer.sourceBank(), transfer.destinationBank(),
                        transfer.recipient(), transfer.amount(), TransferStatus.OBSERVED, false));
                rows.transfers.add(new BatchRows.TransferRow(transfer, commandId, insert.at()));
                rows.statusChanges.add(new BatchRows.StatusChangeRow(transfer.transferId(), TransferStatus.OBSERVED, insert.at(), ""));
            }
            case Effect.ChangeStatus change -> {
                transfers.get(change.transferId()).status = change.status();
                rows.statusChanges.add(new BatchRows.StatusChangeRow(change.transferId(), change.status(), change.at(), change.reason()));
                rows.finalStatuses.put(change.transferId(), change.status());
            }
            case Effect.InsertQuarantined insert -> {
                var log = insert.log();
                quarantined.add(new QuarantineKey(log.sourceBank(), log.transactionHash(), log.logIndex()));
                rows.quarantined.add(new BatchRows.QuarantinedRow(log, insert.at()));
            }
            case Effect.AdvanceCheckpoint advance -> {
                checkpointBlocks.put(advance.checkpoint().bank(), advance.checkpoint().blockNumber());
                rows.checkpoints.put(advance.checkpoint().bank(), advance);
            }
            case Effect.InsertVote insert -> {
                var vote = insert.vote();
                if (digestsWritten.add(vote.digest())) {
                    rows.voteCommands.add(new BatchRows.VoteCommandRow(vote.digest(), vote.command()));
                }
                votersByDigest.computeIfAbsent(vote.digest(), digest -> new HashSet<>()).add(vote.validator());
                if (insert.counted()) {
                    countedDigests.computeIfAbsent(vote.commandId(), id -> new HashMap<>()).put(vote.validator(), vote.digest());
                }
                rows.votes.add(new BatchRows.VoteRow(vote, insert.counted(), insert.at()));
            }
            case Effect.InsertCommand insert -> {
                commands.put(insert.command().commandId(), new CommandView(insert.command().commandId(), insert.transferId(), CommandRecord.Status.PENDING));
                transfers.get(insert.transferId()).confirmed = true;
                rows.commands.add(new BatchRows.CommandRow(insert.transferId(), insert.command(), insert.digest(), insert.signatures(), insert.at()));
            }
            case Effect.UpdateCommand update -> {
                commands.get(update.commandId()).status = update.status();
                rows.commandUpdates.merge(update.commandId(), update, (earlier, later) -> new Effect.UpdateCommand(later.commandId(), later.status(),
                        later.execution() != null ? later.execution() : earlier.execution(),
                        later.failureReason() != null ? later.failureReason() : earlier.failureReason(),
                        later.at()));
            }
            case Effect.InsertRelayAttempt insert -> {
                commands.get(insert.commandId()).attempts.add(insert.attempt().attempt());
                rows.relayAttempts.add(insert);
            }
            case Effect.AppendEntry append -> {
                LedgerEntry entry = append.entry();
                if (entry.sequence() != nextEntrySequence) {
                    throw new BatchCheckFailed("journal sequence " + entry.sequence() + " planned, " + nextEntrySequence + " next");
                }
                nextEntrySequence++;
                Pair pair = new Pair(entry.issuer(), entry.holder());
                BigInteger delta = entry.type() == EntryType.ISSUE ? entry.amount().value() : entry.amount().value().negate();
                BigInteger balance = balance(entry.issuer(), entry.holder()).add(delta);
                if (balance.signum() < 0 || balance.compareTo(Amount.MAX_UINT256) > 0) {
                    throw new BatchCheckFailed("ledger invariant broken: balance " + pair + " would become " + balance);
                }
                balances.put(pair, balance);
                if (entry.type() == EntryType.SETTLEMENT_BURN) {
                    settlements.put(entry.reference(), entry);
                }
                rows.entries.add(entry);
            }
            case Effect.InsertRound insert -> {
                if (insert.round().roundId() != nextRoundId) {
                    throw new BatchCheckFailed("netting round " + insert.round().roundId() + " planned, " + nextRoundId + " next");
                }
                nextRoundId++;
                latestRound = Optional.of(insert.round());
                rows.rounds.add(insert.round());
            }
            case Effect.Audit audit -> rows.audit.add(audit);
        }
    }
}
