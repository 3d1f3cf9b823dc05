package io.astraclear.node.hub;

import io.astraclear.node.hub.codec.HubCodec;
import io.astraclear.node.testing.TestKeys;
import io.astraclear.node.testing.TestNetting;
import io.astraclear.ports.chain.Observation;
import io.astraclear.ports.chain.ObservedTransfer;
import io.astraclear.ports.consensus.HubBlock;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.MintCommand;
import io.astraclear.ports.domain.TransferId;
import io.astraclear.ports.domain.ValidatorSet;
import io.astraclear.ports.hub.HubGenesis;
import io.astraclear.ports.hub.HubMember;
import io.astraclear.ports.hub.HubParameters;
import io.astraclear.ports.hub.HubTransaction;
import io.astraclear.ports.netting.NettingStrategy;
import io.astraclear.ports.protocol.Keccak256;
import io.astraclear.ports.protocol.ProtocolDigests;
import io.astraclear.ports.signing.Signer;
import io.astraclear.ports.state.BlockEffects;
import io.astraclear.ports.state.HubBatch;
import io.astraclear.ports.state.HubTransfer;
import io.astraclear.ports.state.TxRecord;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A hub state machine in a test: a genesis with three banks, {@code n} validator keys and an
 * operator key per bank, and a tiny "storage" that keeps every image the blocks wrote, so that
 * blocks naming ended transfers get them loaded as the real node does.
 */
final class HubFixture {
    static final BankId A = BankId.of("BANK_A");
    static final BankId B = BankId.of("BANK_B");
    static final BankId C = BankId.of("BANK_C");
    static final BankId OUTSIDER_BANK = BankId.of("BANK_Z");
    static final String CHAIN_ID = "astra-test";

    final List<Signer> validators = new ArrayList<>();
    final Map<BankId, Signer> operators = new TreeMap<>();
    final Signer stranger = TestKeys.key(999);
    final HubGenesis genesis;
    final NettingStrategy netting;
    HubStateMachine machine;
    final Map<TransferId, HubTransfer> transfers = new LinkedHashMap<>();
    final Map<io.astraclear.ports.hub.BatchId, HubBatch> batches = new LinkedHashMap<>();
    final List<BlockEffects> blocks = new ArrayList<>();
    Instant time = Instant.parse("2026-01-01T00:00:00Z");
    private long logCounter;

    HubFixture(int validatorCount, HubParameters parameters) {
        this(validatorCount, parameters, new TestNetting());
    }

    HubFixture(int validatorCount, HubParameters parameters, NettingStrategy netting) {
        for (int i = 1; i <= validatorCount; i++) {
            validators.add(TestKeys.key(i));
        }
        List<HubMember> banks = new ArrayList<>();
        int index = 0;
        for (BankId bank : List.of(A, B, C)) {
            Signer operator = TestKeys.key(100 + index);
            operators.put(bank, operator);
            banks.add(new HubMember(bank, 1001 + index, address("gateway", bank), address("executor", bank), Optional.of(operator.address())));
            index++;
        }
        this.netting = netting;
        genesis = new HubGenesis(CHAIN_ID, banks, new ValidatorSet(0, validators.stream().map(Signer::address).toList()), parameters,
                netting.id(), netting.version());
        machine = HubStateMachine.start(genesis, Optional.empty(), netting, TestKeys::recover);
    }

    static HubParameters parameters(int votingTimeout, int nettingInterval, int retryMax, int maxBatch) {
        return new HubParameters(votingTimeout, nettingInterval, retryMax, maxBatch, 2);
    }

    static Address address(String role, BankId bank) {
        byte[] hash = Keccak256.hash((role + "/" + bank).getBytes(StandardCharsets.US_ASCII));
        return Address.fromBytes(Arrays.copyOfRange(hash, 12, 32));
    }

    HubMember member(BankId bank) {
        return genesis.bank(bank).orElseThrow();
    }

    /** A TransferInitiated as the source bank's Gateway would log it. */
    ObservedTransfer transfer(BankId from, BankId to, long nonce, long amount) {
        HubMember source = member(from);
        BigInteger n = BigInteger.valueOf(nonce);
        TransferId id = ProtocolDigests.transferId(source.chainId(), source.gateway(), n);
        return new ObservedTransfer(id, from, source.chainId(), source.gateway(), n, address("payer", from), to, address("payee", to),
                Amount.of(amount), 100 + nonce, hash("block " + nonce), hash("tx " + from + nonce), (int) (nonce % 7));
    }

    static Bytes32 hash(String text) {
        return new Bytes32(Keccak256.hash(text.getBytes(StandardCharsets.UTF_8)));
    }

    Observation.TransferInitiated initiated(ObservedTransfer transfer) {
        return new Observation.TransferInitiated(transfer);
    }

    Observation.LogPosition nextLog() {
        logCounter++;
        return new Observation.LogPosition(hash("executor tx " + logCounter), 5_000 + logCounter, (int) (logCounter % 5));
    }

    Observation.CommandExecuted executed(MintCommand command) {
        return new Observation.CommandExecuted(command.destinationBank(), command.commandId(), command.recipient(), command.amount(), nextLog());
    }

    Observation.CommandFailed failed(MintCommand command) {
        return new Observation.CommandFailed(command.destinationBank(), command.commandId(), Bytes.fromHex("0x08c379a0"), nextLog());
    }

    Bytes attest(int validator, Observation... observations) {
        return sign(validators.get(validator), new HubTransaction.Attest(List.of(observations)));
    }

    Bytes signBatch(int validator, HubBatch batch) {
        Signer key = validators.get(validator);
        return sign(key, new HubTransaction.SignBatch(batch.id(), key.sign(ProtocolDigests.batchDigest(batch.batch()))));
    }

    Bytes settle(BankId debtor, BankId creditor, long amount, String reference) {
        return sign(operators.get(creditor), new HubTransaction.ConfirmSettlement(debtor, creditor, Amount.of(amount), reference));
    }

    Bytes requestNetting(int validator) {
        return sign(validators.get(validator), new HubTransaction.RequestNetting(machine.head().height()));
    }

    Bytes sign(Signer key, HubTransaction transaction) {
        return HubCodec.sign(transaction, CHAIN_ID, key);
    }

    /** Applies a block of these transactions, loading ended transfers from what earlier blocks wrote; returns its effects. */
    BlockEffects block(Bytes... transactions) {
        time = time.plus(Duration.ofSeconds(1));
        HubBlock block = new HubBlock(machine.head().height() + 1, time, List.of(transactions));
        PreparedBlock prepared = machine.prepare(block);
        List<HubTransfer> loaded = prepared.transfersToLoad().stream().map(transfers::get).filter(java.util.Objects::nonNull).toList();
        BlockEffects effects = machine.apply(prepared, loaded).effects();
        effects.transfers().forEach(image -> transfers.put(image.transferId(), image));
        effects.batches().forEach(image -> batches.put(image.id(), image));
        blocks.add(effects);
        return effects;
    }

    HubTransfer transferImage(ObservedTransfer transfer) {
        return transfers.get(transfer.transferId());
    }

    List<HubBatch> openBatches() {
        return batches.values().stream().filter(batch -> batch.status() == HubBatch.Status.OPEN).toList();
    }

    /** The balances after every block so far: the last amount each pair was written with. */
    Map<String, BigInteger> balances() {
        Map<String, BigInteger> balances = new TreeMap<>();
        for (BlockEffects block : blocks) {
            block.balances().forEach(o -> {
                if (o.amount().isZero()) {
                    balances.remove(o.debtor() + ">" + o.creditor());
                } else {
                    balances.put(o.debtor() + ">" + o.creditor(), o.amount().value());
                }
            });
        }
        return balances;
    }

    static TxRecord only(BlockEffects block) {
        if (block.transactions().size() != 1) {
            throw new AssertionError("expected one transaction in block " + block.head().height() + ", got " + block.transactions().size());
        }
        return block.transactions().getFirst();
    }

    Map<String, Long> eventCounts() {
        Map<String, Long> counts = new HashMap<>();
        blocks.forEach(block -> block.events().forEach(event -> counts.merge(event.type().wireName(), 1L, Long::sum)));
        return counts;
    }
}
