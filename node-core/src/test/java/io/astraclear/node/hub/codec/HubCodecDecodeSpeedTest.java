package io.astraclear.node.hub.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.ports.domain.Bytes;
import io.astraclear.ports.hub.HubTransaction;
import io.astraclear.ports.hub.HubTxType;
import io.astraclear.ports.hub.SignedTransaction;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * How long decoding a full Attest takes: the hub must take 20,000 attested transfers a second on two
 * cores, that is 20 Attests of 1,000 transfers each, besides everything else it does. Prints the
 * figures only; a timing assertion would fail on a busy machine and prove nothing on an idle one.
 */
class HubCodecDecodeSpeedTest {
    private static final int WARM_UP = 300;
    private static final int MEASURED = 300;

    @Test
    void decodingAnAttestOfAThousandTransfersIsMeasured() throws Exception {
        HubTransactionSamples samples = new HubTransactionSamples(1_000);
        HubTransaction.Attest attest = samples.attestOfTransfers(HubTransaction.Attest.MAX_OBSERVATIONS);
        Bytes transaction = HubCodec.sign(attest, "astra-hub-1", samples.formatOnlySigner());
        Bytes payload = HubCodec.encodePayload(attest);

        for (int i = 0; i < WARM_UP; i++) {
            HubCodec.decode(transaction);
            HubCodec.encodePayload(attest);
        }
        long[] decode = new long[MEASURED];
        long[] decodePayload = new long[MEASURED];
        long[] encode = new long[MEASURED];
        SignedTransaction decoded = null;
        for (int i = 0; i < MEASURED; i++) {
            long start = System.nanoTime();
            decoded = HubCodec.decode(transaction);
            decode[i] = System.nanoTime() - start;
            start = System.nanoTime();
            HubCodec.decodePayload(HubTxType.ATTEST, payload);
            decodePayload[i] = System.nanoTime() - start;
            start = System.nanoTime();
            HubCodec.encodePayload(attest);
            encode[i] = System.nanoTime() - start;
        }

        assertThat(decoded.transaction()).isEqualTo(attest);
        System.out.printf("hub codec, Attest of 1,000 transfers (%,d bytes): decode %s, payload only %s, encode payload %s%n",
                transaction.length(), figures(decode), figures(decodePayload), figures(encode));
    }

    private static String figures(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format("median %.2f ms (p90 %.2f ms)", sorted[sorted.length / 2] / 1e6, sorted[sorted.length * 9 / 10] / 1e6);
    }
}
