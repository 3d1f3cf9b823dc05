package io.astraclear.node.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.ports.consensus.EngineUnavailableException;
import io.astraclear.ports.domain.Bytes;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SoloEngineTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    /**
     * The node's services start before the engine does (a restarted node's batch signer offers its
     * signatures of the open batches at once): an offer then must fail its stage, which the caller
     * retries, never throw at the caller and abort what it was doing.
     */
    @Test
    void anOfferBeforeStartFailsItsStageInsteadOfThrowing() {
        SoloEngine engine = new SoloEngine(vertx, SoloEngine.Settings.DEFAULTS.withBlockTime(Duration.ofSeconds(1)), Clock.systemUTC(), failure -> {});

        var offered = engine.submit(Bytes.fromHex("0x01"));

        assertThat(offered).failsWithin(Duration.ofSeconds(5)).withThrowableThat().havingRootCause()
                .isInstanceOf(EngineUnavailableException.class).withMessageContaining("not started");
    }
}
