package io.astraclear.contracts.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.astraclear.contracts.ContractError;
import io.astraclear.contracts.ContractErrors;
import java.util.List;
import java.util.concurrent.Callable;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.TransactionException;

/**
 * Asserts that a transaction was mined, failed on chain, and reverted with a named custom error.
 * The revert data comes from replaying the transaction with {@code eth_call} at its block (web3j
 * and {@link io.astraclear.contracts.devnet.ChainAccount} both do); its selector is mapped to the
 * error name through the contracts' ABIs.
 */
public final class RevertAssertions {
    private RevertAssertions() {}

    /**
     * @param transaction sends one transaction and waits for its receipt, e.g. {@code () -> executor.execute(...).send()}
     * @param expectedArguments when given, all of the error's arguments, in order
     * @return the decoded error, for further checks
     */
    public static ContractError assertReverts(Callable<?> transaction, String expectedError, Object... expectedArguments) {
        TransactionException failure;
        try {
            Object result = transaction.call();
            return fail("expected a revert with " + expectedError + " but the transaction succeeded: " + result);
        } catch (TransactionException e) {
            failure = e;
        } catch (Exception e) {
            throw new AssertionError("expected a mined transaction reverting with " + expectedError + ", got " + e, e);
        }
        TransactionReceipt receipt = failure.getTransactionReceipt()
                .orElseThrow(() -> new AssertionError("the transaction was not mined: " + failure.getMessage(), failure));
        assertThat(receipt.isStatusOK()).as("receipt status of %s", receipt.getTransactionHash()).isFalse();
        String revertData = failure.getEncodedDataResponse().orElse(null);
        ContractError error = ContractErrors.bundled().decode(revertData)
                .orElseThrow(() -> new AssertionError("revert data " + revertData + " is not a known error; expected " + expectedError));
        assertThat(error.name()).as("custom error of %s", error).isEqualTo(expectedError);
        if (expectedArguments.length > 0) {
            assertThat(error.arguments()).as("arguments of %s", error).containsExactlyElementsOf(List.of(expectedArguments));
        }
        return error;
    }
}
