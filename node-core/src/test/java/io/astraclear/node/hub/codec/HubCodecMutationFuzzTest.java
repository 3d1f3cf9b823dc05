package io.astraclear.node.hub.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.google.protobuf.ByteString;
import io.astraclear.node.hub.codec.proto.HubProto;
import io.astraclear.ports.domain.Bytes;
import io.astraclear.ports.hub.HubTransaction;
import io.astraclear.ports.hub.HubTxType;
import io.astraclear.ports.hub.SignedTransaction;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Random single- and multi-byte mutations and truncations of valid transactions: decoding either
 * succeeds, and then the result encodes back to exactly the mutated bytes (it was canonical), or
 * refuses with {@link MalformedTransactionException}; never another exception, never a hang.
 * Seeded: a failure names its round and bytes, and the same seed replays it.
 */
class HubCodecMutationFuzzTest {
    private static final long SEED = 0x5EED_C0DEL;
    private static final int ROUNDS = 30_000;
    private static final int CORPUS_SIZE = 80;
    private static final byte[] INTERESTING = {0x00, 0x01, 0x7f, (byte) 0x80, (byte) 0xff, 0x08, 0x0a, 0x12, 0x13, 0x14, 0x1a, 0x22};

    private final Random random = new Random(SEED);

    private enum Target { ENVELOPE, PAYLOAD, PAYLOAD_IN_VALID_ENVELOPE }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void mutatedTransactionsDecodeCanonicallyOrAreRefusedAndNothingElse() {
        HubTransactionSamples samples = new HubTransactionSamples(SEED);
        List<byte[]> corpus = new ArrayList<>();
        for (int i = 0; i < CORPUS_SIZE; i++) {
            corpus.add(HubCodec.sign(samples.anyTransaction(), "astra-hub-1", samples.formatOnlySigner()).toByteArray());
        }
        int accepted = 0;
        int refused = 0;

        for (int round = 0; round < ROUNDS; round++) {
            byte[] original = corpus.get(random.nextInt(corpus.size()));
            Target target = Target.values()[random.nextInt(Target.values().length)];
            byte[] input = null;
            try {
                HubProto.SignedTransaction envelope = HubProto.SignedTransaction.parseFrom(original);
                HubTxType type = HubTxType.fromCode(envelope.getType()).orElseThrow();
                switch (target) {
                    case ENVELOPE -> {
                        input = mutate(original);
                        SignedTransaction decoded = HubCodec.decode(Bytes.wrap(input));
                        assertThat(HubCodec.encode(decoded).toByteArray()).isEqualTo(input);
                    }
                    case PAYLOAD -> {
                        input = mutate(envelope.getPayload().toByteArray());
                        HubTransaction decoded = HubCodec.decodePayload(type, Bytes.wrap(input));
                        assertThat(HubCodec.encodePayload(decoded).toByteArray()).isEqualTo(input);
                    }
                    case PAYLOAD_IN_VALID_ENVELOPE -> {
                        input = envelope.toBuilder()
                                .setPayload(ByteString.copyFrom(mutate(envelope.getPayload().toByteArray())))
                                .build().toByteArray();
                        SignedTransaction decoded = HubCodec.decode(Bytes.wrap(input));
                        assertThat(HubCodec.encode(decoded).toByteArray()).isEqualTo(input);
                    }
                }
                accepted++;
            } catch (MalformedTransactionException e) {
                assertThat(e.getMessage()).isNotBlank().doesNotContain("\n").hasSizeLessThan(400);
                refused++;
            } catch (Throwable e) {
                fail("round " + round + " (seed " + SEED + ", " + target + ") threw " + e + " for "
                        + (input == null ? "?" : HexFormat.of().formatHex(input)), e);
            }
        }

        System.out.printf("hub codec fuzz: %d rounds, %d decoded canonically, %d refused%n", ROUNDS, accepted, refused);
        assertThat(accepted).as("some mutations (a flipped hash bit) stay valid").isPositive();
        assertThat(refused).as("most mutations break the encoding").isGreaterThan(accepted);
    }

    /** One to four mutations. */
    private byte[] mutate(byte[] input) {
        byte[] bytes = input;
        for (int i = 0, count = 1 + random.nextInt(4); i < count; i++) {
            bytes = mutateOnce(bytes);
        }
        return bytes;
    }

    private byte[] mutateOnce(byte[] bytes) {
        if (bytes.length == 0) {
            return new byte[] {INTERESTING[random.nextInt(INTERESTING.length)]};
        }
        int at = random.nextInt(bytes.length);
        byte[] out = bytes.clone();
        switch (random.nextInt(7)) {
            case 0 -> out[at] = (byte) random.nextInt(256);
            case 1 -> out[at] ^= (byte) (1 << random.nextInt(8));
            case 2 -> out[at] = INTERESTING[random.nextInt(INTERESTING.length)];
            case 3 -> out = Arrays.copyOf(bytes, at); // truncation
            case 4 -> { // delete 1 to 4 bytes
                int length = Math.min(1 + random.nextInt(4), bytes.length - at);
                ByteArrayOutputStream shorter = new ByteArrayOutputStream();
                shorter.write(bytes, 0, at);
                shorter.write(bytes, at + length, bytes.length - at - length);
                out = shorter.toByteArray();
            }
            case 5 -> { // insert 1 to 4 random bytes
                byte[] inserted = new byte[1 + random.nextInt(4)];
                random.nextBytes(inserted);
                out = splice(bytes, at, inserted);
            }
            default -> { // duplicate a slice elsewhere
                int length = Math.min(1 + random.nextInt(40), bytes.length - at);
                out = splice(bytes, random.nextInt(bytes.length + 1), Arrays.copyOfRange(bytes, at, at + length));
            }
        }
        return out;
    }

    private static byte[] splice(byte[] bytes, int at, byte[] inserted) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + inserted.length);
        out.write(bytes, 0, at);
        out.writeBytes(inserted);
        out.write(bytes, at, bytes.length - at);
        return out.toByteArray();
    }
}
