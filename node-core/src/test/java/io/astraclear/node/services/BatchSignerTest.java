package io.astraclear.node.services;

import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.node.engine.HubSubmitter;
import io.astraclear.node.engine.TransactionWaiters;
import io.astraclear.node.testing.TestKeys;
import io.astraclear.ports.consensus.Admission;
import io.astraclear.ports.consensus.ConsensusPort;
import io.astraclear.ports.consensus.EngineStatus;
import io.astraclear.ports.consensus.HubApplication;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.CommandId;
import io.astraclear.ports.domain.MintBatch;
import io.astraclear.ports.domain.MintCommand;
import io.astraclear.ports.domain.ValidatorSet;
import io.astraclear.ports.hub.BatchId;
import io.astraclear.ports.hub.HubDigests;
import io.astraclear.ports.signing.Signer;
import io.astraclear.ports.state.HubBatch;
import io.astraclear.ports.state.ValidatorSets;
import io.vertx.core.Vertx;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BatchSignerTest {
    private static final Duration RETRY_AFTER = Duration.ofMillis(100);

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    /**
     * A restarted node's signer finds open batches it has not signed and offers its signatures at
     * once, possibly before the engine takes transactions. When that first offer blows up, the
     * signer must still offer again after its retry delay: otherwise those batches are never signed
     * and their transfers wait CONFIRMED for ever (seen in NodeKillIT).
     */
    @Test
    void aSignatureTheEngineDidNotTakeAtStartIsOfferedAgain() throws Exception {
        Signer validator = TestKeys.of(BigInteger.valueOf(4_242_424_242L));
        OfferRecorder engine = new OfferRecorder(1);
        BatchSigner signer = new BatchSigner(vertx.getOrCreateContext(), validator, new HubSubmitter(engine, new TransactionWaiters(vertx), "astra-test"),
                Clock.systemUTC(), RETRY_AFTER);
        ValidatorSet set = new ValidatorSet(0, List.of(validator.address()));

        signer.start(List.of(openBatch()), new ValidatorSets(set, Optional.empty(), List.of(), List.of(), List.of()));

        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (engine.taken.isEmpty() && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(10); // polling the fake engine, bounded
        }
        signer.stop();
        assertThat(engine.offers.get()).as("offers: the failed first and the retry").isGreaterThanOrEqualTo(2);
        assertThat(engine.taken).as("signatures the engine took").isNotEmpty();
    }

    private static HubBatch openBatch() {
        BankId destination = BankId.of("BANK_B");
        MintCommand command = new MintCommand(new CommandId(Bytes32.of("0x" + "11".repeat(32))), BankId.of("BANK_A"), destination,
                Address.of("0x" + "22".repeat(20)), Amount.of(5), 1002, Address.of("0x" + "33".repeat(20)));
        return new HubBatch(new BatchId(destination, 1), MintBatch.of(List.of(command)), 3, List.of(), HubBatch.Status.OPEN, OptionalLong.empty());
    }

    /** An engine whose first {@code failures} offers throw, as one not started yet did; later offers are admitted and kept. */
    private static final class OfferRecorder implements ConsensusPort {
        final AtomicInteger offers = new AtomicInteger();
        final List<Bytes> taken = new CopyOnWriteArrayList<>();
        private final int failures;

        OfferRecorder(int failures) {
            this.failures = failures;
        }

        @Override
        public String engine() {
            return "recorder";
        }

        @Override
        public CompletionStage<Void> start(HubApplication application) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Admission> submit(Bytes transaction) {
            if (offers.incrementAndGet() <= failures) {
                throw new NullPointerException("the engine's context is not there yet");
            }
            taken.add(transaction);
            return CompletableFuture.completedFuture(new Admission.Admitted(HubDigests.transactionHash(transaction)));
        }

        @Override
        public EngineStatus status() {
            return new EngineStatus("recorder", true, 0, Optional.empty());
        }

        @Override
        public CompletionStage<Void> stop() {
            return CompletableFuture.completedFuture(null);
        }
    }
}
