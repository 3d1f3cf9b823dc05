package io.astraclear.contracts.devnet;

import io.astraclear.contracts.generated.BankToken;
import io.astraclear.contracts.generated.Executor;
import io.astraclear.contracts.generated.Gateway;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.TransactionException;

/**
 * Sets up one bank on its chain, as the bank (the owner account): deploys BankToken, Gateway and
 * Executor, wires the token to both, registers the other consortium banks and mints demo balances.
 * Transactions that do not depend on each other are sent together so that they can share a block,
 * which matters with interval mining.
 *
 * <p>Blocking calls: never use it on an event loop.
 */
public final class BankDeployer {
    /** The Executor's limit; more would not fit its signature checks in a block anyway. */
    public static final int MAX_VALIDATORS = 64;

    private final ChainAccount owner;

    public BankDeployer(ChainAccount owner) {
        this.owner = Objects.requireNonNull(owner, "owner");
    }

    /** Connects as {@code owner} on the chain behind {@code web3j} (its chain id is asked from the node). */
    public static BankDeployer connect(Web3j web3j, Credentials owner) throws IOException {
        return new BankDeployer(ChainAccount.connect(web3j, owner));
    }

    public ChainAccount owner() {
        return owner;
    }

    /**
     * Deploys the bank's contracts. The validators may come in any order: the Executor requires them
     * strictly ascending, so they are sorted here; duplicates are rejected.
     */
    public BankContracts deploy(BankId bankId, String tokenName, String tokenSymbol, int tokenDecimals, List<Address> validators)
            throws IOException, TransactionException {
        Objects.requireNonNull(bankId, "bankId");
        if (tokenName == null || tokenName.isBlank() || tokenSymbol == null || tokenSymbol.isBlank()) {
            throw new IllegalArgumentException("token name and symbol must not be blank");
        }
        if (tokenDecimals < 0 || tokenDecimals > 255) {
            throw new IllegalArgumentException("token decimals is a uint8, got " + tokenDecimals);
        }
        List<Address> validatorSet = sortedValidatorSet(validators);

        Address token = deployed(owner.submitDeployment("0x" + BankToken.BINARY + FunctionEncoder.encodeConstructor(List.of(
                new Utf8String(tokenName), new Utf8String(tokenSymbol), new Uint8(tokenDecimals)))));

        String gatewayDeployment = owner.submitDeployment("0x" + Gateway.BINARY + FunctionEncoder.encodeConstructor(List.of(
                web3jAddress(token), new Bytes32(bankId.toBytes32().toByteArray()))));
        String executorDeployment = owner.submitDeployment("0x" + Executor.BINARY + FunctionEncoder.encodeConstructor(List.of(
                web3jAddress(token),
                new DynamicArray<>(org.web3j.abi.datatypes.Address.class,
                        validatorSet.stream().map(BankDeployer::web3jAddress).toList()))));
        Address gateway = deployed(gatewayDeployment);
        Address executor = deployed(executorDeployment);

        owner.sendAll(token, List.of(
                new Function(BankToken.FUNC_SETGATEWAY, List.of(web3jAddress(gateway)), List.of()),
                new Function(BankToken.FUNC_SETEXECUTOR, List.of(web3jAddress(executor)), List.of())));
        return new BankContracts(bankId, owner.chainId(), token, gateway, executor);
    }

    /** Allows transfers from this bank to every other bank of the consortium; the bank itself is skipped. */
    public List<TransactionReceipt> registerBanks(BankContracts bank, Collection<BankId> consortium)
            throws IOException, TransactionException {
        List<Function> registrations = new ArrayList<>();
        for (BankId other : new TreeSet<>(consortium)) {
            if (!other.equals(bank.bankId())) {
                registrations.add(new Function(Gateway.FUNC_REGISTERBANK,
                        List.of(new Bytes32(other.toBytes32().toByteArray())), List.of()));
            }
        }
        return owner.sendAll(bank.gateway(), registrations);
    }

    /** The bank mints demo balances, as it would against customers' deposits. */
    public List<TransactionReceipt> fundAccounts(BankContracts bank, Map<Address, Amount> balances)
            throws IOException, TransactionException {
        List<Function> mints = new ArrayList<>();
        for (Map.Entry<Address, Amount> balance : new TreeMap<>(balances).entrySet()) {
            if (balance.getValue().isZero()) {
                throw new IllegalArgumentException("demo balance for " + balance.getKey() + " is zero");
            }
            mints.add(new Function(BankToken.FUNC_MINT,
                    List.of(web3jAddress(balance.getKey()), new Uint256(balance.getValue().value())), List.of()));
        }
        return owner.sendAll(bank.token(), mints);
    }

    /** Sorted ascending as the Executor requires; rejects empty, oversized, duplicate or zero entries. */
    public static List<Address> sortedValidatorSet(Collection<Address> validators) {
        if (validators == null || validators.isEmpty()) {
            throw new IllegalArgumentException("the validator set must not be empty");
        }
        TreeSet<Address> sorted = new TreeSet<>(validators);
        if (sorted.size() != validators.size()) {
            throw new IllegalArgumentException("the validator set has duplicates: " + validators);
        }
        if (sorted.contains(Address.ZERO)) {
            throw new IllegalArgumentException("the zero address cannot be a validator");
        }
        if (sorted.size() > MAX_VALIDATORS) {
            throw new IllegalArgumentException("at most " + MAX_VALIDATORS + " validators, got " + sorted.size());
        }
        return List.copyOf(sorted);
    }

    private Address deployed(String deploymentHash) throws IOException, TransactionException {
        TransactionReceipt receipt = owner.awaitSuccess(deploymentHash);
        if (receipt.getContractAddress() == null) {
            throw new TransactionException("deployment " + deploymentHash + " created no contract", receipt);
        }
        return Address.of(receipt.getContractAddress());
    }

    private static org.web3j.abi.datatypes.Address web3jAddress(Address address) {
        return new org.web3j.abi.datatypes.Address(address.value());
    }
}
