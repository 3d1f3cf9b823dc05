package io.astraclear.adapters.besu;

import io.astraclear.ports.chain.ChainEvents;
import io.astraclear.ports.chain.Checkpoint;
import io.astraclear.ports.chain.Observation;
import io.astraclear.ports.chain.ObservedTransfer;
import io.astraclear.ports.chain.QuarantinedLog;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes32;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.core.methods.response.Log;

/**
 * Reads the logs of a bank's Gateway ({@code TransferInitiated}) and Executor (command outcomes,
 * validator-set updates) after a checkpoint up to the final head (head minus finality depth), page
 * by adaptive page, both contracts in one {@code eth_getLogs} per page, and ends every read on a
 * block boundary: the checkpoint it returns covers every log of both contracts in every block up to
 * it, so resuming from it neither skips nor repeats a log.
 */
final class ChainLogReader {
    private static final Logger LOG = LoggerFactory.getLogger(ChainLogReader.class);

    private final ChainRpc rpc;
    private final BankId bank;
    private final int finalityDepth;
    private final ChainLogDecoder decoder;
    private final AdaptiveBlockRange range;
    private final int maxPagesPerRead;

    /** A decoded log with where it sits, for ordering and for checking its block is still canonical. */
    private record Entry(long block, int logIndex, String blockHash, DecodedLog decoded) {}

    /** The progress of one read: the next block to ask for, the logs so far, pages asked, whether any page succeeded. */
    private record Progress(long nextFrom, List<Entry> entries, int pages, boolean scannedAny) {}

    ChainLogReader(ChainRpc rpc, BankId bank, int finalityDepth, ChainLogDecoder decoder, LogPaging paging) {
        this.rpc = rpc;
        this.bank = bank;
        this.finalityDepth = finalityDepth;
        this.decoder = decoder;
        this.range = new AdaptiveBlockRange(paging);
        this.maxPagesPerRead = paging.maxPagesPerRead();
    }

    CompletableFuture<ChainEvents> read(Checkpoint after, int maxEvents) {
        if (!after.bank().equals(bank)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "checkpoint of bank " + after.bank() + " given to the chain of " + bank));
        }
        if (maxEvents < 1) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("maxEvents must be at least 1, got " + maxEvents));
        }
        return rpc.blockNumber().thenCompose(head -> rpc.block(after.blockNumber()).thenCompose(stored -> {
            if (stored.isEmpty() && head < after.blockNumber()) {
                // a node behind the checkpoint (restarted, still syncing, a lagging replica): nothing to say yet;
                // if its chain differs, the hash check below sees it once the chain is that high again
                LOG.warn("{}: the node's head {} is below the checkpoint block {}; delivering nothing", bank, head, after.blockNumber());
                return CompletableFuture.completedFuture(nothingAfter(after, head, Optional.empty()));
            }
            if (stored.isEmpty() || !stored.get().hash().equals(after.blockHash())) {
                String canonical = stored.map(b -> b.hash().value()).orElse("none");
                LOG.warn("{}: checkpoint block {} {} is no longer canonical (now {}); delivering nothing",
                        bank, after.blockNumber(), after.blockHash(), canonical);
                return CompletableFuture.completedFuture(nothingAfter(after, head, Optional.of(new ChainEvents.Reorg(after, canonical))));
            }
            long finalHead = head - finalityDepth;
            if (finalHead <= after.blockNumber()) {
                return CompletableFuture.completedFuture(nothingAfter(after, head, Optional.empty()));
            }
            return page(new Progress(after.blockNumber() + 1, List.of(), 0, false), finalHead, maxEvents)
                    .thenCompose(progress -> finish(after, progress, maxEvents, head));
        }));
    }

    /** Reads pages until the final head, {@code maxEvents} logs, or the page budget; keeps what it has on a later failure. */
    private CompletableFuture<Progress> page(Progress progress, long finalHead, int maxEvents) {
        if (progress.nextFrom() > finalHead || progress.entries().size() >= maxEvents || progress.pages() >= maxPagesPerRead) {
            return CompletableFuture.completedFuture(progress);
        }
        long from = progress.nextFrom();
        long to = Math.min(finalHead, from + range.blocks() - 1);
        return rpc.logs(decoder.contracts(), ChainLogDecoder.TOPICS, from, to).handle((logs, failure) -> {
            Progress tried = new Progress(from, progress.entries(), progress.pages() + 1, progress.scannedAny());
            if (failure != null) {
                Optional<RpcFailure> rpcFailure = RpcFailure.of(failure);
                if (rpcFailure.filter(RpcFailure::isLogQueryTooLarge).isPresent() && range.shrink()) {
                    LOG.debug("{}: eth_getLogs [{}, {}] refused as too large, span now {} blocks", bank, from, to, range.blocks());
                    return page(tried, finalHead, maxEvents);
                }
                if (progress.scannedAny()) {
                    LOG.warn("{}: eth_getLogs [{}, {}] failed, returning the blocks read so far: {}", bank, from, to,
                            RpcFailure.unwrap(failure).getMessage());
                    return CompletableFuture.completedFuture(progress);
                }
                return CompletableFuture.<Progress>failedFuture(RpcFailure.unwrap(failure));
            }
            if (logs.size() > range.maxResults() && range.shrink()) {
                LOG.debug("{}: eth_getLogs [{}, {}] returned {} logs, over the cap {}; span now {} blocks",
                        bank, from, to, logs.size(), range.maxResults(), range.blocks());
                return page(tried, finalHead, maxEvents);
            }
            range.succeeded(logs.size(), maxEvents - progress.entries().size());
            List<Entry> entries = new ArrayList<>(progress.entries());
            logs.stream().map(log -> entry(log, from, to)).sorted(Comparator.comparingLong(Entry::block).thenComparingInt(Entry::logIndex))
                    .forEach(entries::add);
            return page(new Progress(to + 1, entries, tried.pages(), true), finalHead, maxEvents);
        }).thenCompose(next -> next);
    }

    /**
     * A log of the page {@code [from, to]}. One whose block number is missing or outside the page (a
     * node bug) is quarantined by the decoder and placed at the page's end, so it can never hold the
     * checkpoint back.
     */
    private Entry entry(Log log, long from, long to) {
        DecodedLog decoded = decoder.decode(log);
        long block = decoded.blockNumber() >= from && decoded.blockNumber() <= to ? decoded.blockNumber() : to;
        return new Entry(block, decoded.logIndex(), log.getBlockHash(), decoded);
    }

    /** Cuts the entries at a block boundary within {@code maxEvents} and builds the checkpoint after the last whole block. */
    private CompletableFuture<ChainEvents> finish(Checkpoint after, Progress progress, int maxEvents, long head) {
        List<Entry> entries = progress.entries();
        long lastBlock = progress.nextFrom() - 1;
        if (entries.size() > maxEvents) {
            long firstLeftOut = entries.get(maxEvents).block();
            List<Entry> kept = entries.stream().filter(e -> e.block() < firstLeftOut).toList();
            if (kept.isEmpty()) { // a single block holds more than maxEvents logs: deliver it whole, never split a block
                long onlyBlock = entries.get(0).block();
                kept = entries.stream().filter(e -> e.block() == onlyBlock).toList();
            }
            entries = kept;
            lastBlock = kept.get(kept.size() - 1).block();
        }
        if (lastBlock <= after.blockNumber()) {
            return CompletableFuture.completedFuture(nothingAfter(after, head, Optional.empty()));
        }
        List<Entry> delivered = entries;
        long checkpointBlock = lastBlock;
        return rpc.block(checkpointBlock).thenApply(block -> {
            Bytes32 hash = block.map(ChainRpc.BlockRef::hash).orElseThrow(() -> RpcFailure.response("eth_getBlockByNumber", 0,
                    "block " + checkpointBlock + " vanished during the read (reorganisation?)", null).asUnchecked());
            boolean consistent = delivered.stream().filter(e -> e.block() == checkpointBlock).allMatch(e -> hash.value().equalsIgnoreCase(e.blockHash()));
            if (!consistent) {
                throw RpcFailure.response("eth_getLogs", 0, "block " + checkpointBlock + " changed during the read (reorganisation?)", null)
                        .asUnchecked();
            }
            List<ObservedTransfer> transfers = new ArrayList<>();
            List<Observation.ExecutorLog> executorLogs = new ArrayList<>();
            List<QuarantinedLog> quarantined = new ArrayList<>();
            for (Entry entry : delivered) {
                switch (entry.decoded()) {
                    case DecodedLog.Transfer t -> transfers.add(t.transfer());
                    case DecodedLog.ExecutorLog e -> executorLogs.add(e.observation());
                    case DecodedLog.Quarantined q -> quarantined.add(q.log());
                }
            }
            if (!quarantined.isEmpty()) {
                LOG.warn("{}: {} log(s) quarantined, first: {}", bank, quarantined.size(), quarantined.get(0).reason());
            }
            return new ChainEvents(transfers, executorLogs, quarantined, new Checkpoint(bank, checkpointBlock, hash), head, Optional.empty());
        });
    }

    private static ChainEvents nothingAfter(Checkpoint after, long head, Optional<ChainEvents.Reorg> reorg) {
        return new ChainEvents(List.of(), List.of(), List.of(), after, head, reorg);
    }
}
