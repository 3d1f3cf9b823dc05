package io.astraclear.node.hub.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.astraclear.ports.chain.Observation;
import io.astraclear.ports.chain.ObservedTransfer;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.CommandId;
import io.astraclear.ports.domain.TransferId;
import io.astraclear.ports.hub.HubTransaction;
import io.astraclear.ports.hub.HubTxType;
import io.astraclear.ports.hub.SignedTransaction;
import io.astraclear.ports.signing.Signer;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HubCodecRoundTripTest {
    private final HubTransactionSamples samples = new HubTransactionSamples(20261205L);

    @Test
    void everyTypeDecodesToTheTransactionItWasEncodedFrom() throws Exception {
        Set<HubTxType> seen = EnumSet.noneOf(HubTxType.class);
        for (int round = 0; round < 50; round++) {
            for (HubTransaction transaction : samples.oneOfEveryType()) {
                Bytes payload = HubCodec.encodePayload(transaction);

                assertThat(HubCodec.decodePayload(transaction.type(), payload)).isEqualTo(transaction);
                seen.add(transaction.type());
            }
        }
        assertThat(seen).containsExactlyInAnyOrder(HubTxType.values());
    }

    @Test
    void everyObservationKindSurvivesTheRoundTripInOrder() throws Exception {
        List<Observation> observations = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            observations.addAll(samples.everyObservationKind());
        }
        HubTransaction.Attest attest = new HubTransaction.Attest(observations);

        HubTransaction decoded = HubCodec.decodePayload(HubTxType.ATTEST, HubCodec.encodePayload(attest));

        assertThat(decoded).isEqualTo(attest);
        assertThat(((HubTransaction.Attest) decoded).observations())
                .extracting(observation -> observation.getClass().getSimpleName())
                .containsSubsequence("TransferInitiated", "CommandExecuted", "CommandSkipped", "CommandFailed", "ExecutorSetUpdated");
    }

    @Test
    void extremeValuesSurvive() throws Exception {
        Address lowest = Address.of("0x0000000000000000000000000000000000000001");
        Address highest = Address.of("0xffffffffffffffffffffffffffffffffffffffff");
        ObservedTransfer extreme = new ObservedTransfer(new TransferId(samples.hash()), BankId.of("A"), Long.MAX_VALUE, highest,
                HubTransactionSamples.MAX_UINT256, Address.ZERO, BankId.of("Z".repeat(16)), lowest,
                new Amount(HubTransactionSamples.MAX_UINT256), Long.MAX_VALUE, samples.hash(), samples.hash(), Integer.MAX_VALUE);
        ObservedTransfer smallest = new ObservedTransfer(new TransferId(samples.hash()), BankId.of("A"), 1, Address.ZERO,
                BigInteger.ONE, Address.ZERO, BankId.of("B"), Address.ZERO, Amount.ZERO, 0, samples.hash(), samples.hash(), 0);
        HubTransaction.Attest attest = new HubTransaction.Attest(List.of(
                new Observation.TransferInitiated(extreme),
                new Observation.TransferInitiated(smallest),
                new Observation.CommandExecuted(BankId.of("B"), new CommandId(samples.hash()), Address.ZERO, Amount.ZERO,
                        new Observation.LogPosition(samples.hash(), 0, 0)),
                new Observation.CommandSkipped(BankId.of("B"), new CommandId(samples.hash()), 255,
                        new Observation.LogPosition(samples.hash(), Long.MAX_VALUE, Integer.MAX_VALUE)),
                new Observation.CommandFailed(BankId.of("B"), new CommandId(samples.hash()), Bytes.EMPTY, samples.position()),
                new Observation.ExecutorSetUpdated(BankId.of("B"), 0, List.of(lowest, highest), samples.position())));
        List<HubTransaction> transactions = List.of(attest,
                new HubTransaction.RequestNetting(0),
                new HubTransaction.RequestNetting(Long.MAX_VALUE),
                new HubTransaction.ConfirmSettlement(BankId.of("A"), BankId.of("B"), Amount.of(1), "x"),
                new HubTransaction.ConfirmSettlement(BankId.of("A"), BankId.of("B"), new Amount(HubTransactionSamples.MAX_UINT256), "~".repeat(128)),
                new HubTransaction.ApproveValidatorSet(Long.MAX_VALUE, List.of(lowest)),
                new HubTransaction.SignValidatorSet(1, BankId.of("B"), samples.signature()));

        for (HubTransaction transaction : transactions) {
            assertThat(HubCodec.decodePayload(transaction.type(), HubCodec.encodePayload(transaction))).isEqualTo(transaction);
        }
    }

    @Test
    void aRequestForNettingAtHeightZeroIsTheEmptyPayload() throws Exception {
        Bytes payload = HubCodec.encodePayload(new HubTransaction.RequestNetting(0));

        assertThat(payload).isEqualTo(Bytes.EMPTY);
        assertThat(HubCodec.decodePayload(HubTxType.REQUEST_NETTING, payload)).isEqualTo(new HubTransaction.RequestNetting(0));
    }

    @Test
    void amountsAreMinimalBigEndianBytesAndZeroIsAbsent() {
        // ConfirmSettlement field 3 (amount), wire type 2: tag 0x1a
        assertThat(HubCodec.encodePayload(new HubTransaction.ConfirmSettlement(BankId.of("A"), BankId.of("B"), Amount.of(0x80), "r")).toHex())
                .isEqualTo("0x0a0141120142" + "1a0180" + "220172");
        assertThat(HubCodec.encodePayload(new HubTransaction.ConfirmSettlement(BankId.of("A"), BankId.of("B"), Amount.of(0x0100), "r")).toHex())
                .isEqualTo("0x0a0141120142" + "1a020100" + "220172");
        assertThat(HubCodec.encodePayload(new HubTransaction.ConfirmSettlement(BankId.of("A"), BankId.of("B"),
                new Amount(HubTransactionSamples.MAX_UINT256), "r")).toHex())
                .isEqualTo("0x0a0141120142" + "1a20" + "ff".repeat(32) + "220172");

        // zero: no amount field at all, 3 bytes (tag, length, 0x01) less than the amount 1
        assertThat(HubCodec.encodePayload(new HubTransaction.ConfirmSettlement(BankId.of("A"), BankId.of("B"), Amount.of(1), "r")).toHex())
                .isEqualTo("0x0a0141120142" + "1a0101" + "220172");
        Observation.LogPosition position = samples.position();
        CommandId command = new CommandId(samples.hash());
        int withZero = HubCodec.encodePayload(new HubTransaction.Attest(List.of(
                new Observation.CommandExecuted(BankId.of("B"), command, Address.ZERO, Amount.ZERO, position)))).length();
        int withOne = HubCodec.encodePayload(new HubTransaction.Attest(List.of(
                new Observation.CommandExecuted(BankId.of("B"), command, Address.ZERO, Amount.of(1), position)))).length();
        assertThat(withOne - withZero).isEqualTo(3);
    }

    @Test
    void encodingIsDeterministic() {
        HubTransactionSamples same = new HubTransactionSamples(7);
        HubTransactionSamples again = new HubTransactionSamples(7);
        for (int i = 0; i < 100; i++) {
            HubTransaction one = same.anyTransaction();
            HubTransaction two = again.anyTransaction();

            assertThat(HubCodec.encodePayload(one)).isEqualTo(HubCodec.encodePayload(two));
        }
    }

    @Test
    void aSignedTransactionDecodesToItsPayloadSenderAndSignatureAndEncodesBackToTheSameBytes() throws Exception {
        for (int i = 0; i < 200; i++) {
            HubTransaction transaction = samples.anyTransaction();
            Signer signer = samples.formatOnlySigner();

            Bytes bytes = HubCodec.sign(transaction, "astra-hub-1", signer);
            SignedTransaction decoded = HubCodec.decode(bytes);

            assertThat(decoded.transaction()).isEqualTo(transaction);
            assertThat(decoded.type()).isEqualTo(transaction.type());
            assertThat(decoded.payload()).isEqualTo(HubCodec.encodePayload(transaction));
            assertThat(decoded.sender()).isEqualTo(signer.address());
            assertThat(decoded.signature()).isEqualTo(signer.sign(Bytes32.ZERO));
            assertThat(HubCodec.encode(decoded)).isEqualTo(bytes);
        }
    }

    @Test
    void encodingRefusesPayloadBytesThatAreNotTheTransactions() throws Exception {
        Signer signer = samples.formatOnlySigner();
        SignedTransaction signed = HubCodec.decode(HubCodec.sign(new HubTransaction.RequestNetting(5), "astra-hub-1", signer));
        SignedTransaction tampered = new SignedTransaction(new HubTransaction.RequestNetting(6), signed.payload(), signed.sender(),
                signed.signature());

        assertThatThrownBy(() -> HubCodec.encode(tampered))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not the canonical encoding of its REQUEST_NETTING payload");
    }

    @Test
    void aFullAttestOfTransfersFitsInOneTransaction() throws Exception {
        HubTransaction.Attest attest = samples.attestOfTransfers(HubTransaction.Attest.MAX_OBSERVATIONS);

        Bytes bytes = HubCodec.sign(attest, "astra-hub-1", samples.formatOnlySigner());

        assertThat(bytes.length()).isLessThan(HubCodec.MAX_TRANSACTION_BYTES);
        assertThat(HubCodec.decode(bytes).transaction()).isEqualTo(attest);
    }
}
