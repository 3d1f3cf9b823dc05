package io.astraclear.adapters.postgres;

import static io.astraclear.ports.storage.StorageFixtures.BANK_A;
import static io.astraclear.ports.storage.StorageFixtures.BANK_B;
import static io.astraclear.ports.storage.StorageFixtures.BANK_C;

import io.astraclear.ports.chain.ObservedTransfer;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.storage.StorageFixtures;
import java.math.BigInteger;
import java.util.Map;
import java.util.TreeMap;

/** The crash test's stream of writes, the same in the writer process and in the test that checks it. */
final class CrashWorkload {
    static final int VALIDATORS = 3;
    private static final BankId[] BANKS = {BANK_A, BANK_B, BANK_C};

    private CrashWorkload() {}

    /** Transfer {@code n} (from 1): banks in rotation, observed in block {@code n} of its source chain. */
    static ObservedTransfer transfer(int n) {
        return StorageFixtures.transfer(BANKS[n % 3], BANKS[(n + 1) % 3], Amount.of(1 + n % 97), n, n);
    }

    /** Every tenth transfer is half settled once confirmed. */
    static boolean settled(int n) {
        return n % 10 == 0;
    }

    static Amount settlement(int n) {
        return Amount.of(Math.max(1, (1 + n % 97) / 2));
    }

    static String settlementReference(int n) {
        return "settle-" + n;
    }

    /** Balances once transfers 1..total are all confirmed and settled: {@code issuer>holder -> amount}. */
    static Map<String, BigInteger> expectedBalances(int total) {
        Map<String, BigInteger> balances = new TreeMap<>();
        for (int n = 1; n <= total; n++) {
            ObservedTransfer transfer = transfer(n);
            String pair = transfer.sourceBank() + ">" + transfer.destinationBank();
            balances.merge(pair, transfer.amount().value(), BigInteger::add);
            if (settled(n)) {
                balances.merge(pair, settlement(n).value().negate(), BigInteger::add);
            }
        }
        return balances;
    }
}
