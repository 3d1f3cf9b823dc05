package io.astraclear.adapters.besu;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Polls for a transaction's receipt at a short interval (web3j's default processor sleeps 15 s),
 * until it arrives, the node no longer knows the transaction (dropped from its pool, e.g. after a
 * restart), the node holds it but will never mine it ({@link Stranded}), or the deadline passes.
 * All failures are transient: the command's retry (or, when stranded, a replacement) decides.
 */
final class ReceiptWatcher {
    /** Asks whether the node still knows a missing transaction every this many polls. */
    private static final int KNOWN_CHECK_EVERY_POLLS = 10;

    private final ChainRpc rpc;
    private final Delays delays;
    private final Duration pollInterval;
    private final Duration timeout;

    /** The transaction will not be mined as sent; its nonce is free again or taken. */
    static class NotMined extends java.io.IOException {
        private static final long serialVersionUID = 1L;

        NotMined(String message) {
            super(message);
        }
    }

    /**
     * The node holds the transaction but does not count it as executable although nothing precedes
     * it: its sender's latest nonce is the transaction's, and its pending nonce is not above it.
     * anvil 1.7.1 with instant mining gets there under a burst: a transaction validated against the
     * state before a block commits, and inserted after that block pruned its predecessor's marker,
     * lands in the pool's queued set waiting for a predecessor that will never come (txpool_status
     * shows it queued, eth_getTransactionByHash knows it, the pending nonce equals the latest one),
     * and every later nonce queues behind it. Sending another transaction at the same nonce
     * unblocks the sender; {@link CommandSubmitter} does that with bumped fees.
     */
    static final class Stranded extends NotMined {
        private static final long serialVersionUID = 1L;
        private final transient org.web3j.protocol.core.methods.response.Transaction transaction;

        Stranded(org.web3j.protocol.core.methods.response.Transaction transaction) {
            super("the node holds " + transaction.getHash() + " (nonce " + transaction.getNonce()
                    + ") but will not mine it: the sender's latest and pending nonces are both its nonce");
            this.transaction = transaction;
        }

        org.web3j.protocol.core.methods.response.Transaction transaction() {
            return transaction;
        }
    }

    ReceiptWatcher(ChainRpc rpc, Delays delays, Duration pollInterval, Duration timeout) {
        this.rpc = rpc;
        this.delays = delays;
        this.pollInterval = pollInterval;
        this.timeout = timeout;
    }

    CompletableFuture<TransactionReceipt> await(String transactionHash) {
        return poll(transactionHash, System.nanoTime() + timeout.toNanos(), 1);
    }

    private CompletableFuture<TransactionReceipt> poll(String transactionHash, long deadlineNanos, int round) {
        return rpc.receipt(transactionHash).thenCompose(receipt -> {
            if (receipt.isPresent()) {
                return CompletableFuture.completedFuture(receipt.get());
            }
            if (System.nanoTime() - deadlineNanos > 0) {
                return CompletableFuture.failedFuture(new NotMined("no receipt for " + transactionHash + " within " + timeout));
            }
            CompletableFuture<Void> stillKnown = round % KNOWN_CHECK_EVERY_POLLS == 0
                    ? rpc.transaction(transactionHash).thenCompose(known -> {
                        if (known.isEmpty()) {
                            throw new java.util.concurrent.CompletionException(
                                    new NotMined("the node dropped " + transactionHash + " (no longer in its pool)"));
                        }
                        return known.get().getBlockNumberRaw() == null ? notStranded(known.get()) : CompletableFuture.completedFuture(null);
                    })
                    : CompletableFuture.completedFuture(null);
            return stillKnown.thenCompose(known -> delays.after(pollInterval))
                    .thenCompose(elapsed -> poll(transactionHash, deadlineNanos, round + 1));
        });
    }

    /** Fails with {@link Stranded} when the node holds the pending transaction but does not count it as executable. */
    private CompletableFuture<Void> notStranded(org.web3j.protocol.core.methods.response.Transaction pending) {
        io.astraclear.ports.domain.Address sender = io.astraclear.ports.domain.Address.of(pending.getFrom());
        java.math.BigInteger nonce = pending.getNonce();
        return rpc.latestNonce(sender).thenCombine(rpc.pendingNonce(sender), (latest, pendingNonce) -> {
            if (latest.equals(nonce) && pendingNonce.compareTo(nonce) <= 0) {
                throw new java.util.concurrent.CompletionException(new Stranded(pending));
            }
            return null;
        });
    }
}
