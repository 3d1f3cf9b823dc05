package io.astraclear.adapters.besu;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RpcFailureTest {
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            -32005 | Requested range exceeds maximum RPC range limit
            -32005 | query returned more than 10000 results
            -32005 | query exceeds max results 20000, retry with the range 24383075-24383096
            -32000 | exceed maximum block range: 5000
            -32602 | Log response size exceeded. You can make eth_getLogs requests with up to a 2K block range
            -32000 | block range is too large
            -32005 | limit exceeded
            """)
    void recognisesLogQueriesRefusedAsTooLargeInTheWordingsOfBesuGethAndProviders(int code, String message) {
        RpcFailure failure = RpcFailure.response("eth_getLogs", code, message, null);

        assertThat(failure.isLogQueryTooLarge()).isTrue();
        assertThat(failure.isRevert()).isFalse();
    }

    @Test
    void aBlockRangeBeyondTheHeadIsNotMistakenForATooLargeQuery() {
        assertThat(RpcFailure.response("eth_getLogs", -32602, "block range extends beyond current head block", null).isLogQueryTooLarge())
                .isFalse();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            -32001 | Nonce too low
            -32000 | nonce too low
            -32003 | nonce too low: next nonce 7, tx nonce 5
            -32000 | Transaction nonce is too low
            """)
    void recognisesNonceTooLow(int code, String message) {
        assertThat(RpcFailure.response("eth_sendRawTransaction", code, message, null).isNonceTooLow()).isTrue();
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            -32000 | Known transaction
            -32000 | already known
            -32010 | Transaction with the same hash was already imported.
            """)
    void recognisesATransactionTheNodeAlreadyHas(int code, String message) {
        RpcFailure failure = RpcFailure.response("eth_sendRawTransaction", code, message, null);

        assertThat(failure.isAlreadyKnown()).isTrue();
        assertThat(failure.isNonceTooLow()).isFalse();
    }

    @Test
    void recognisesAnotherTransactionHoldingTheNonce() {
        assertThat(RpcFailure.response("eth_sendRawTransaction", -32000, "Replacement transaction underpriced", null)
                .isReplacementUnderpriced()).isTrue();
        assertThat(RpcFailure.response("eth_sendRawTransaction", -32000, "Transaction nonce is too distant from current sender nonce", null)
                .isNonceTooHigh()).isTrue();
    }

    @Test
    void readsRevertDataOfGethAnvilAndBesuAndUnquotesIt() {
        RpcFailure anvil = RpcFailure.response("eth_estimateGas", 3, "execution reverted: custom error 0x0fe7d4b3", "\"0x0fe7d4b3aa\"");
        RpcFailure besu = RpcFailure.response("eth_estimateGas", -32000, "Execution reverted", "\"0x0fe7d4b3bb\"");
        RpcFailure withoutData = RpcFailure.response("eth_call", 3, "execution reverted", null);

        assertThat(anvil.isRevert()).isTrue();
        assertThat(anvil.revertData()).contains("0x0fe7d4b3aa");
        assertThat(besu.isRevert()).isTrue();
        assertThat(besu.revertData()).contains("0x0fe7d4b3bb");
        assertThat(withoutData.isRevert()).isTrue();
        assertThat(withoutData.revertData()).isEmpty();
        assertThat(anvil.isTransient()).isFalse();
    }

    @Test
    void transportFailuresTimeoutsServerErrorsAndInternalErrorsAreTransient() {
        assertThat(RpcFailure.transport("eth_call", "http://127.0.0.1:1", new ConnectException("refused")).isTransient()).isTrue();
        assertThat(RpcFailure.transport("eth_call", "http://127.0.0.1:1", new TimeoutException()).isTransient()).isTrue();
        assertThat(RpcFailure.transport("eth_call", "http://127.0.0.1:1", new AsyncHttpService.HttpStatusException(503, "")).isTransient())
                .isTrue();
        assertThat(RpcFailure.transport("eth_call", "http://127.0.0.1:1", new AsyncHttpService.HttpStatusException(429, "")).isTransient())
                .isTrue();
        assertThat(RpcFailure.response("eth_call", -32603, "Internal error", null).isTransient()).isTrue();
    }

    @Test
    void clientErrorsAndRefusalsAreNotTransient() {
        assertThat(RpcFailure.transport("eth_call", "http://127.0.0.1:1", new AsyncHttpService.HttpStatusException(401, "")).isTransient())
                .isFalse();
        assertThat(RpcFailure.response("eth_sendRawTransaction", -32004, "Upfront cost exceeds account balance", null).isTransient())
                .isFalse();
    }

    @Test
    void isFoundUnderCompletableFutureWrappers() {
        RpcFailure failure = RpcFailure.response("eth_call", 3, "execution reverted", null);

        assertThat(RpcFailure.of(new CompletionException(new CompletionException(failure)))).contains(failure);
        assertThat(RpcFailure.of(new IllegalStateException("not an RPC failure"))).isEmpty();
    }

    @Test
    void namesTheMethodAndTheEndpointInItsMessage() {
        RpcFailure failure = RpcFailure.transport("eth_blockNumber", "http://127.0.0.1:8545", new ConnectException("Connection refused"));

        assertThat(failure.getMessage()).isEqualTo("eth_blockNumber to http://127.0.0.1:8545 failed: ConnectException: Connection refused");
    }
}
