package io.astraclear.contracts.testing;

import io.astraclear.contracts.devnet.ExecutorCalls;
import io.astraclear.contracts.generated.Executor;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.CommandId;
import io.astraclear.ports.protocol.ProtocolDigests;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.web3j.abi.datatypes.Function;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * The entries of an {@code Executor.executeBatch} call, in order: entry {@code i} mints
 * {@code amounts[i]} to {@code recipients[i]} for {@code commandIds[i]}. Unlike
 * {@link io.astraclear.ports.domain.MintBatch} it accepts anything the contract must cope with
 * (zero values, repeats, any order, unequal lengths), so tests can send it.
 */
public record TestBatch(List<CommandId> commandIds, List<Address> recipients, List<BigInteger> amounts) {
    public TestBatch {
        commandIds = List.copyOf(commandIds);
        recipients = List.copyOf(recipients);
        amounts = List.copyOf(amounts);
    }

    /** {@code size} entries {@code keccak256(label-i)}, all minting {@code amount} to {@code recipient}. */
    public static TestBatch uniform(String label, int size, Address recipient, BigInteger amount) {
        Builder builder = builder();
        for (int i = 0; i < size; i++) {
            builder.add(TestBanks.commandId(label + "-" + i), recipient, amount);
        }
        return builder.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public int size() {
        return commandIds.size();
    }

    /** {@code ProtocolDigests.batchDigest} for this batch on the given Executor. */
    public Bytes32 digest(long chainId, Address executor) {
        return ProtocolDigests.batchDigest(commandIds, recipients, amounts.stream().map(Amount::new).toList(), chainId, executor);
    }

    /** A copy with entry {@code index} replaced. */
    public TestBatch with(int index, CommandId commandId, Address recipient, BigInteger amount) {
        List<CommandId> ids = new ArrayList<>(commandIds);
        List<Address> to = new ArrayList<>(recipients);
        List<BigInteger> values = new ArrayList<>(amounts);
        ids.set(index, commandId);
        to.set(index, recipient);
        values.set(index, amount);
        return new TestBatch(ids, to, values);
    }

    /** Sends {@code executeBatch} through the wrapper and waits for the receipt. */
    public TransactionReceipt execute(Executor executor, List<byte[]> signatures) throws Exception {
        return executor.executeBatch(commandIdBytes(), recipientStrings(), amounts, signatures).send();
    }

    /** The {@code executeBatch} call, for {@link io.astraclear.contracts.devnet.ChainAccount#submit}. */
    public Function function(List<byte[]> signatures) {
        return ExecutorCalls.executeBatch(commandIds, recipients, amounts, signatures);
    }

    public List<byte[]> commandIdBytes() {
        return commandIds.stream().map(id -> id.value().toByteArray()).toList();
    }

    public List<String> recipientStrings() {
        return recipients.stream().map(Address::value).toList();
    }

    public static final class Builder {
        private final List<CommandId> commandIds = new ArrayList<>();
        private final List<Address> recipients = new ArrayList<>();
        private final List<BigInteger> amounts = new ArrayList<>();

        public Builder add(CommandId commandId, Address recipient, BigInteger amount) {
            commandIds.add(commandId);
            recipients.add(recipient);
            amounts.add(amount);
            return this;
        }

        public TestBatch build() {
            return new TestBatch(commandIds, recipients, amounts);
        }
    }
}
