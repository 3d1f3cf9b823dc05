package io.astraclear.node.hub.codec;

import io.astraclear.ports.chain.Observation;
import io.astraclear.ports.chain.ObservedTransfer;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.CommandId;
import io.astraclear.ports.domain.Signature;
import io.astraclear.ports.domain.TransferId;
import io.astraclear.ports.hub.BatchId;
import io.astraclear.ports.hub.HubTransaction;
import io.astraclear.ports.signing.Signer;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/** Valid hub transactions with varied values, from a seeded {@link Random}: the same seed, the same samples. */
final class HubTransactionSamples {
    static final BigInteger MAX_UINT256 = Amount.MAX_UINT256;

    private final Random random;

    HubTransactionSamples(long seed) {
        this.random = new Random(seed);
    }

    Address address() {
        byte[] bytes = new byte[20];
        random.nextBytes(bytes);
        bytes[0] |= 1; // never the zero address
        return Address.fromBytes(bytes);
    }

    Bytes32 hash() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return new Bytes32(bytes);
    }

    BankId bank() {
        return BankId.of(List.of("BANK_A", "BANK_B", "B", "BANK_0123456789A", "X_9").get(random.nextInt(5)));
    }

    /** Zero, one, small, 2^64, 2^256 - 1 and random widths in between. */
    BigInteger uint256() {
        return switch (random.nextInt(6)) {
            case 0 -> BigInteger.ZERO;
            case 1 -> BigInteger.ONE;
            case 2 -> BigInteger.valueOf(random.nextInt(1_000_000));
            case 3 -> BigInteger.ONE.shiftLeft(64);
            case 4 -> MAX_UINT256;
            default -> new BigInteger(1 + random.nextInt(256), random);
        };
    }

    BigInteger positiveUint256() {
        BigInteger value = uint256();
        return value.signum() == 0 ? BigInteger.TWO : value;
    }

    long nonNegativeLong() {
        return switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> Long.MAX_VALUE;
            default -> random.nextLong(1L << random.nextInt(1, 63));
        };
    }

    int nonNegativeInt() {
        return switch (random.nextInt(3)) {
            case 0 -> 0;
            case 1 -> Integer.MAX_VALUE;
            default -> random.nextInt(1_000);
        };
    }

    /** A well-formed signature: random r and low s, v 27 or 28 (it recovers to nobody in particular). */
    Signature signature() {
        byte[] bytes = new byte[65];
        byte[] r = unsigned32(new BigInteger(255, random).add(BigInteger.ONE));
        byte[] s = unsigned32(new BigInteger(254, random).add(BigInteger.ONE));
        System.arraycopy(r, 0, bytes, 0, 32);
        System.arraycopy(s, 0, bytes, 32, 32);
        bytes[64] = (byte) (27 + random.nextInt(2));
        return Signature.fromBytes(bytes);
    }

    static byte[] unsigned32(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] word = new byte[32];
        int length = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - length, word, 32 - length, length);
        return word;
    }

    List<Address> ascendingAddresses(int count) {
        return IntStream.range(0, count).mapToObj(i -> address()).distinct().sorted().toList();
    }

    Observation.LogPosition position() {
        return new Observation.LogPosition(hash(), nonNegativeLong(), nonNegativeInt());
    }

    ObservedTransfer transfer() {
        return new ObservedTransfer(new TransferId(hash()), bank(), 1 + random.nextLong(Long.MAX_VALUE), address(),
                positiveUint256(), address(), bank(), address(), new Amount(uint256()), nonNegativeLong(), hash(), hash(),
                nonNegativeInt());
    }

    Observation.TransferInitiated transferInitiated() {
        return new Observation.TransferInitiated(transfer());
    }

    Observation commandExecuted() {
        return new Observation.CommandExecuted(bank(), new CommandId(hash()), address(), new Amount(uint256()), position());
    }

    Observation commandSkipped() {
        return new Observation.CommandSkipped(bank(), new CommandId(hash()), random.nextInt(256), position());
    }

    Observation commandFailed() {
        byte[] revert = new byte[List.of(0, 4, 68, 1_024).get(random.nextInt(4))];
        random.nextBytes(revert);
        return new Observation.CommandFailed(bank(), new CommandId(hash()), Bytes.wrap(revert), position());
    }

    Observation executorSetUpdated() {
        return new Observation.ExecutorSetUpdated(bank(), nonNegativeLong(), ascendingAddresses(1 + random.nextInt(64)), position());
    }

    /** One observation of each of the five kinds, in order. */
    List<Observation> everyObservationKind() {
        return List.of(transferInitiated(), commandExecuted(), commandSkipped(), commandFailed(), executorSetUpdated());
    }

    Observation anyObservation() {
        return switch (random.nextInt(5)) {
            case 0 -> transferInitiated();
            case 1 -> commandExecuted();
            case 2 -> commandSkipped();
            case 3 -> commandFailed();
            default -> executorSetUpdated();
        };
    }

    HubTransaction.Attest attest(int observations) {
        List<Observation> list = new ArrayList<>(observations);
        for (int i = 0; i < observations; i++) {
            list.add(anyObservation());
        }
        return new HubTransaction.Attest(list);
    }

    HubTransaction.Attest attestOfTransfers(int observations) {
        List<Observation> list = new ArrayList<>(observations);
        for (int i = 0; i < observations; i++) {
            list.add(transferInitiated());
        }
        return new HubTransaction.Attest(list);
    }

    HubTransaction.SignBatch signBatch() {
        return new HubTransaction.SignBatch(new BatchId(bank(), 1 + nonNegativeLong() % (Long.MAX_VALUE - 1)), signature());
    }

    HubTransaction.ConfirmSettlement confirmSettlement() {
        BankId debtor = bank();
        BankId creditor;
        do {
            creditor = bank();
        } while (creditor.equals(debtor));
        String reference = List.of("INV-2026-0001", " leading space", "~!@#$%^&*()_+{}|:\"<>?`-=[]\\;',./", "R".repeat(128))
                .get(random.nextInt(4));
        return new HubTransaction.ConfirmSettlement(debtor, creditor, new Amount(positiveUint256()), reference);
    }

    HubTransaction.RequestNetting requestNetting() {
        return new HubTransaction.RequestNetting(nonNegativeLong());
    }

    HubTransaction.ApproveValidatorSet approveValidatorSet() {
        return new HubTransaction.ApproveValidatorSet(1 + nonNegativeLong() % (Long.MAX_VALUE - 1), ascendingAddresses(1 + random.nextInt(64)));
    }

    HubTransaction.SignValidatorSet signValidatorSet() {
        return new HubTransaction.SignValidatorSet(1 + nonNegativeLong() % (Long.MAX_VALUE - 1), bank(), signature());
    }

    /** One payload of every type, the Attest holding every observation kind. */
    List<HubTransaction> oneOfEveryType() {
        return List.of(new HubTransaction.Attest(everyObservationKind()), signBatch(), confirmSettlement(), requestNetting(),
                approveValidatorSet(), signValidatorSet());
    }

    HubTransaction anyTransaction() {
        return switch (random.nextInt(6)) {
            case 0 -> attest(1 + random.nextInt(12));
            case 1 -> signBatch();
            case 2 -> confirmSettlement();
            case 3 -> requestNetting();
            case 4 -> approveValidatorSet();
            default -> signValidatorSet();
        };
    }

    /** A signer with a random address whose signatures are well-formed but verify for nobody: enough where only bytes matter. */
    Signer formatOnlySigner() {
        Address address = address();
        Signature signature = signature();
        return new Signer() {
            @Override
            public Address address() {
                return address;
            }

            @Override
            public Signature sign(Bytes32 digest) {
                return signature;
            }
        };
    }
}
