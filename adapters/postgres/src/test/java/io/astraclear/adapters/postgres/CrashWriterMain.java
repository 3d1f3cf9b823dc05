package io.astraclear.adapters.postgres;

import io.astraclear.ports.chain.ObservedTransfer;
import io.astraclear.ports.domain.MintCommand;
import io.astraclear.ports.storage.RejectionCode;
import io.astraclear.ports.storage.StorageFixtures;
import io.astraclear.ports.storage.StoragePort;
import io.astraclear.ports.storage.WriteResult;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The crash test's writer process: writes transfers 1..total of {@link CrashWorkload} (observed,
 * three votes, confirmed, every tenth half settled), many at once, from the start each time it
 * runs; prints {@code progress <n>} as transfers finish and {@code done ...} with its counts.
 *
 * <p>Usage: {@code CrashWriterMain <postgresql-url> <schema> <total>}
 */
public final class CrashWriterMain {
    private static final int IN_FLIGHT = 200;

    private CrashWriterMain() {}

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String schema = args[1];
        int total = Integer.parseInt(args[2]);
        Vertx vertx = Vertx.vertx();
        StoragePort storage = PgStorage.connect(vertx, PgStorageOptions.fromUrl(url).withSchema(schema)).toCompletableFuture().get(60, TimeUnit.SECONDS);
        say("started");

        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        AtomicLong finished = new AtomicLong();
        AtomicLong confirmed = new AtomicLong();
        AtomicLong alreadyConfirmed = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        for (int n = 1; n <= total; n++) {
            inFlight.acquire();
            writeTransfer(storage, n).whenComplete((outcome, error) -> {
                if (error != null) {
                    failed.incrementAndGet();
                    say("failed " + error);
                } else if (outcome == Outcome.CONFIRMED) {
                    confirmed.incrementAndGet();
                } else {
                    alreadyConfirmed.incrementAndGet();
                }
                long done = finished.incrementAndGet();
                if (done % 100 == 0) {
                    say("progress " + done);
                }
                inFlight.release();
            });
        }
        inFlight.acquire(IN_FLIGHT);
        say("done confirmed=" + confirmed.get() + " alreadyConfirmed=" + alreadyConfirmed.get() + " failed=" + failed.get());
        storage.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        System.exit(failed.get() == 0 ? 0 : 1);
    }

    private enum Outcome { CONFIRMED, ALREADY_CONFIRMED }

    private static CompletionStage<Outcome> writeTransfer(StoragePort storage, int n) {
        ObservedTransfer transfer = CrashWorkload.transfer(n);
        MintCommand command = StorageFixtures.commandFor(transfer);
        return storage.recordObserved(List.of(transfer), List.of(), StorageFixtures.checkpoint(transfer.sourceBank(), transfer.blockNumber()))
                .thenCompose(observed -> CompletableFuture.allOf(
                        storage.recordVote(StorageFixtures.vote(command, 1)).toCompletableFuture(),
                        storage.recordVote(StorageFixtures.vote(command, 2)).toCompletableFuture(),
                        storage.recordVote(StorageFixtures.vote(command, 3)).toCompletableFuture()))
                .thenCompose(voted -> storage.confirm(transfer.transferId(), command, StorageFixtures.signatures(command, CrashWorkload.VALIDATORS), Instant.now()))
                .thenCompose(result -> {
                    Outcome outcome = switch (result) {
                        case WriteResult.Applied<?> applied -> Outcome.CONFIRMED;
                        case WriteResult.Rejected<?> rejected when rejected.code().equals(RejectionCode.ALREADY_CONFIRMED) -> Outcome.ALREADY_CONFIRMED;
                        case WriteResult.Rejected<?> rejected -> throw new IllegalStateException("confirm of transfer " + n + " refused: " + rejected);
                    };
                    if (!CrashWorkload.settled(n)) {
                        return CompletableFuture.completedFuture(outcome);
                    }
                    return storage.confirmSettlement(transfer.sourceBank(), transfer.destinationBank(), CrashWorkload.settlement(n),
                                    CrashWorkload.settlementReference(n), "crash-test", Instant.now())
                            .thenApply(settled -> {
                                if (!(settled instanceof WriteResult.Applied<?>)) {
                                    throw new IllegalStateException("settlement of transfer " + n + " refused: " + settled);
                                }
                                return outcome;
                            });
                });
    }

    private static void say(String line) {
        synchronized (System.out) {
            System.out.println(line);
            System.out.flush();
        }
    }
}
