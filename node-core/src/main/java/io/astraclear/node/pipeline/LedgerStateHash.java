package io.astraclear.node.pipeline;

import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.netting.BalanceSnapshot;
import io.astraclear.ports.storage.NettingRound;
import io.astraclear.ports.storage.Page;
import io.astraclear.ports.storage.StoragePort;
import io.vertx.core.Future;
import java.util.Optional;

/**
 * A digest of a node's ledger that two nodes with the same ledger share, whatever order they
 * wrote it in: {@code keccak256(abi.encode(balancesDigest, nettingRounds, lastRoundInputDigest))}
 * with the balances in canonical order ({@link NettingService#digest}). Journal sequence numbers
 * and times differ between nodes and are left out.
 */
public record LedgerStateHash(Bytes32 stateHash, Bytes32 balancesDigest, long nettingRounds, Optional<Bytes32> lastRoundInputDigest) {
    private static final Bytes32 NO_ROUND = new Bytes32(new byte[32]);

    public static LedgerStateHash of(BalanceSnapshot balances, long nettingRounds, Optional<Bytes32> lastRoundInputDigest) {
        Bytes32 balancesDigest = NettingService.digest(balances);
        Bytes32 hash = new Words().word(balancesDigest).word(nettingRounds).word(lastRoundInputDigest.orElse(NO_ROUND)).keccak();
        return new LedgerStateHash(hash, balancesDigest, nettingRounds, lastRoundInputDigest);
    }

    /** Reads the balances and every netting round (pages of {@link Page#MAX_LIMIT}) and hashes them. */
    public static Future<LedgerStateHash> read(StoragePort storage) {
        return Future.fromCompletionStage(storage.balances())
                .compose(balances -> lastRound(storage, Optional.empty(), 0, Optional.empty())
                        .map(rounds -> of(balances, rounds.count(), rounds.last().map(NettingRound::inputDigest))));
    }

    private record Rounds(long count, Optional<NettingRound> last) {}

    private static Future<Rounds> lastRound(StoragePort storage, Optional<String> cursor, long counted, Optional<NettingRound> last) {
        return Future.fromCompletionStage(storage.nettingRounds(cursor, Page.MAX_LIMIT)).compose(page -> {
            long count = counted + page.items().size();
            Optional<NettingRound> newest = page.items().isEmpty() ? last : Optional.of(page.items().get(page.items().size() - 1));
            return page.nextCursor().isPresent()
                    ? lastRound(storage, page.nextCursor(), count, newest)
                    : Future.succeededFuture(new Rounds(count, newest));
        });
    }
}
