package io.astraclear.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.hub.BatchId;
import io.astraclear.ports.state.BlockEffects;
import io.astraclear.ports.state.HubBatch;
import io.astraclear.ports.state.HubEvent;
import io.astraclear.ports.state.HubHistory;
import io.astraclear.ports.state.HubStateFixtures;
import io.astraclear.ports.state.HubTransfer;
import io.astraclear.ports.state.NettingRecord;
import io.astraclear.ports.state.PendingObservation;
import io.astraclear.ports.storage.TransferStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HubImageCodecTest {
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void everyImageAndRecordOfAHistoryRoundTripsExactly(long seed) {
        HubHistory history = HubHistory.generate(seed, 80);
        int images = 0;
        for (BlockEffects block : history.blocks()) {
            assertThat(HubImageCodec.head(HubImageCodec.head(block.head()))).isEqualTo(block.head());
            block.validatorSets().ifPresent(sets -> assertThat(HubImageCodec.validatorSets(HubImageCodec.validatorSets(sets))).isEqualTo(sets));
            for (HubTransfer transfer : block.transfers()) {
                assertThat(HubImageCodec.transfer(transfer.transferId(), HubImageCodec.transfer(transfer))).isEqualTo(transfer);
                images++;
            }
            for (HubBatch batch : block.batches()) {
                assertThat(HubImageCodec.batch(batch.id(), HubImageCodec.batch(batch))).isEqualTo(batch);
            }
            for (PendingObservation pending : block.pendingObservations()) {
                assertThat(HubImageCodec.pending(pending.key(), HubImageCodec.pending(pending))).isEqualTo(pending);
            }
            for (NettingRecord round : block.nettingRounds()) {
                assertThat(HubImageCodec.nettingRound(round.roundId(), round.height(), round.time(), HubImageCodec.nettingRound(round))).isEqualTo(round);
            }
            List<HubEvent> events = new ArrayList<>();
            for (HubEventChunks.Chunk chunk : HubEventChunks.of(block.events())) {
                events.addAll(HubEventChunks.decode(chunk.firstId(), chunk.lastId(), chunk.events()));
            }
            assertThat(events).containsExactlyElementsOf(block.events().stream().sorted(Comparator.comparingLong(HubEvent::id)).toList());
        }
        assertThat(images).as("the history writes transfer images").isGreaterThan(100);
    }

    @Test
    void theLargestBatchAndEveryExecutorLogKindRoundTrip() {
        HubBatch full = HubStateFixtures.openBatch(new BatchId(BankId.of("BANK_B"), Long.MAX_VALUE), 1, 256, 1, 7);
        assertThat(HubImageCodec.batch(full.id(), HubImageCodec.batch(full))).isEqualTo(full);
        for (var log : HubStateFixtures.executorLogsOfEveryKind(HubStateFixtures.BANK_D, 1)) {
            PendingObservation pending = HubStateFixtures.pending(log, 3, 2);
            assertThat(HubImageCodec.pending(pending.key(), HubImageCodec.pending(pending))).isEqualTo(pending);
        }
    }

    @Test
    void eventsAreChunkedByConsecutiveIdsAtMost256AChunk() {
        List<HubEvent> events = new ArrayList<>();
        for (long id = 600; id >= 1; id--) {
            events.add(HubStateFixtures.event(id, 3));
        }
        events.add(HubStateFixtures.event(1_000, 4));

        List<HubEventChunks.Chunk> chunks = HubEventChunks.of(events);

        assertThat(chunks).extracting(chunk -> chunk.firstId() + ".." + chunk.lastId()).containsExactly("1..256", "257..512", "513..600", "1000..1000");
        assertThat(HubEventChunks.decode(257, 512, chunks.get(1).events())).first().isEqualTo(HubStateFixtures.event(257, 3));
        assertThatThrownBy(() -> HubEventChunks.of(List.of(HubStateFixtures.event(7, 1), HubStateFixtures.event(7, 1))))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void stringsThatUtf8OrATextColumnCannotCarryComeBackUnchanged() {
        List<String> strings = List.of("", "plain", "Überweisung №1 — «März»", "nul\u0000inside", "\u0000", "emoji \uD83D\uDCB8 pair",
                "lone high \uD800 surrogate", "lone low \uDC00", "\uDC00\uD800 reversed pair", "x".repeat(5_000) + "\uD800");

        for (String text : strings) {
            assertThat(ExactText.decode(ExactText.encode(text))).as("%s", text.length() > 40 ? text.substring(0, 40) : text).isEqualTo(text);
        }
        assertThat(ExactText.encode("Überweisung")).as("well-formed text is plain UTF-8").isEqualTo("Überweisung".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void aTransferWhoseReasonUtf8CannotCarryRoundTrips() {
        HubTransfer stuck = HubStateFixtures.TransferBuilder.observed(1, HubStateFixtures.observed(HubStateFixtures.BANK_A, HubStateFixtures.BANK_B, 5, 1), 1)
                .stuck(9, "refused: \u0000 and \uD800").build();

        assertThat(HubImageCodec.transfer(stuck.transferId(), HubImageCodec.transfer(stuck))).isEqualTo(stuck);
        assertThat(stuck.status()).isEqualTo(TransferStatus.STUCK);
    }

    @Test
    void blockTimesAreKeptToTheNanosecondWithinTheYears1677To2262() {
        Instant time = Instant.parse("2031-12-31T23:59:59.999999999Z");
        Instant beforeEpoch = Instant.parse("1969-12-31T23:59:59.000000001Z");

        assertThat(EpochNanos.instant(EpochNanos.of(time))).isEqualTo(time);
        assertThat(EpochNanos.instant(EpochNanos.of(beforeEpoch))).isEqualTo(beforeEpoch);
        assertThatThrownBy(() -> EpochNanos.of(Instant.parse("2263-01-01T00:00:00Z"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(EpochNanos.saturated(Instant.MAX)).isEqualTo(Long.MAX_VALUE);
        assertThat(EpochNanos.saturated(Instant.MIN)).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void bytesThisCodeDidNotWriteFailWithIllegalStateException() {
        HubTransfer transfer = HubStateFixtures.transfer(TransferStatus.EXECUTED, 3, HubStateFixtures.observed(HubStateFixtures.BANK_A,
                HubStateFixtures.BANK_B, 5, 3), 1);
        byte[] image = HubImageCodec.transfer(transfer);
        byte[] cut = Arrays.copyOf(image, image.length - 1);
        byte[] longer = Arrays.copyOf(image, image.length + 1);
        byte[] newerFormat = image.clone();
        newerFormat[0] = (byte) (HubImageCodec.FORMAT + 1);
        byte[] hugeCount = {(byte) HubImageCodec.FORMAT, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07};

        for (byte[] corrupt : List.of(cut, longer, newerFormat, hugeCount, new byte[0])) {
            assertThatThrownBy(() -> HubImageCodec.transfer(transfer.transferId(), corrupt)).isInstanceOf(IllegalStateException.class);
        }
        byte[] chunk = HubEventChunks.of(List.of(HubStateFixtures.event(1, 1), HubStateFixtures.event(2, 1))).getFirst().events();
        assertThatThrownBy(() -> HubEventChunks.decode(1, 3, chunk)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> HubEventChunks.decode(1, 1, chunk)).isInstanceOf(IllegalStateException.class);
    }
}
