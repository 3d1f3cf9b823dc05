package io.astraclear.adapters.besu;

import io.astraclear.ports.domain.Address;
import java.math.BigInteger;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.utils.Numeric;

/**
 * Signs and sends the relayer's transactions one at a time, in nonce order, so that concurrent
 * submissions get distinct, gap-free nonces. The next nonce is kept locally, seeded from
 * {@code eth_getTransactionCount(pending)} and re-read whenever it may be wrong: after "nonce too
 * low", a nonce clash in the pool, a send whose fate is unknown, or a transaction the node dropped.
 * One relayer key is meant to be used by one adapter at a time.
 */
final class SubmissionLane {
    private static final Logger LOG = LoggerFactory.getLogger(SubmissionLane.class);
    /** Nonce clashes tolerated within one send before it fails (and the command's retry takes over). */
    private static final int MAX_NONCE_CLASHES = 4;
    private static final long UNKNOWN = -1;

    private final ChainRpc rpc;
    private final Credentials relayer;
    private final Address relayerAddress;
    private final long chainId;

    /** Only touched by lane steps, which run strictly one after another. */
    private long nextNonce = UNKNOWN;
    private volatile boolean resyncRequested;
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

    /** A transaction the node accepted (or already had). */
    record Sent(String transactionHash, long nonce) {}

    SubmissionLane(ChainRpc rpc, Credentials relayer, long chainId) {
        this.rpc = rpc;
        this.relayer = relayer;
        this.relayerAddress = Address.of(relayer.getAddress());
        this.chainId = chainId;
    }

    Address relayerAddress() {
        return relayerAddress;
    }

    /** The local nonce may be ahead of the node (dropped transactions, a restarted node): re-read it before the next send. */
    void requestResync() {
        resyncRequested = true;
    }

    /**
     * Signs and sends after every earlier send of this lane finished. {@code maybeSent} hears the hash
     * of a transaction whose send failed in transport: the node may have it, and the caller must look
     * for it before sending the command again.
     */
    CompletableFuture<Sent> send(Address to, String data, BigInteger gasLimit, FeeOracle.Fees fees, Consumer<String> maybeSent) {
        CompletableFuture<Sent> sent;
        synchronized (this) {
            sent = tail.thenCompose(previousDone -> sendInOrder(to, data, gasLimit, fees, maybeSent, 0));
            tail = sent.handle((ignored, failure) -> null);
        }
        return sent;
    }

    /**
     * Signs and sends a replacement at a nonce already used (a {@link ReceiptWatcher.Stranded}
     * transaction's), after every earlier send of this lane finished; the local next nonce is left
     * alone. "Nonce too low" means the nonce was mined meanwhile: the caller looks at its hashes.
     */
    CompletableFuture<Sent> resend(long nonce, Address to, String data, BigInteger gasLimit, FeeOracle.Fees fees, Consumer<String> maybeSent) {
        CompletableFuture<Sent> sent;
        synchronized (this) {
            sent = tail.thenCompose(previousDone -> {
                byte[] signed = sign(nonce, to, data, gasLimit, fees);
                String transactionHash = Numeric.toHexString(Hash.sha3(signed));
                return rpc.sendRawTransaction(Numeric.toHexString(signed)).handle((reported, failure) -> {
                    RpcFailure rpcFailure = failure == null ? null : RpcFailure.of(failure).orElse(null);
                    if (failure == null || rpcFailure != null && rpcFailure.isAlreadyKnown()) {
                        return new Sent(transactionHash, nonce);
                    }
                    if (rpcFailure == null || rpcFailure.isTransient()) {
                        maybeSent.accept(transactionHash);
                    }
                    throw new java.util.concurrent.CompletionException(RpcFailure.unwrap(failure));
                });
            });
            tail = sent.handle((ignored, failure) -> null);
        }
        return sent;
    }

    private CompletableFuture<Sent> sendInOrder(Address to, String data, BigInteger gasLimit, FeeOracle.Fees fees,
            Consumer<String> maybeSent, int clashes) {
        return nonce().thenCompose(nonce -> {
            byte[] signed = sign(nonce, to, data, gasLimit, fees);
            String transactionHash = Numeric.toHexString(Hash.sha3(signed));
            return rpc.sendRawTransaction(Numeric.toHexString(signed)).handle((reported, failure) -> {
                if (failure == null) {
                    nextNonce = nonce + 1;
                    return CompletableFuture.completedFuture(new Sent(transactionHash, nonce));
                }
                RpcFailure rpcFailure = RpcFailure.of(failure).orElse(null);
                if (rpcFailure != null && rpcFailure.isAlreadyKnown()) {
                    nextNonce = nonce + 1;
                    return CompletableFuture.completedFuture(new Sent(transactionHash, nonce));
                }
                boolean clash = rpcFailure != null
                        && (rpcFailure.isNonceTooLow() || rpcFailure.isReplacementUnderpriced() || rpcFailure.isNonceTooHigh());
                if (clash && clashes < MAX_NONCE_CLASHES) {
                    LOG.info("relayer {}: nonce {} refused ({}), re-reading the nonce", relayerAddress, nonce, rpcFailure.rpcMessage());
                    boolean taken = !rpcFailure.isNonceTooHigh();
                    return resync(taken ? nonce + 1 : 0).thenCompose(ignored -> sendInOrder(to, data, gasLimit, fees, maybeSent, clashes + 1));
                }
                if (rpcFailure == null || rpcFailure.isTransient()) {
                    // the transaction may or may not have reached the node: never assume the nonce is used or free
                    maybeSent.accept(transactionHash);
                    resyncRequested = true;
                } else if (clash) {
                    resyncRequested = true;
                }
                return CompletableFuture.<Sent>failedFuture(RpcFailure.unwrap(failure));
            }).thenCompose(next -> next);
        });
    }

    private CompletableFuture<Long> nonce() {
        if (nextNonce == UNKNOWN || resyncRequested) {
            return resync(0).thenApply(ignored -> nextNonce);
        }
        return CompletableFuture.completedFuture(nextNonce);
    }

    /** Sets the next nonce from the node's pending count, but not below {@code atLeast}. */
    private CompletableFuture<Void> resync(long atLeast) {
        resyncRequested = false;
        return rpc.pendingNonce(relayerAddress).handle((pending, failure) -> {
            if (failure != null) {
                resyncRequested = true;
                throw new java.util.concurrent.CompletionException(RpcFailure.unwrap(failure));
            }
            long synced = Math.max(pending.longValueExact(), atLeast);
            if (nextNonce != synced) {
                LOG.debug("relayer {}: next nonce {} -> {}", relayerAddress, nextNonce, synced);
            }
            nextNonce = synced;
            return null;
        });
    }

    private byte[] sign(long nonce, Address to, String data, BigInteger gasLimit, FeeOracle.Fees fees) {
        BigInteger n = BigInteger.valueOf(nonce);
        RawTransaction transaction = switch (fees) {
            case FeeOracle.Fees.Legacy legacy -> RawTransaction.createTransaction(n, legacy.gasPrice(), gasLimit, to.value(), data);
            case FeeOracle.Fees.Dynamic dynamic -> RawTransaction.createTransaction(
                    chainId, n, gasLimit, to.value(), BigInteger.ZERO, data, dynamic.maxPriorityFeePerGas(), dynamic.maxFeePerGas());
        };
        return TransactionEncoder.signMessage(transaction, chainId, relayer);
    }
}
