package io.astraclear.adapters.besu;

import static io.astraclear.adapters.besu.AnvilBank.await;
import static io.astraclear.adapters.besu.AnvilBank.signatures;
import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.contracts.devnet.AnvilNode;
import io.astraclear.ports.chain.ExecutionOutcome;
import io.astraclear.ports.domain.MintCommand;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;

/**
 * A relayer transaction the node holds but will never mine. anvil 1.7.1 with instant mining strands
 * one now and then under a burst (seen in ExecutionIT's and ExecutorThroughputIT's measurements): it
 * sits in the pool's queued set although the relayer's latest nonce is its own, the pending nonce
 * equals the latest, and every later nonce queues behind it. Here the same pool state is made on
 * purpose: the relayer's nonce is set one lower while the adapter sends (so anvil queues the
 * transaction behind a predecessor that never comes), then set back.
 */
class StrandedTransactionIT {

    // short enough that waiting out the receipt timeout and retrying would still pass, if it recovered
    @RegisterExtension
    static final ConnectedBank CONNECTED = new ConnectedBank(AnvilNode.builder().chainId(1207),
            settings -> settings.receiptTimeout(Duration.ofSeconds(10)));

    @Test
    void replacesATransactionTheNodeHoldsButWillNotMine() throws Exception {
        MintCommand warmUp = CONNECTED.bank().mintCommand("warm-up", 1);
        assertThat(await(CONNECTED.chain().execute(warmUp, signatures(warmUp)))).isInstanceOf(ExecutionOutcome.Executed.class);
        long nonce = relayerNonce(DefaultBlockParameterName.LATEST);

        CONNECTED.bank().rpc("anvil_setNonce", relayer(), "0x" + Long.toHexString(nonce - 1));
        MintCommand command = CONNECTED.bank().mintCommand("stranded", 5);
        CompletableFuture<ExecutionOutcome> outcome = CONNECTED.chain().execute(command, signatures(command)).toCompletableFuture();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!"0x1".equals(txpoolStatus().get("queued"))) {
            assertThat(System.nanoTime()).as("the adapter's transaction is queued").isLessThan(deadline);
            Thread.sleep(20);
        }
        CONNECTED.bank().rpc("anvil_setNonce", relayer(), "0x" + Long.toHexString(nonce));
        assertThat(relayerNonce(DefaultBlockParameterName.PENDING)).as("anvil does not count the queued transaction as pending")
                .isEqualTo(nonce);

        ExecutionOutcome executed = await(outcome);

        assertThat(executed).isInstanceOf(ExecutionOutcome.Executed.class);
        assertThat(relayerNonce(DefaultBlockParameterName.LATEST)).isEqualTo(nonce + 1);
        MintCommand next = CONNECTED.bank().mintCommand("after-stranded", 1);
        assertThat(await(CONNECTED.chain().execute(next, signatures(next)))).isInstanceOf(ExecutionOutcome.Executed.class);
    }

    private static String relayer() {
        return CONNECTED.bank().node().account(AnvilBank.RELAYER).address().value();
    }

    private static long relayerNonce(DefaultBlockParameterName which) throws Exception {
        return CONNECTED.bank().web3j().ethGetTransactionCount(relayer(), which).send().getTransactionCount().longValueExact();
    }

    private static Map<String, String> txpoolStatus() throws Exception {
        return new Request<>("txpool_status", List.of(), new org.web3j.protocol.http.HttpService(CONNECTED.bank().node().rpcUrl()), TxpoolStatus.class)
                .send().getResult();
    }

    public static final class TxpoolStatus extends Response<Map<String, String>> {}
}
