package io.astraclear.contracts.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;

class JsonRpcHttpIT {
    private static final int CALLS = 15;

    @Test
    void largeRequestsDoNotWaitForTheServersDelayedAck() throws Exception {
        try (AnvilNode anvil = AnvilNode.start()) {
            Web3j web3j = JsonRpcHttp.connect(anvil.rpcUrl());
            try {
                // 16 KB of call data, 32 KB of hex: several TCP writes, as a batch transaction is
                Transaction call = Transaction.createEthCallTransaction(anvil.account(1).address().value(),
                        "0x000000000000000000000000000000000000dead", "0x" + "ab".repeat(16_000));
                long[] millis = new long[CALLS];
                for (int i = 0; i < CALLS; i++) {
                    long start = System.nanoTime();
                    EthCall answer = web3j.ethCall(call, DefaultBlockParameterName.LATEST).send();
                    millis[i] = (System.nanoTime() - start) / 1_000_000;
                    assertThat(answer.hasError()).as("eth_call error %s", answer.getError()).isFalse();
                }
                Arrays.sort(millis);
                // with Nagle's algorithm on, every such call takes about 40 ms here; without, 1 to 2 ms
                assertThat(millis[CALLS / 2]).as("median eth_call milliseconds of %s", Arrays.toString(millis)).isLessThan(20);
            } finally {
                web3j.shutdown();
            }
        }
    }
}
