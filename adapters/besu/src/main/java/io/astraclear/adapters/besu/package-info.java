/**
 * {@link io.astraclear.ports.chain.ChainPort} over Ethereum JSON-RPC with web3j, for Hyperledger
 * Besu (QBFT/IBFT2, free gas or not) and any EVM node that speaks the same RPC (anvil in tests).
 *
 * <p>The public surface is {@link io.astraclear.adapters.besu.BesuChains#connect}, its
 * {@link io.astraclear.adapters.besu.ChainSettings} (with {@link io.astraclear.adapters.besu.FeeMode}
 * and {@link io.astraclear.adapters.besu.LogPaging}); everything else is package-private. No web3j,
 * OkHttp or Vert.x type crosses the port. Every call is asynchronous: HTTP requests go out through
 * OkHttp's dispatcher (bounded), waits and back-off run on one scheduler thread per adapter, and the
 * stages returned complete on those threads, so a Vert.x caller hops back to its context with
 * {@code Future.fromCompletionStage(stage, context)}.
 *
 * <p>Watching: {@code ChainLogReader} reads the bank's Gateway and Executor together, one
 * {@code eth_getLogs} per page (both addresses, the five event signatures), pages adaptively and ends
 * every read on a block boundary; {@code ChainLogDecoder} hands each log to the decoder of the
 * contract that emitted it: {@code TransferLogDecoder} quarantines what is not a well-formed transfer
 * to a known bank, {@code ExecutorLogDecoder} what is not a well-formed command outcome or
 * validator-set update (and is also how the batch relay reads its receipts). See the module's
 * README for what a read delivers. Relaying: {@code CommandSubmitter} retries, {@code SubmissionLane} keeps nonces gap-free,
 * {@code FeeOracle} prices, {@code ReceiptWatcher} polls receipts.
 */
package io.astraclear.adapters.besu;
