package io.astraclear.node.pipeline;

import static io.astraclear.ports.storage.StorageFixtures.BANK_A;
import static io.astraclear.ports.storage.StorageFixtures.BANK_B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.astraclear.adapters.memory.InMemoryStorage;
import io.astraclear.node.config.NodeConfig;
import io.astraclear.node.consensus.SoloConsensus;
import io.astraclear.ports.chain.ObservedTransfer;
import io.astraclear.ports.domain.ValidatorSet;
import io.astraclear.ports.consensus.Vote;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.MintCommand;
import io.astraclear.ports.domain.Signature;
import io.astraclear.ports.signing.Signer;
import io.astraclear.ports.signing.SignerProvider;
import io.astraclear.ports.signing.SignerSettings;
import io.astraclear.ports.storage.CommandRecord;
import io.astraclear.ports.storage.MutableClock;
import io.astraclear.ports.storage.StorageFixtures;
import io.astraclear.ports.storage.StoragePort;
import io.astraclear.ports.storage.VoteOutcome;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Counting votes of four validators (threshold 3) as validator 1, with a signer provider that
 * counts its recoveries: a vote that comes again — peers answer catch-up requests with every vote
 * they hold — is not recovered again, and this node's own vote never is; a copy that does not
 * recover to the validator it names is rejected every time it comes.
 */
class VoteCounterTest {
    private static final Address SELF = StorageFixtures.validator(1);
    private static final ValidatorSet FOUR = new ValidatorSet(0, List.of(SELF, StorageFixtures.validator(2),
            StorageFixtures.validator(3), StorageFixtures.validator(4)));

    private final CountingRecovery recovery = new CountingRecovery();
    private final List<CommandRecord> confirmed = new CopyOnWriteArrayList<>();
    private Vertx vertx;
    private Context context;
    private StoragePort storage;
    private VoteCounter counter;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        context = vertx.getOrCreateContext();
        MutableClock clock = MutableClock.startingAt("2026-11-21T09:00:00Z");
        storage = InMemoryStorage.create(clock);
        EventJournal events = EventJournal.open(storage, 1_000, clock).toCompletableFuture().get(10, TimeUnit.SECONDS);
        NodeConfig config = new NodeConfig("vote-counter-test", new NodeConfig.Protocol(Duration.ofSeconds(1), 100, 1_000, 5),
                new NodeConfig.Api("127.0.0.1", 0), new NodeConfig.Storage("memory", 8, 1024),
                new NodeConfig.Plugins(Path.of("plugins"), "counting", "bilateral"),
                new NodeConfig.SignerKey(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("0x01")),
                new NodeConfig.Relayer("0x01"), FOUR.validators(), List.of(), true);
        PipelineContext pipeline = new PipelineContext(context, config, storage, Map.of(), new SoloConsensus(FOUR), null, recovery, events, clock);
        counter = new VoteCounter(pipeline, confirmed::add);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void aVoteThatComesAgainIsNotRecoveredAgainAndTheOwnVoteNeverIs() throws Exception {
        MintCommand command = awaitVotesFor(observe(1));
        Vote second = StorageFixtures.vote(command, 2);

        assertThat(onContext(() -> counter.accept(second, "peer"))).isEqualTo(VoteOutcome.RECORDED);
        assertThat(recovery.calls()).isEqualTo(1);
        assertThat(onContext(() -> counter.accept(second, "catch-up"))).isEqualTo(VoteOutcome.DUPLICATE);
        assertThat(recovery.calls()).as("the copy is not recovered again").isEqualTo(1);

        Vote own = StorageFixtures.vote(command, 1);
        assertThat(onContext(() -> counter.acceptOwn(own))).isEqualTo(VoteOutcome.RECORDED);
        assertThat(onContext(() -> counter.accept(own, "catch-up"))).isEqualTo(VoteOutcome.DUPLICATE);
        assertThat(recovery.calls()).as("the own vote, signed here, is never recovered").isEqualTo(1);
        assertThat(confirmed).isEmpty();

        assertThat(onContext(() -> counter.accept(StorageFixtures.vote(command, 3), "peer"))).isEqualTo(VoteOutcome.RECORDED);
        assertThat(recovery.calls()).isEqualTo(2);
        assertThat(confirmed).hasSize(1);
        assertThat(confirmed.getFirst().signatures()).hasSize(3);
    }

    @Test
    void aVoteThatDoesNotRecoverToItsValidatorIsRejectedEveryTimeItComes() throws Exception {
        MintCommand command = awaitVotesFor(observe(2));
        // validator 3's signature presented as validator 4's vote
        Vote impostor = new Vote(command, command.digest(), StorageFixtures.validator(4), StorageFixtures.signature(3, command.digest()));

        for (int delivery = 1; delivery <= 2; delivery++) {
            assertThatThrownBy(() -> onContext(() -> counter.accept(impostor, "peer")))
                    .hasMessage("vote rejected: signature does not recover to " + StorageFixtures.validator(4));
        }
        assertThat(counter.rejectedVotes()).isEqualTo(2);
        assertThat(storage.votes(command.digest()).toCompletableFuture().get(10, TimeUnit.SECONDS)).isEmpty();

        // the genuine vote of validator 3 with the same signature still counts, without another recovery
        int before = recovery.calls();
        assertThat(onContext(() -> counter.accept(StorageFixtures.vote(command, 3), "peer"))).isEqualTo(VoteOutcome.RECORDED);
        assertThat(recovery.calls()).isEqualTo(before);
    }

    private ObservedTransfer observe(long nonce) throws Exception {
        ObservedTransfer transfer = StorageFixtures.transfer(BANK_A, BANK_B, 100, nonce);
        storage.recordObserved(List.of(transfer), List.of(), StorageFixtures.checkpoint(BANK_A, 100 + nonce))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        return transfer;
    }

    private MintCommand awaitVotesFor(ObservedTransfer transfer) throws Exception {
        MintCommand command = StorageFixtures.commandFor(transfer);
        onContext(() -> {
            counter.awaitVotes(command.commandId(), transfer.transferId());
            return Future.succeededFuture();
        });
        return command;
    }

    /** Runs {@code action} on the pipeline's context, as the pipeline does, and waits for its result. */
    private <T> T onContext(Supplier<Future<T>> action) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        context.runOnContext(ignored -> action.get().onComplete(done -> {
            if (done.succeeded()) {
                result.complete(done.result());
            } else {
                result.completeExceptionally(done.cause());
            }
        }));
        try {
            return result.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** Recovers StorageFixtures' signatures (their signer's index is in the low bytes of s) and counts the calls. */
    private static final class CountingRecovery implements SignerProvider {
        private final AtomicInteger calls = new AtomicInteger();

        int calls() {
            return calls.get();
        }

        @Override
        public String id() {
            return "counting";
        }

        @Override
        public String version() {
            return "1.0.0";
        }

        @Override
        public Signer create(SignerSettings settings) {
            throw new UnsupportedOperationException("this provider only recovers");
        }

        @Override
        public Optional<Address> recover(Bytes32 digest, Signature signature) {
            calls.incrementAndGet();
            int signerIndex = ByteBuffer.wrap(signature.toByteArray(), 60, 4).getInt() - 1;
            return Optional.of(StorageFixtures.validator(signerIndex));
        }
    }
}
