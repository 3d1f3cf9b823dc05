package io.astraclear.adapters.besu;

import io.astraclear.ports.chain.QuarantinedLog;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes32;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.web3j.protocol.core.methods.response.Log;

/** What every decoder of the bank's logs checks first, and how a log it cannot accept is put in quarantine. */
final class RawLogs {
    /** A quarantined log keeps this much of its raw form for operators. */
    private static final int MAX_RAW_CHARS = 2_000;
    private static final Bytes32 MISSING_HASH = new Bytes32(new byte[32]);

    private RawLogs() {}

    /** Why a log cannot be delivered whatever its content: reorganised away, or without its position (pending). */
    static Optional<String> unusable(Log log) {
        if (log.isRemoved()) {
            return Optional.of("log marked removed by the node (reorganised away)");
        }
        if (log.getBlockNumberRaw() == null || log.getBlockHash() == null || log.getTransactionHash() == null
                || log.getLogIndexRaw() == null) {
            return Optional.of("log without block number, block hash, transaction hash or log index (pending?)");
        }
        return Optional.empty();
    }

    static boolean emittedBy(Log log, Address contract) {
        return log.getAddress() != null && contract.value().equals(log.getAddress().toLowerCase(Locale.ROOT));
    }

    /** The log in quarantine with {@code reason}; a missing position reads as block 0, index 0, a zero hash. */
    static DecodedLog.Quarantined quarantine(BankId bank, Log log, String reason) {
        long blockNumber = safe(() -> log.getBlockNumber().longValueExact(), 0L);
        Bytes32 transactionHash = safe(() -> Bytes32.of(log.getTransactionHash()), MISSING_HASH);
        int logIndex = safe(() -> log.getLogIndex().intValueExact(), 0);
        String raw = "address=" + log.getAddress() + " topics=" + log.getTopics() + " data=" + log.getData();
        return new DecodedLog.Quarantined(new QuarantinedLog(bank, blockNumber, transactionHash, logIndex, reason,
                raw.length() <= MAX_RAW_CHARS ? raw : raw.substring(0, MAX_RAW_CHARS - 3) + "..."));
    }

    private static <T> T safe(Supplier<T> read, T fallback) {
        try {
            T value = read.get();
            return value == null ? fallback : value;
        } catch (RuntimeException e) {
            return fallback;
        }
    }
}
