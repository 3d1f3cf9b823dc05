package io.astraclear.contracts.bench;

import io.astraclear.contracts.devnet.AnvilNode;
import io.astraclear.contracts.devnet.BankContracts;
import io.astraclear.contracts.devnet.BankDeployer;
import io.astraclear.contracts.devnet.ChainAccount;
import io.astraclear.contracts.devnet.DevValidators;
import io.astraclear.contracts.devnet.ExecutorCalls;
import io.astraclear.contracts.generated.Executor;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.CommandId;
import io.astraclear.ports.domain.MintBatch;
import io.astraclear.ports.protocol.ProtocolDigests;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.web3j.abi.datatypes.Function;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.TransactionException;

/**
 * Gas and mint-rate measurements of the Executor and Gateway on one running anvil chain, with real
 * validator signatures ({@link DevValidators} over {@link ProtocolDigests}). Every measurement
 * deploys banks of its own, so measurements do not disturb each other. Used by
 * {@link GasBenchmark} ({@code astra bench gas}) and by the contracts' gas and throughput tests.
 *
 * <p>Blocking calls: never use it on an event loop.
 */
public final class GasMeter {
    /** The per-transaction gas cap of EIP-7825; batches are sent with it as their gas limit. */
    public static final BigInteger TRANSACTION_GAS_CAP = BigInteger.ONE.shiftLeft(24);
    public static final BigInteger AMOUNT = BigInteger.valueOf(100_00);
    private static final int OWNER = 0;
    private static final int RELAYER = 3;
    private static final int PAYER = 4;
    /** Sends the batches: an account of its own, with a gas limit at the per-transaction cap. */
    private static final int BATCH_RELAYER = 5;
    /** Sends the timed transactions of {@link #throughput}: pipelined nonces of one account. */
    private static final int THROUGHPUT_RELAYER = 6;
    private static final int TOKEN_DECIMALS = 2;
    private static final int WARM_UP_TRANSACTIONS = 10;
    /** About twice what each transaction uses (execute to a new holder: 107k; a batch of 50: 2.6M). */
    private static final BigInteger SINGLE_GAS_LIMIT = BigInteger.valueOf(250_000);
    private static final BigInteger BATCH_GAS_LIMIT = BigInteger.valueOf(5_000_000);
    /** Fine enough not to dominate a run that lasts a fraction of a second. */
    private static final Duration RECEIPT_POLL_INTERVAL = Duration.ofMillis(5);
    /** A mined transaction's receipt is there within milliseconds; past this, something is stuck. */
    private static final Duration RECEIPT_TIMEOUT = Duration.ofSeconds(20);

    /** Gas of {@code execute} with a threshold of signatures: a first mint to a holder, then a second one. */
    public record ExecuteGas(int validators, int signatures, BigInteger newHolder, BigInteger existingHolder) {}

    /** Total gas of one batch to new holders, then of a second batch (other command ids) to the same, now existing, holders. */
    public record BatchGas(int validators, int signatures, int size, BigInteger newHolders, BigInteger existingHolders) {
        public BigInteger newHolderPerTransfer() {
            return newHolders.divide(BigInteger.valueOf(size));
        }

        public BigInteger existingHolderPerTransfer() {
            return existingHolders.divide(BigInteger.valueOf(size));
        }
    }

    /** {@code transactions} transactions of {@code perTransaction} mints each, timed from the first send to the last receipt. */
    public record Throughput(String mode, int perTransaction, int mints, int transactions, long elapsedNanos, long submitNanos) {
        public double mintsPerSecond() {
            return mints * 1e9 / elapsedNanos;
        }

        public double transactionsPerSecond() {
            return transactions * 1e9 / elapsedNanos;
        }
    }

    private final AnvilNode node;
    private final Web3j web3j;
    private final PrintStream progress;
    private final ChainAccount owner;
    private ChainAccount relayer;
    private ChainAccount batchRelayer;
    private ChainAccount payer;

    /** Measures on {@code node}, reached through {@code web3j}; progress lines go to {@code progress}. */
    public GasMeter(AnvilNode node, Web3j web3j, PrintStream progress) {
        this.node = node;
        this.web3j = web3j;
        this.progress = progress;
        this.owner = account(OWNER);
    }

    public long chainId() {
        return node.chainId();
    }

    /** {@code execute} on a bank of its own with {@code validatorCount} validators: a fresh recipient, then the same one again. */
    public ExecuteGas executeGas(int validatorCount) throws IOException, TransactionException {
        DevValidators validators = DevValidators.create("gas-" + validatorCount, validatorCount);
        BankContracts bank = bankInService(BankId.of("GAS_" + validatorCount), validators);
        // a fresh address: the mint creates its balance slot, as for a first payment to a customer
        Address recipient = Address.of(String.format("0x%040x", 0xbeef00 + validatorCount));
        BigInteger newHolder = executeGasUsed(bank, validators, recipient, "first-" + validatorCount);
        BigInteger existingHolder = executeGasUsed(bank, validators, recipient, "second-" + validatorCount);
        ExecuteGas row = new ExecuteGas(validatorCount, validators.threshold(), newHolder, existingHolder);
        progress.printf("[gas] execute, %d validators (%d signatures): new holder %,d, existing holder %,d%n",
                validatorCount, row.signatures(), newHolder, existingHolder);
        return row;
    }

    /** {@code Gateway.initiateTransfer} by a payer who keeps a balance, with 4 validators on the source bank. */
    public BigInteger initiateTransferGas() throws IOException, TransactionException {
        BankId source = BankId.of("GAS_SOURCE");
        BankId destination = BankId.of("GAS_DESTINATION");
        BankContracts bank = deploy(source, DevValidators.create("gas-source", 4));
        BankDeployer deployer = new BankDeployer(owner);
        deployer.registerBanks(bank, List.of(source, destination));
        deployer.fundAccounts(bank, Map.of(payer().address(), Amount.of(1_000_00)));
        BigInteger gas = payer().send(bank.gateway(), new Function(io.astraclear.contracts.generated.Gateway.FUNC_INITIATETRANSFER, List.of(
                new org.web3j.abi.datatypes.generated.Bytes32(destination.toBytes32().toByteArray()),
                new org.web3j.abi.datatypes.Address(relayer().address().value()),
                new org.web3j.abi.datatypes.generated.Uint256(AMOUNT)), List.of())).getGasUsed();
        progress.printf("[gas] Gateway.initiateTransfer: %,d%n", gas);
        return gas;
    }

    /** {@code executeBatch} at each of {@code sizes}, all on one bank of its own with {@code validatorCount} validators. */
    public List<BatchGas> batchGas(int validatorCount, int... sizes) throws IOException, TransactionException {
        DevValidators validators = DevValidators.create("gas-batch-" + validatorCount, validatorCount);
        BankContracts bank = bankInService(BankId.of("GAS_BATCH_" + validatorCount), validators);
        List<BatchGas> rows = new ArrayList<>(sizes.length);
        for (int size : sizes) {
            BigInteger newHolders = batchGasUsed(bank, validators, size, "first");
            BigInteger existingHolders = batchGasUsed(bank, validators, size, "second");
            BatchGas row = new BatchGas(validatorCount, validators.threshold(), size, newHolders, existingHolders);
            rows.add(row);
            progress.printf("[gas] executeBatch(%d), %d validators: per transfer %,d new holders, %,d existing holders%n",
                    size, validatorCount, row.newHolderPerTransfer(), row.existingHolderPerTransfer());
        }
        return rows;
    }

    /** The largest batch the Executor takes ({@link MintBatch#MAX_SIZE}), to new holders, with 7 validators. */
    public BigInteger worstCaseBatchGas() throws IOException, TransactionException {
        DevValidators seven = DevValidators.create("gas-batch-worst", 7);
        BankContracts bank = bankInService(BankId.of("GAS_BATCH_WORST"), seven);
        BigInteger gas = batchGasUsed(bank, seven, MintBatch.MAX_SIZE, "worst");
        progress.printf("[gas] executeBatch(%d) to new holders, 7 validators: %,d in one transaction%n", MintBatch.MAX_SIZE, gas);
        return gas;
    }

    /**
     * Sustained mints/s from one relayer account with pipelined nonces: {@code transactions}
     * transactions of {@code perTransaction} mints each (1: {@code execute}, more: {@code executeBatch}),
     * each to fresh holders, after a warm-up of 10. Signatures and call data are prepared first; the
     * clock covers signing and sending every transaction (without waiting), then waiting for every
     * receipt, polled every 5 ms.
     */
    public Throughput throughput(DevValidators validators, int perTransaction, int transactions) throws IOException, TransactionException {
        String mode = perTransaction == 1 ? "execute" : "executeBatch(" + perTransaction + ")";
        BankContracts bank = bankInService(BankId.of("THROUGHPUT"), validators);
        ChainAccount sender = ChainAccount.connect(web3j, node.credentials(THROUGHPUT_RELAYER), node.chainId(),
                perTransaction == 1 ? SINGLE_GAS_LIMIT : BATCH_GAS_LIMIT, RECEIPT_POLL_INTERVAL, RECEIPT_TIMEOUT);
        submitAndAwait(sender, bank, calls(bank, validators, "warm-up", perTransaction, WARM_UP_TRANSACTIONS), perTransaction);
        progress.printf("[throughput] %s: warmed up; signing and sending %,d transactions (%,d mints) ...%n",
                mode, transactions, transactions * perTransaction);
        List<Function> measured = calls(bank, validators, "measured", perTransaction, transactions);
        long start = System.nanoTime();
        List<String> hashes = submitAll(sender, bank, measured);
        long submitNanos = System.nanoTime() - start;
        int minted = awaitAll(sender, hashes, perTransaction);
        long elapsed = System.nanoTime() - start;
        Throughput run = new Throughput(mode, perTransaction, minted, transactions, elapsed, submitNanos);
        progress.printf("[throughput] %s: %,d mints in %,d ms: %,.0f mints/s%n", mode, minted, elapsed / 1_000_000, run.mintsPerSecond());
        return run;
    }

    private BigInteger executeGasUsed(BankContracts bank, DevValidators validators, Address recipient, String label)
            throws IOException, TransactionException {
        CommandId commandId = commandId("gas-" + label);
        Bytes32 digest = ProtocolDigests.mintDigest(commandId, recipient, new Amount(AMOUNT), node.chainId(), bank.executor());
        return relayer().send(bank.executor(), ExecutorCalls.execute(commandId, recipient, AMOUNT, validators.signThreshold(digest)))
                .getGasUsed();
    }

    /** One batch of {@code size} entries, each to its own recipient (fresh on the "first" round, existing on the "second"). */
    private BigInteger batchGasUsed(BankContracts bank, DevValidators validators, int size, String round)
            throws IOException, TransactionException {
        List<CommandId> commandIds = new ArrayList<>(size);
        List<Address> recipients = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            commandIds.add(commandId("gas-batch-" + bank.bankId() + "-" + size + "-" + round + "-" + i));
            recipients.add(Address.of(String.format("0xbeef%04x%04x%028x", validators.size(), size, i)));
        }
        TransactionReceipt receipt = batchRelayer().send(bank.executor(), signedBatch(bank, validators, commandIds, recipients));
        requireMinted(receipt, size);
        return receipt.getGasUsed();
    }

    private Function signedBatch(BankContracts bank, DevValidators validators, List<CommandId> commandIds, List<Address> recipients) {
        List<BigInteger> amounts = java.util.Collections.nCopies(commandIds.size(), AMOUNT);
        Bytes32 digest = ProtocolDigests.batchDigest(commandIds, recipients, amounts.stream().map(Amount::new).toList(),
                node.chainId(), bank.executor());
        return ExecutorCalls.executeBatch(commandIds, recipients, amounts, validators.signThreshold(digest));
    }

    /** Signed calls, each minting to recipients of its own (fresh holders). */
    private List<Function> calls(BankContracts bank, DevValidators validators, String round, int perTransaction, int transactions) {
        List<Function> calls = new ArrayList<>(transactions);
        for (int t = 0; t < transactions; t++) {
            List<CommandId> commandIds = new ArrayList<>(perTransaction);
            List<Address> recipients = new ArrayList<>(perTransaction);
            for (int i = 0; i < perTransaction; i++) {
                commandIds.add(commandId("throughput-" + node.chainId() + "-" + perTransaction + "-" + round + "-" + t + "-" + i));
                recipients.add(Address.of(String.format("0xfeed%04x%06x%026x", round.hashCode() & 0xffff, t, i)));
            }
            if (perTransaction == 1) {
                Bytes32 digest = ProtocolDigests.mintDigest(commandIds.getFirst(), recipients.getFirst(), new Amount(AMOUNT),
                        node.chainId(), bank.executor());
                calls.add(ExecutorCalls.execute(commandIds.getFirst(), recipients.getFirst(), AMOUNT, validators.signThreshold(digest)));
            } else {
                calls.add(signedBatch(bank, validators, commandIds, recipients));
            }
        }
        return calls;
    }

    private void submitAndAwait(ChainAccount sender, BankContracts bank, List<Function> calls, int perTransaction)
            throws IOException, TransactionException {
        awaitAll(sender, submitAll(sender, bank, calls), perTransaction);
    }

    private static List<String> submitAll(ChainAccount sender, BankContracts bank, List<Function> calls) throws IOException {
        List<String> hashes = new ArrayList<>(calls.size());
        for (Function call : calls) {
            hashes.add(sender.submit(bank.executor(), call));
        }
        return hashes;
    }

    private int awaitAll(ChainAccount sender, List<String> hashes, int perTransaction) throws IOException, TransactionException {
        int minted = 0;
        for (String hash : hashes) {
            TransactionReceipt receipt = awaitSuccess(sender, hash);
            requireMinted(receipt, perTransaction);
            minted += perTransaction;
        }
        return minted;
    }

    private static void requireMinted(TransactionReceipt receipt, int expected) {
        int minted = Executor.getCommandExecutedEvents(receipt).size();
        if (minted != expected) {
            throw new IllegalStateException("transaction " + receipt.getTransactionHash() + " minted " + minted + " commands, expected " + expected);
        }
    }

    /** On a missing receipt, says what the node knows about the transaction instead of only timing out. */
    private TransactionReceipt awaitSuccess(ChainAccount sender, String hash) throws IOException, TransactionException {
        try {
            return sender.awaitSuccess(hash);
        } catch (TransactionException e) {
            if (e.getTransactionReceipt().isPresent()) {
                throw e;
            }
            String address = sender.address().value();
            String known = web3j.ethGetTransactionByHash(hash).send().getTransaction()
                    .map(tx -> "known to the node, nonce " + tx.getNonce() + ", block " + tx.getBlockNumberRaw() + ", gas price " + tx.getGasPrice())
                    .orElse("unknown to the node");
            throw new IllegalStateException("no receipt for " + hash + " within " + RECEIPT_TIMEOUT + ": " + known
                    + "; sender nonce latest " + web3j.ethGetTransactionCount(address, DefaultBlockParameterName.LATEST).send().getTransactionCount()
                    + ", pending " + web3j.ethGetTransactionCount(address, DefaultBlockParameterName.PENDING).send().getTransactionCount()
                    + "; head block " + web3j.ethBlockNumber().send().getBlockNumber(), e);
        }
    }

    /**
     * A bank whose token already has a supply, as every bank in service has: otherwise the first
     * measured mint also pays for creating the {@code totalSupply} slot (about 17,100 gas more).
     */
    private BankContracts bankInService(BankId bankId, DevValidators validators) throws IOException, TransactionException {
        BankContracts bank = deploy(bankId, validators);
        new BankDeployer(owner).fundAccounts(bank, Map.of(payer().address(), Amount.of(1)));
        return bank;
    }

    private BankContracts deploy(BankId bankId, DevValidators validators) throws IOException, TransactionException {
        return new BankDeployer(owner).deploy(bankId, bankId.value() + " deposit token", bankId.value(), TOKEN_DECIMALS, validators.addresses());
    }

    private ChainAccount relayer() {
        if (relayer == null) {
            relayer = account(RELAYER);
        }
        return relayer;
    }

    private ChainAccount payer() {
        if (payer == null) {
            payer = account(PAYER);
        }
        return payer;
    }

    private ChainAccount batchRelayer() {
        if (batchRelayer == null) {
            batchRelayer = ChainAccount.connect(web3j, node.credentials(BATCH_RELAYER), node.chainId(), TRANSACTION_GAS_CAP,
                    ChainAccount.DEFAULT_RECEIPT_POLL_INTERVAL, ChainAccount.DEFAULT_RECEIPT_TIMEOUT);
        }
        return batchRelayer;
    }

    private ChainAccount account(int index) {
        return ChainAccount.connect(web3j, node.credentials(index), node.chainId());
    }

    private static CommandId commandId(String label) {
        return new CommandId(new Bytes32(Hash.sha3(label.getBytes(StandardCharsets.UTF_8))));
    }
}
