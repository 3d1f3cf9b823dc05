package io.astraclear.node.e2e;

import io.astraclear.contracts.devnet.ChainAccount;
import io.astraclear.contracts.generated.Gateway;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.TransferId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Customers paying at a steady rate, straight on the source chains (no node involved): every tick a
 * seeded random payer bank, destination bank, recipient and amount, one {@code Gateway.initiateTransfer}
 * mined and recorded with its transfer id. The node may be down meanwhile: the chains do not care.
 */
final class LoadGenerator implements AutoCloseable {
    record Payment(TransferId transferId, BankId from, BankId to, Address recipient, long amount, Bytes32 sourceTransaction) {}

    private final List<BankChain> chains;
    private final List<ChainAccount> payers = new ArrayList<>();
    private final List<Address> recipients;
    private final Random random;
    private final List<Payment> payments = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("load").factory());

    LoadGenerator(List<BankChain> chains, Credentials payer, List<Address> recipients, long seed) {
        this.chains = List.copyOf(chains);
        this.recipients = List.copyOf(recipients);
        this.random = new Random(seed);
        chains.forEach(chain -> payers.add(chain.account(payer)));
    }

    /** Pays {@code perSecond} transfers a second from now on, until {@link #stop}. */
    void start(double perSecond) {
        long periodMicros = Math.round(1_000_000 / perSecond);
        ticks.scheduleAtFixedRate(this::payOne, 0, periodMicros, TimeUnit.MICROSECONDS);
    }

    private void payOne() {
        int from = random.nextInt(chains.size());
        int to = (from + 1 + random.nextInt(chains.size() - 1)) % chains.size();
        Address recipient = recipients.get(random.nextInt(recipients.size()));
        long amount = 1 + random.nextInt(1_000);
        BankChain source = chains.get(from);
        BankId destination = chains.get(to).bank();
        try {
            TransactionReceipt receipt = payers.get(from).send(source.contracts.gateway(), ClearingFlowContract.initiateTransfer(destination, recipient, amount));
            List<Gateway.TransferInitiatedEventResponse> events = Gateway.getTransferInitiatedEvents(receipt);
            if (events.size() != 1) {
                throw new IllegalStateException("initiateTransfer " + receipt.getTransactionHash() + " logged " + events.size() + " TransferInitiated");
            }
            synchronized (payments) {
                payments.add(new Payment(new TransferId(new Bytes32(events.getFirst().transferId)), source.bank(), destination, recipient, amount,
                        Bytes32.of(receipt.getTransactionHash())));
            }
        } catch (Exception e) {
            synchronized (payments) {
                failures.add(source.bank() + " -> " + destination + " " + amount + ": " + e);
            }
        }
    }

    /** Stops paying (the payment in progress ends first); every payment made, in order. */
    List<Payment> stop() throws InterruptedException {
        ticks.shutdown();
        if (!ticks.awaitTermination(Duration.ofSeconds(30).toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the load generator did not stop within 30 s");
        }
        return payments();
    }

    List<Payment> payments() {
        synchronized (payments) {
            return List.copyOf(payments);
        }
    }

    List<String> failures() {
        synchronized (payments) {
            return List.copyOf(failures);
        }
    }

    @Override
    public void close() {
        ticks.shutdownNow();
    }
}
