package io.astraclear.ports.netting;

import io.astraclear.ports.domain.BankId;
import java.math.BigInteger;
import java.util.Collections;
import java.util.HashMap;
import java.util.SortedMap;
import java.util.TreeMap;

/** Net positions of a set of balances: per bank, what it is owed minus what it owes. */
public final class NetPositions {
    private NetPositions() {}

    /** Per bank in bank-id order; a bank appears when it is debtor or creditor of some balance. */
    public static SortedMap<BankId, BigInteger> of(BalanceSnapshot balances) {
        // Sums in a hash map (order does not matter for sums), sorted once at the end.
        HashMap<BankId, BigInteger> positions = new HashMap<>();
        for (Obligation obligation : balances.obligations()) {
            BigInteger amount = obligation.amount().value();
            positions.merge(obligation.creditor(), amount, BigInteger::add);
            positions.merge(obligation.debtor(), amount.negate(), BigInteger::add);
        }
        return Collections.unmodifiableSortedMap(new TreeMap<>(positions));
    }

    /** The sum over all banks; zero for any well-formed set of balances. */
    public static BigInteger sum(SortedMap<BankId, BigInteger> positions) {
        return positions.values().stream().reduce(BigInteger.ZERO, BigInteger::add);
    }
}
