package io.astraclear.node.hub;

import static io.astraclear.node.hub.HubFixture.A;
import static io.astraclear.node.hub.HubFixture.B;
import static io.astraclear.node.hub.HubFixture.C;

import io.astraclear.ports.chain.Observation;
import io.astraclear.ports.chain.ObservedTransfer;
import io.astraclear.ports.consensus.HubBlock;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes;
import io.astraclear.ports.domain.MintCommand;
import io.astraclear.ports.hub.HubTransaction;
import io.astraclear.ports.netting.Obligation;
import io.astraclear.ports.signing.Signer;
import io.astraclear.ports.state.BlockEffects;
import io.astraclear.ports.state.HubBatch;
import io.astraclear.ports.state.HubTransfer;
import io.astraclear.ports.storage.TransferStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A long, seeded, random history of hub blocks, made by driving a reference state machine
 * ({@link HubFixture}) and choosing each next transaction from what it holds: honest and
 * equivocating attestations of transfers, attestations from outsiders and of impossible events,
 * batch signatures (right, wrong, for unknown batches), Executor outcomes (mints, refused mints,
 * repeats), settlements (within, beyond and reusing references, by the wrong key), netting requests
 * (now and from the future), garbage bytes, other hubs' transactions, replays of earlier
 * transactions, and empty blocks. {@link #blocks()} are the blocks exactly as the reference applied
 * them and {@link #appHashes()} the app hash after each.
 */
final class RandomHistory {
    private static final List<BankId> BANKS = List.of(A, B, C);

    private final Random random;
    private final HubFixture hub;
    private final List<HubBlock> blocks = new ArrayList<>();
    private final List<io.astraclear.ports.domain.Bytes32> appHashes = new ArrayList<>();
    private final List<Bytes> sent = new ArrayList<>();
    private final List<ObservedTransfer> transfers = new ArrayList<>();
    private long nonce;

    private RandomHistory(long seed, int validators) {
        this.random = new Random(seed);
        // a short voting timeout and retry max so that timeouts, late confirmations and stuck mints happen within a history
        this.hub = new HubFixture(validators, HubFixture.parameters(4, 11, 1, 8));
    }

    static RandomHistory generate(long seed, int validators, int blockCount) {
        RandomHistory history = new RandomHistory(seed, validators);
        for (int i = 0; i < blockCount; i++) {
            history.nextBlock();
        }
        return history;
    }

    HubFixture reference() {
        return hub;
    }

    List<HubBlock> blocks() {
        return blocks;
    }

    List<io.astraclear.ports.domain.Bytes32> appHashes() {
        return appHashes;
    }

    private void nextBlock() {
        List<Bytes> transactions = new ArrayList<>();
        int count = random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(6);
        for (int i = 0; i < count; i++) {
            transactions.addAll(nextTransactions());
        }
        BlockEffects effects = hub.block(transactions.toArray(Bytes[]::new));
        blocks.add(new HubBlock(effects.head().height(), hub.time, List.copyOf(transactions)));
        appHashes.add(effects.head().appHash());
        sent.addAll(transactions);
    }

    /** Usually one transaction; the same content from several validators at once where agreement is the point. */
    private List<Bytes> nextTransactions() {
        int pick = random.nextInt(100);
        if (pick < 25) {
            return byValidators(this::attestTransfers);
        }
        if (pick < 40) {
            return byValidators(this::attestOutcomes);
        }
        if (pick < 52) {
            return byValidators(this::signBatch);
        }
        return List.of(nextTransaction());
    }

    /** Some of the validators (often a threshold or more) each send what {@code make} builds for them, about the same subject. */
    private List<Bytes> byValidators(java.util.function.Function<Signer, Bytes> make) {
        List<Signer> shuffled = new ArrayList<>(hub.validators);
        java.util.Collections.shuffle(shuffled, random);
        int count = 1 + random.nextInt(shuffled.size());
        long subjectSeed = random.nextLong();
        roundNonce = nonce;
        List<Bytes> transactions = new ArrayList<>();
        for (Signer validator : shuffled.subList(0, count)) {
            subject = new Random(subjectSeed); // every validator picks the same subject
            transactions.add(make.apply(validator));
        }
        subject = random;
        return transactions;
    }

    /** Where the choice of subject comes from: the history's random, or a fixed sequence shared by the validators of one round. */
    private Random subject;
    /** The nonce new transfers of one round count from, so that every validator of the round makes the same ones. */
    private long roundNonce;

    private Bytes nextTransaction() {
        subject = random;
        roundNonce = nonce;
        int pick = random.nextInt(100);
        if (pick < 35) {
            return attestTransfers(validator());
        }
        if (pick < 50) {
            return attestOutcomes(validator());
        }
        if (pick < 62) {
            return signBatch(validator());
        }
        if (pick < 70) {
            return settle();
        }
        if (pick < 74) {
            return hub.sign(validator(), new HubTransaction.RequestNetting(Math.max(0, hub.machine.head().height() - random.nextInt(3))));
        }
        if (pick < 80 && !sent.isEmpty()) {
            return sent.get(random.nextInt(sent.size())); // a replay
        }
        if (pick < 84) {
            byte[] garbage = new byte[1 + random.nextInt(64)];
            random.nextBytes(garbage);
            return Bytes.wrap(garbage);
        }
        if (pick < 88) {
            return hub.sign(hub.stranger, new HubTransaction.Attest(List.of(hub.initiated(newTransfer()))));
        }
        if (pick < 92) {
            return io.astraclear.node.hub.codec.HubCodec.sign(new HubTransaction.Attest(List.of(hub.initiated(newTransfer()))), "another-hub",
                    validator());
        }
        if (pick < 95) {
            return hub.sign(validator(), new HubTransaction.RequestNetting(hub.machine.head().height() + 5)); // from the future
        }
        return attestTransfers(validator());
    }

    private Signer validator() {
        return hub.validators.get(random.nextInt(hub.validators.size()));
    }

    /** A transfer never attested before, or (when validators of one round ask) the one the first of them made. */
    private ObservedTransfer newTransfer() {
        Random r = subject == null ? random : subject;
        BankId from = BANKS.get(r.nextInt(BANKS.size()));
        BankId to = BANKS.get(r.nextInt(BANKS.size()));
        if (to.equals(from)) {
            to = r.nextInt(5) == 0 ? HubFixture.OUTSIDER_BANK : BANKS.get((BANKS.indexOf(from) + 1) % BANKS.size());
        }
        long n = (r == random ? nonce : roundNonce) + 1 + r.nextInt(3);
        ObservedTransfer transfer = hub.transfer(from, to, n, 1 + r.nextInt(1_000));
        if (!transfers.contains(transfer)) {
            transfers.add(transfer);
            nonce = Math.max(nonce, n);
        }
        return transfer;
    }

    /** One validator attests a few transfers: new ones, earlier ones (so that others reach threshold), sometimes a lie. */
    private Bytes attestTransfers(Signer validator) {
        Random r = subject;
        List<Observation> observations = new ArrayList<>();
        int count = 1 + r.nextInt(4);
        for (int i = 0; i < count; i++) {
            ObservedTransfer transfer = transfers.isEmpty() || r.nextInt(3) == 0 ? newTransfer() : transfers.get(r.nextInt(transfers.size()));
            if (random.nextInt(12) == 0) {
                transfer = new ObservedTransfer(transfer.transferId(), transfer.sourceBank(), transfer.sourceChainId(), transfer.sourceGateway(),
                        transfer.nonce(), transfer.sender(), transfer.destinationBank(), transfer.recipient(), transfer.amount().plus(Amount.of(1)),
                        transfer.blockNumber(), transfer.blockHash(), transfer.transactionHash(), transfer.logIndex()); // an equivocation
            }
            observations.add(hub.initiated(transfer));
        }
        return hub.sign(validator, new HubTransaction.Attest(observations));
    }

    /** Outcomes of commands in open batches: mints, refused mints, skips; attested by several validators at once. */
    private Bytes attestOutcomes(Signer validator) {
        Random r = subject;
        List<HubTransfer> waiting = hub.transfers.values().stream()
                .filter(t -> t.status() == TransferStatus.CONFIRMED && t.batch().isPresent()).toList();
        if (waiting.isEmpty()) {
            return attestTransfers(validator);
        }
        MintCommand command = waiting.get(r.nextInt(waiting.size())).confirmation().orElseThrow().command();
        int kind = r.nextInt(4);
        Observation.LogPosition position = new Observation.LogPosition(HubFixture.hash("log " + r.nextLong()), 7_000 + r.nextInt(1_000), r.nextInt(9));
        Observation outcome = switch (kind) {
            case 0 -> new Observation.CommandFailed(command.destinationBank(), command.commandId(), Bytes.fromHex("0x08c379a0"), position);
            case 1 -> new Observation.CommandSkipped(command.destinationBank(), command.commandId(), 0, position);
            default -> new Observation.CommandExecuted(command.destinationBank(), command.commandId(), command.recipient(), command.amount(), position);
        };
        return hub.sign(validator, new HubTransaction.Attest(List.of(outcome)));
    }

    private Bytes signBatch(Signer validator) {
        Random r = subject;
        List<HubBatch> open = hub.openBatches();
        if (open.isEmpty()) {
            return attestTransfers(validator);
        }
        HubBatch batch = open.get(r.nextInt(open.size()));
        if (random.nextInt(10) == 0) {
            return hub.sign(validator, new HubTransaction.SignBatch(batch.id(), validator.sign(HubFixture.hash("not the batch"))));
        }
        return hub.sign(validator, new HubTransaction.SignBatch(batch.id(), validator.sign(batch.batch().digest())));
    }

    private Bytes settle() {
        List<Obligation> owed = new ArrayList<>();
        hub.balances().forEach((pair, amount) -> {
            String[] banks = pair.split(">");
            owed.add(new Obligation(BankId.of(banks[0]), BankId.of(banks[1]), new Amount(amount)));
        });
        if (owed.isEmpty()) {
            return hub.settle(A, B, 1, "nothing-owed-" + random.nextInt(3));
        }
        Obligation obligation = owed.get(random.nextInt(owed.size()));
        long amount = Math.max(1, obligation.amount().value().longValue() / (1 + random.nextInt(3)) + (random.nextInt(8) == 0 ? 1_000_000 : 0));
        String reference = "ref-" + random.nextInt(40);
        if (random.nextInt(10) == 0) {
            return hub.sign(hub.operators.get(obligation.debtor()),
                    new HubTransaction.ConfirmSettlement(obligation.debtor(), obligation.creditor(), Amount.of(amount), reference));
        }
        return hub.settle(obligation.debtor(), obligation.creditor(), amount, reference);
    }
}
