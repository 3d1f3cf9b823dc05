package io.astraclear.ports.hub;

import io.astraclear.ports.domain.BankId;

/** A mint batch of the hub: the destination bank and the batch's number there (1, 2, ... per destination). */
public record BatchId(BankId bank, long number) implements Comparable<BatchId> {
    public BatchId {
        if (bank == null) {
            throw new IllegalArgumentException("batch id needs a bank");
        }
        if (number < 1) {
            throw new IllegalArgumentException("batch number must be at least 1, got " + number);
        }
    }

    /** {@code BANK_B/17}. */
    public static BatchId parse(String text) {
        int slash = text == null ? -1 : text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("batch id must look like BANK_B/17");
        }
        String number = text.substring(slash + 1);
        if (!number.matches("[1-9][0-9]{0,17}")) {
            throw new IllegalArgumentException("batch number must be a positive whole number: " + number);
        }
        return new BatchId(BankId.of(text.substring(0, slash)), Long.parseLong(number));
    }

    @Override
    public int compareTo(BatchId other) {
        int byBank = bank.compareTo(other.bank);
        return byBank != 0 ? byBank : Long.compare(number, other.number);
    }

    @Override
    public String toString() {
        return bank + "/" + number;
    }
}
