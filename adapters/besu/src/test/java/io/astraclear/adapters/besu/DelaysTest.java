package io.astraclear.adapters.besu;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DelaysTest {
    @Test
    void backOffDoublesPerAttemptWithAtMostAQuarterOfJitterAndIsCapped() {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try {
            Delays delays = new Delays(scheduler, Duration.ofMillis(100), Duration.ofSeconds(1));

            for (int round = 0; round < 100; round++) {
                assertThat(delays.backoff(1).toMillis()).isBetween(100L, 125L);
                assertThat(delays.backoff(2).toMillis()).isBetween(200L, 250L);
                assertThat(delays.backoff(4).toMillis()).isBetween(800L, 1_000L);
                assertThat(delays.backoff(5).toMillis()).isBetween(1_000L, 1_250L);
                assertThat(delays.backoff(60).toMillis()).as("no overflow").isBetween(1_000L, 1_250L);
            }
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void aDelayCompletesOnTheSchedulerAndFailsOnceItIsShutDown() throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        Delays delays = new Delays(scheduler, Duration.ofMillis(1), Duration.ofMillis(1));

        delays.after(Duration.ofMillis(5)).get(1, TimeUnit.SECONDS);
        scheduler.shutdownNow();

        assertThat(delays.after(Duration.ofMillis(5))).isCompletedExceptionally();
    }
}
