package io.astraclear.ports.state;

import io.astraclear.ports.domain.BankId;
import java.time.Instant;
import java.util.Optional;

/**
 * Filters for listing transfers, newest first. {@code bank} matches the source or the destination.
 * {@code cursor} comes from the previous page.
 */
public record TransferQuery(
        Optional<TransferStatus> status,
        Optional<BankId> bank,
        Optional<Instant> observedFrom,
        Optional<Instant> observedTo,
        Optional<String> cursor,
        int limit) {

    public TransferQuery {
        status = status == null ? Optional.empty() : status;
        bank = bank == null ? Optional.empty() : bank;
        observedFrom = observedFrom == null ? Optional.empty() : observedFrom;
        observedTo = observedTo == null ? Optional.empty() : observedTo;
        cursor = cursor == null ? Optional.empty() : cursor;
        Page.checkLimit(limit);
    }

    public static TransferQuery firstPage(int limit) {
        return new TransferQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), limit);
    }
}
