package io.astraclear.node.e2e;

import io.astraclear.node.engine.CommitListener;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.MintCommand;
import io.astraclear.ports.netting.BalanceSnapshot;
import io.astraclear.ports.netting.Obligation;
import io.astraclear.ports.state.BlockEffects;
import io.astraclear.ports.state.HubEvent;
import io.astraclear.ports.state.HubStore;
import io.astraclear.ports.state.HubTransfer;
import io.astraclear.ports.state.JournalEntry;
import io.astraclear.ports.state.NettingRecord;
import io.astraclear.ports.state.EntryType;
import io.astraclear.ports.state.TransferStatus;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The ledger invariants, checked on the state after every committed block: a commit listener keeps
 * each block's effects (cheaply, on the hub's context) and {@link #check()} replays them in height
 * order on the test's thread. The first block it hears of starts it from the stored journal before
 * that block, so it may be attached to a running node.
 *
 * <p>Per block: heights, event ids and journal sequences consecutive; every journal entry applied
 * in order with no balance below zero after any of them; the balances the block reports equal the
 * journal's sums, and every pair the journal changed is reported; net positions sum to zero; a
 * netting round's burns leave every net position unchanged and no balance higher, and its record
 * shows exactly the balances before and after its burns; every ISSUE names a transfer issued once,
 * and every confirmed transfer's image points at its one ISSUE of its amount, from its source to
 * its destination; an EXECUTED transfer carries its mint.
 */
final class LedgerChecker implements CommitListener {
    private record Pair(BankId debtor, BankId creditor) implements Comparable<Pair> {
        @Override
        public int compareTo(Pair other) {
            int byDebtor = debtor.compareTo(other.debtor);
            return byDebtor != 0 ? byDebtor : creditor.compareTo(other.creditor);
        }
    }

    private static final int MAX_VIOLATIONS = 50;

    private final HubStore store;
    private final ConcurrentLinkedQueue<BlockEffects> committed = new ConcurrentLinkedQueue<>();
    private final TreeMap<Pair, BigInteger> balances = new TreeMap<>();
    private final Map<String, Integer> issuesByReference = new HashMap<>();
    private final Map<Long, JournalEntry> issuesBySequence = new HashMap<>();
    private final List<String> violations = new ArrayList<>();
    private boolean started;
    private long lastHeight;
    private long lastEventId;
    private long nextJournalSequence;
    private long blocksChecked;
    private long roundsChecked;
    private long confirmationsChecked;

    LedgerChecker(HubStore store) {
        this.store = store;
    }

    @Override
    public void committed(BlockEffects block) {
        committed.add(block);
    }

    /** Checks every block committed since the last call, in order. */
    synchronized void check() {
        for (BlockEffects block = committed.poll(); block != null; block = committed.poll()) {
            if (!started) {
                startBefore(block);
            }
            verify(block);
            blocksChecked++;
        }
    }

    synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    synchronized long blocksChecked() {
        return blocksChecked;
    }

    synchronized long roundsChecked() {
        return roundsChecked;
    }

    synchronized long confirmationsChecked() {
        return confirmationsChecked;
    }

    /** The balances as the journal sums them after the last checked block. */
    synchronized BalanceSnapshot balances() {
        List<Obligation> obligations = new ArrayList<>();
        balances.forEach((pair, amount) -> obligations.add(new Obligation(pair.debtor(), pair.creditor(), new io.astraclear.ports.domain.Amount(amount))));
        return BalanceSnapshot.canonical(obligations);
    }

    private void startBefore(BlockEffects first) {
        long firstSequence = first.head().nextJournalSequence() - first.journal().size();
        long expected = 1;
        for (JournalEntry entry : StoreListings.journal(store)) {
            if (entry.sequence() >= firstSequence) {
                break;
            }
            if (entry.sequence() != expected) {
                violation("stored journal: sequence " + entry.sequence() + " where " + expected + " was due");
            }
            expected = entry.sequence() + 1;
            apply(entry);
        }
        if (expected != firstSequence) {
            violation("stored journal ends at sequence " + (expected - 1) + " before block " + first.head().height() + ", which starts at " + firstSequence);
        }
        lastHeight = first.head().height() - 1;
        lastEventId = first.head().nextEventId() - 1 - first.events().size();
        nextJournalSequence = firstSequence;
        started = true;
    }

    private void verify(BlockEffects block) {
        long height = block.head().height();
        if (height != lastHeight + 1) {
            violation("block " + height + " follows block " + lastHeight);
        }
        lastHeight = height;
        for (HubEvent event : block.events()) {
            if (event.id() != lastEventId + 1 || event.height() != height) {
                violation("block " + height + ": event " + event.id() + " at height " + event.height() + " follows event " + lastEventId);
            }
            lastEventId = event.id();
        }
        if (block.head().nextEventId() != lastEventId + 1) {
            violation("block " + height + ": head's next event id " + block.head().nextEventId() + ", last event " + lastEventId);
        }

        Map<Pair, BigInteger> atStart = new TreeMap<>(balances);
        Map<Long, NettingRecord> rounds = new HashMap<>();
        block.nettingRounds().forEach(round -> rounds.put(round.roundId(), round));
        Map<BankId, BigInteger> positionsBeforeRound = null;
        Map<Pair, BigInteger> balancesBeforeRound = null;
        String roundInProgress = null;
        for (JournalEntry entry : block.journal()) {
            if (entry.sequence() != nextJournalSequence || entry.height() != height) {
                violation("block " + height + ": journal entry " + entry.sequence() + " at height " + entry.height() + " where " + nextJournalSequence
                        + " was due");
            }
            nextJournalSequence = entry.sequence() + 1;
            if (!Objects.equals(roundInProgress, entry.type() == EntryType.NETTING_BURN ? entry.reference() : null)) {
                if (roundInProgress != null) {
                    endRound(roundInProgress, positionsBeforeRound, balancesBeforeRound, rounds, height);
                }
                roundInProgress = entry.type() == EntryType.NETTING_BURN ? entry.reference() : null;
                positionsBeforeRound = netPositions();
                balancesBeforeRound = new TreeMap<>(balances);
            }
            apply(entry);
        }
        if (roundInProgress != null) {
            endRound(roundInProgress, positionsBeforeRound, balancesBeforeRound, rounds, height);
        }
        if (block.head().nextJournalSequence() != nextJournalSequence) {
            violation("block " + height + ": head's next journal sequence " + block.head().nextJournalSequence() + ", journal at " + nextJournalSequence);
        }
        for (NettingRecord round : rounds.values()) {
            // a round that burned nothing: its record still must not show a change
            if (!round.before().equals(round.after())) {
                violation("block " + height + ": netting round " + round.roundId() + " changed balances without a NETTING_BURN entry");
            }
            roundsChecked++;
        }

        Map<Pair, BigInteger> reported = new TreeMap<>();
        for (Obligation obligation : block.balances()) {
            Pair pair = new Pair(obligation.debtor(), obligation.creditor());
            reported.put(pair, obligation.amount().value());
            BigInteger summed = balances.getOrDefault(pair, BigInteger.ZERO);
            if (!summed.equals(obligation.amount().value())) {
                violation("block " + height + ": reports " + pair + " at " + obligation.amount() + ", the journal sums " + summed);
            }
        }
        TreeMap<Pair, BigInteger> touched = new TreeMap<>(atStart);
        balances.keySet().forEach(pair -> touched.putIfAbsent(pair, BigInteger.ZERO));
        touched.forEach((pair, before) -> {
            BigInteger now = balances.getOrDefault(pair, BigInteger.ZERO);
            if (!now.equals(before) && !reported.containsKey(pair)) {
                violation("block " + height + ": the journal moved " + pair + " from " + before + " to " + now + ", the block does not report it");
            }
        });
        BigInteger positionSum = netPositions().values().stream().reduce(BigInteger.ZERO, BigInteger::add);
        if (positionSum.signum() != 0) {
            violation("block " + height + ": net positions sum to " + positionSum);
        }

        for (HubTransfer transfer : block.transfers()) {
            checkTransfer(transfer, height);
        }
    }

    private void checkTransfer(HubTransfer transfer, long height) {
        String id = transfer.transferId().toString();
        if (transfer.confirmation().isEmpty()) {
            if (issuesByReference.containsKey(id)) {
                violation("block " + height + ": transfer " + id + " has an ISSUE but no confirmation");
            }
            return;
        }
        confirmationsChecked++;
        MintCommand command = transfer.confirmation().get().command();
        JournalEntry issue = issuesBySequence.get(transfer.confirmation().get().journalSequence());
        if (issue == null || !issue.reference().equals(id) || !issue.issuer().equals(command.sourceBank()) || !issue.holder().equals(command.destinationBank())
                || !issue.amount().equals(command.amount())) {
            violation("block " + height + ": confirmed transfer " + id + " points at journal entry " + transfer.confirmation().get().journalSequence()
                    + ", which is " + issue);
        }
        if (issuesByReference.getOrDefault(id, 0) != 1) {
            violation("block " + height + ": confirmed transfer " + id + " was issued " + issuesByReference.getOrDefault(id, 0) + " times");
        }
        if (transfer.status() == TransferStatus.EXECUTED && transfer.mint().isEmpty()) {
            violation("block " + height + ": transfer " + id + " is EXECUTED without its mint");
        }
    }

    private void endRound(String reference, Map<BankId, BigInteger> positionsBefore, Map<Pair, BigInteger> balancesBefore, Map<Long, NettingRecord> rounds,
            long height) {
        if (!positionsBefore.equals(netPositions())) {
            violation("block " + height + ": netting round " + reference + " changed net positions from " + positionsBefore + " to " + netPositions());
        }
        balances.forEach((pair, after) -> {
            if (after.compareTo(balancesBefore.getOrDefault(pair, BigInteger.ZERO)) > 0) {
                violation("block " + height + ": netting round " + reference + " increased " + pair + " from " + balancesBefore.get(pair) + " to " + after);
            }
        });
        NettingRecord round = rounds.remove(Long.parseLong(reference));
        if (round == null) {
            violation("block " + height + ": NETTING_BURN entries of round " + reference + " without the round's record");
            return;
        }
        roundsChecked++;
        if (!snapshot(balancesBefore).equals(round.before()) || !snapshot(balances).equals(round.after())) {
            violation("block " + height + ": netting round " + reference + " records " + round.before() + " -> " + round.after() + ", the journal "
                    + snapshot(balancesBefore) + " -> " + snapshot(balances));
        }
    }

    private void apply(JournalEntry entry) {
        Pair pair = new Pair(entry.issuer(), entry.holder());
        BigInteger amount = entry.amount().value();
        BigInteger now = entry.type() == EntryType.ISSUE ? balances.getOrDefault(pair, BigInteger.ZERO).add(amount)
                : balances.getOrDefault(pair, BigInteger.ZERO).subtract(amount);
        if (now.signum() < 0) {
            violation("journal entry " + entry.sequence() + " (" + entry.type() + " " + amount + " of " + pair + ") takes the balance below zero: " + now);
        }
        if (now.signum() == 0) {
            balances.remove(pair);
        } else {
            balances.put(pair, now);
        }
        if (entry.type() == EntryType.ISSUE) {
            int issues = issuesByReference.merge(entry.reference(), 1, Integer::sum);
            if (issues > 1) {
                violation("transfer " + entry.reference() + " issued a second time by journal entry " + entry.sequence());
            }
            issuesBySequence.put(entry.sequence(), entry);
        }
    }

    private Map<BankId, BigInteger> netPositions() {
        Map<BankId, BigInteger> positions = new TreeMap<>();
        balances.forEach((pair, amount) -> {
            positions.merge(pair.creditor(), amount, BigInteger::add);
            positions.merge(pair.debtor(), amount.negate(), BigInteger::add);
        });
        positions.values().removeIf(position -> position.signum() == 0);
        return positions;
    }

    private static BalanceSnapshot snapshot(Map<Pair, BigInteger> balances) {
        List<Obligation> obligations = new ArrayList<>();
        balances.forEach((pair, amount) -> obligations.add(new Obligation(pair.debtor(), pair.creditor(), new io.astraclear.ports.domain.Amount(amount))));
        return BalanceSnapshot.canonical(obligations);
    }

    private void violation(String text) {
        if (violations.size() < MAX_VIOLATIONS) {
            violations.add(text);
        }
    }
}
