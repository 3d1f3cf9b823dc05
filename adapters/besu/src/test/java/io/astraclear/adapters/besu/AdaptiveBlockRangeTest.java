package io.astraclear.adapters.besu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AdaptiveBlockRangeTest {
    @Test
    void halvesDownToASingleBlockAndNoFurther() {
        AdaptiveBlockRange range = new AdaptiveBlockRange(new LogPaging(8, 64, 100, 10));

        assertThat(range.shrink()).isTrue();
        assertThat(range.blocks()).isEqualTo(4);
        assertThat(range.shrink()).isTrue();
        assertThat(range.shrink()).isTrue();
        assertThat(range.blocks()).isEqualTo(1);
        assertThat(range.shrink()).isFalse();
        assertThat(range.blocks()).isEqualTo(1);
    }

    @Test
    void growsBackOnlyAfterCalmPagesAndNeverBeyondTheMaximum() {
        AdaptiveBlockRange range = new AdaptiveBlockRange(new LogPaging(8, 20, 100, 10));

        range.succeeded(51, 1_000); // more than half the cap: keep the span
        assertThat(range.blocks()).isEqualTo(8);
        range.succeeded(50, 1_000);
        assertThat(range.blocks()).isEqualTo(16);
        range.succeeded(0, 1_000);
        assertThat(range.blocks()).isEqualTo(20);
        range.succeeded(0, 1_000);
        assertThat(range.blocks()).isEqualTo(20);
    }

    @Test
    void shrinksWhenAPageHeldMoreThanTheReadCouldDeliver() {
        AdaptiveBlockRange range = new AdaptiveBlockRange(new LogPaging(8, 64, 10_000, 10));

        range.succeeded(300, 200);

        assertThat(range.blocks()).isEqualTo(4);
    }
}
