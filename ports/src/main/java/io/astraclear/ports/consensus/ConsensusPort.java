package io.astraclear.ports.consensus;

import io.astraclear.ports.domain.Bytes;
import java.util.concurrent.CompletionStage;

/**
 * The consensus engine: orders hub transactions into blocks and drives the {@link HubApplication}
 * with them. Two engines stand behind it: {@code solo} (embedded, one validator) and
 * {@code cometbft} (a Byzantine-fault-tolerant consortium). The node tells the engine where it is
 * through {@link HubApplication#info()}; the engine delivers every later block in order.
 */
public interface ConsensusPort {
    /** The engine's name as operators see it: {@code solo}, {@code cometbft}. */
    String engine();

    /** Starts ordering and delivering blocks to {@code application} from the height it reports. */
    CompletionStage<Void> start(HubApplication application);

    /**
     * Offers a signed transaction: admitted (it waits for a block) or refused with the reason. The
     * stage fails only when the engine is not running or cannot be reached
     * ({@link EngineUnavailableException}) or its pool is full
     * ({@link java.util.concurrent.RejectedExecutionException}); the transaction may then be offered
     * again (every hub transaction is idempotent).
     */
    CompletionStage<Admission> submit(Bytes transaction);

    EngineStatus status();

    /** Stops producing and delivering blocks; completes when a block being applied or committed has been. */
    CompletionStage<Void> stop();
}
