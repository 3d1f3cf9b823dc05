package io.astraclear.node.hub.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import io.astraclear.node.hub.codec.proto.HubProto;
import io.astraclear.ports.chain.Observation;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Bytes;
import io.astraclear.ports.domain.CommandId;
import io.astraclear.ports.domain.Signature;
import io.astraclear.ports.hub.HubTransaction;
import io.astraclear.ports.hub.HubTxType;
import io.astraclear.ports.signing.Signer;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class HubCodecStrictnessTest {
    private static final String CHAIN = "astra-hub-1";

    private final HubTransactionSamples samples = new HubTransactionSamples(42);
    private final Signer signer = samples.formatOnlySigner();

    // -- unknown fields

    @Test
    void refusesAnUnknownFieldInTheEnvelope() {
        byte[] valid = HubCodec.sign(samples.signBatch(), CHAIN, signer).toByteArray();

        assertThat(envelopeRefusal(concat(valid, hex("7801")))).isEqualTo("SignedTransaction: unknown field 15");
        assertThat(envelopeRefusal(concat(hex("7801"), valid))).isEqualTo("SignedTransaction: unknown field 15");
    }

    @Test
    void refusesAnUnknownFieldInThePayload() {
        byte[] payload = concat(hex("0805"), hex("3a0100")); // height 5, then field 7 (bytes)

        assertThat(payloadRefusal(HubTxType.REQUEST_NETTING, payload)).isEqualTo("RequestNetting: unknown field 7");
        assertThat(envelopeRefusal(envelope(HubTxType.REQUEST_NETTING.code(), payload)))
                .isEqualTo("RequestNetting: unknown field 7");
    }

    @Test
    void refusesAnUnknownFieldNestedAnywhereInAnAttest() throws Exception {
        HubProto.Attest valid = HubProto.Attest.parseFrom(
                HubCodec.encodePayload(new HubTransaction.Attest(samples.everyObservationKind())).toByteArray());
        UnknownFieldSet unknown = UnknownFieldSet.newBuilder()
                .addField(99, UnknownFieldSet.Field.newBuilder().addVarint(1).build())
                .build();

        HubProto.Attest.Builder inPosition = valid.toBuilder();
        inPosition.getObservationsBuilder(1).getCommandExecutedBuilder().getPositionBuilder().setUnknownFields(unknown);
        HubProto.Attest.Builder inObservation = valid.toBuilder();
        inObservation.getObservationsBuilder(4).setUnknownFields(unknown);
        HubProto.Attest.Builder inTransfer = valid.toBuilder();
        inTransfer.getObservationsBuilder(0).getTransferInitiatedBuilder().setUnknownFields(unknown);

        assertThat(payloadRefusal(HubTxType.ATTEST, inPosition.build().toByteArray()))
                .isEqualTo("Attest.observations[1].command_executed.position: unknown field 99");
        assertThat(payloadRefusal(HubTxType.ATTEST, inObservation.build().toByteArray()))
                .isEqualTo("Attest.observations[4]: unknown field 99");
        assertThat(payloadRefusal(HubTxType.ATTEST, inTransfer.build().toByteArray()))
                .isEqualTo("Attest.observations[0].transfer_initiated: unknown field 99");
    }

    @Test
    void refusesAKnownFieldWithTheWrongWireType() {
        assertThat(payloadRefusal(HubTxType.REQUEST_NETTING, hex("0a0105")))
                .isEqualTo("RequestNetting: field 1 (height) has the wrong wire type");
        assertThat(envelopeRefusal(concat(hex("0d01000000"), HubCodec.sign(samples.signBatch(), CHAIN, signer).toByteArray())))
                .isEqualTo("SignedTransaction: field 1 (type) has the wrong wire type");
    }

    // -- canonical form

    @Test
    void refusesTrailingBytes() {
        byte[] valid = HubCodec.sign(samples.confirmSettlement(), CHAIN, signer).toByteArray();

        assertThat(envelopeRefusal(concat(valid, hex("00")))).startsWith("SignedTransaction: is not valid protobuf");
        assertThat(envelopeRefusal(concat(valid, hex("08")))).startsWith("SignedTransaction: is not valid protobuf");
        assertThat(envelopeRefusal(concat(valid, hex("ffffffff")))).startsWith("SignedTransaction: is not valid protobuf");
        assertThat(envelopeRefusal(concat(valid, hex("0801")))).startsWith("SignedTransaction: is not in canonical form");
        assertThat(payloadRefusal(HubTxType.REQUEST_NETTING, hex("080500"))).startsWith("RequestNetting: is not valid protobuf");
    }

    @Test
    void refusesADuplicatedField() {
        assertThat(payloadRefusal(HubTxType.REQUEST_NETTING, hex("08050805")))
                .startsWith("RequestNetting: is not in canonical form (it re-encodes to 2 bytes, not 4)");

        HubProto.SignedTransaction valid = parseEnvelope(HubCodec.sign(samples.signBatch(), CHAIN, signer));
        byte[] senderTwice = concat(valid.toByteArray(), HubProto.SignedTransaction.newBuilder().setSender(valid.getSender()).build().toByteArray());
        assertThat(envelopeRefusal(senderTwice)).startsWith("SignedTransaction: is not in canonical form");
    }

    @Test
    void refusesAnObservationThatSetsTwoKinds() {
        byte[] executed = HubProto.Observation.newBuilder().setCommandExecuted(HubProto.CommandExecuted.newBuilder()
                .setBank("BANK_B").setCommandId(ByteString.copyFrom(new byte[32])).setRecipient(ByteString.copyFrom(new byte[20]))
                .setPosition(positionMessage())).build().toByteArray();
        byte[] skipped = HubProto.Observation.newBuilder().setCommandSkipped(HubProto.CommandSkipped.newBuilder()
                .setBank("BANK_B").setCommandId(ByteString.copyFrom(new byte[32])).setPosition(positionMessage())).build().toByteArray();
        byte[] both = concat(executed, skipped);
        byte[] payload = lengthDelimited(1, both);

        assertThat(payloadRefusal(HubTxType.ATTEST, payload)).startsWith("Attest: is not in canonical form");
    }

    @Test
    void refusesAnExplicitlyEncodedDefaultValue() {
        assertThat(payloadRefusal(HubTxType.REQUEST_NETTING, hex("0800")))
                .startsWith("RequestNetting: is not in canonical form (it re-encodes to 0 bytes, not 2)");

        // RequestNetting(0) is the empty payload; writing it out as an empty bytes field is not canonical
        byte[] canonical = HubCodec.sign(new HubTransaction.RequestNetting(0), CHAIN, signer).toByteArray();
        byte[] withEmptyPayload = concat(hex("0804"), hex("1200"), Arrays.copyOfRange(canonical, 2, canonical.length));
        assertThat(envelopeRefusal(withEmptyPayload)).startsWith("SignedTransaction: is not in canonical form");

        // a zero amount written out as an empty bytes field
        byte[] explicitZero = hex("0a0141" + "120142" + "1a00" + "220172");
        assertThat(payloadRefusal(HubTxType.CONFIRM_SETTLEMENT, explicitZero)).startsWith("ConfirmSettlement: is not in canonical form");
    }

    @Test
    void refusesFieldsOutOfOrderAndLongVarints() {
        byte[] ordered = HubCodec.encodePayload(new HubTransaction.RequestNetting(5)).toByteArray();
        assertThat(ordered).isEqualTo(hex("0805"));
        assertThat(payloadRefusal(HubTxType.REQUEST_NETTING, hex("088500")))
                .startsWith("RequestNetting: is not in canonical form (it re-encodes to 2 bytes, not 3)");

        // ConfirmSettlement with creditor before debtor
        byte[] reordered = hex("120142" + "0a0141" + "1a0101" + "220172");
        assertThat(payloadRefusal(HubTxType.CONFIRM_SETTLEMENT, reordered))
                .startsWith("ConfirmSettlement: is not in canonical form (its re-encoding differs from byte 0)");
    }

    // -- type codes

    @Test
    void refusesAMissingOrUnknownTypeCode() {
        byte[] payload = HubCodec.encodePayload(new HubTransaction.RequestNetting(9)).toByteArray();

        assertThat(envelopeRefusal(envelope(0, payload))).isEqualTo("SignedTransaction.type: is missing");
        assertThat(envelopeRefusal(envelope(7, payload))).isEqualTo("SignedTransaction.type: 7 is no hub transaction type");
        assertThat(envelopeRefusal(envelope(-1, payload))).isEqualTo("SignedTransaction.type: 4294967295 is no hub transaction type");
    }

    @Test
    void refusesAPayloadDecodedAsAnotherType() {
        List<HubTransaction> transactions = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            transactions.addAll(samples.oneOfEveryType());
        }
        transactions.add(new HubTransaction.RequestNetting(0));
        for (HubTransaction transaction : transactions) {
            byte[] payload = HubCodec.encodePayload(transaction).toByteArray();
            for (HubTxType other : HubTxType.values()) {
                if (other == transaction.type()) {
                    continue;
                }
                assertThat(envelopeRefusal(envelope(other.code(), payload)))
                        .as("a %s payload sent as %s", transaction.type(), other)
                        .startsWith(PayloadDecoder.messageName(other));
            }
        }
    }

    // -- bounds

    @Test
    void refusesAnOversizeTransactionBeforeParsingIt() {
        byte[] oversize = new byte[HubCodec.MAX_TRANSACTION_BYTES + 1];

        assertThat(envelopeRefusal(oversize)).isEqualTo("SignedTransaction: is 1048577 bytes, at most 1048576");
        assertThat(payloadRefusal(HubTxType.ATTEST, oversize)).isEqualTo("Attest: is 1048577 bytes, at most 1048576");
        assertThat(envelopeRefusal(new byte[HubCodec.MAX_TRANSACTION_BYTES])).startsWith("SignedTransaction: is not valid protobuf");
    }

    @Test
    void refusesToEncodeATransactionOverTheLimit() {
        List<Observation> longFailures = IntStream.range(0, HubTransaction.Attest.MAX_OBSERVATIONS)
                .mapToObj(i -> (Observation) new Observation.CommandFailed(samples.bank(),
                        new CommandId(samples.hash()), Bytes.wrap(new byte[1_024]), samples.position()))
                .toList();

        assertThatThrownBy(() -> HubCodec.sign(new HubTransaction.Attest(longFailures), CHAIN, signer))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 1048576: split it");
    }

    @Test
    void refusesEveryTruncationOfAValidTransaction() {
        byte[] valid = HubCodec.sign(new HubTransaction.Attest(samples.everyObservationKind()), CHAIN, signer).toByteArray();

        for (int length = 0; length < valid.length; length++) {
            envelopeRefusal(Arrays.copyOf(valid, length));
        }
        assertThat(envelopeRefusal(Arrays.copyOf(valid, valid.length - 1)))
                .startsWith("SignedTransaction: is not valid protobuf: the input ends in the middle of a field");
    }

    @Test
    void aTruncatedAttestPayloadIsRefusedUnlessItEndsBetweenObservations() throws Exception {
        List<Observation> observations = samples.everyObservationKind();
        byte[] payload = HubCodec.encodePayload(new HubTransaction.Attest(observations)).toByteArray();
        int decodedPrefixes = 0;

        for (int length = 0; length < payload.length; length++) {
            Bytes prefix = Bytes.wrap(Arrays.copyOf(payload, length));
            try {
                HubTransaction.Attest decoded = (HubTransaction.Attest) HubCodec.decodePayload(HubTxType.ATTEST, prefix);
                // protobuf has no end marker: a cut between two entries of a repeated field is a shorter list,
                // which is why the envelope carries the payload with its length, and the signature covers it
                assertThat(observations).startsWith(decoded.observations().toArray(Observation[]::new));
                assertThat(HubCodec.encodePayload(decoded)).isEqualTo(prefix);
                decodedPrefixes++;
            } catch (MalformedTransactionException refused) {
                assertThat(refused.getMessage()).startsWith("Attest");
            }
        }
        assertThat(decodedPrefixes).isEqualTo(observations.size() - 1);
    }

    @Test
    void refusesAnAttestOfMoreThanAThousandObservationsBeforeBuildingThem() {
        byte[] full = HubCodec.encodePayload(samples.attestOfTransfers(HubTransaction.Attest.MAX_OBSERVATIONS)).toByteArray();
        byte[] oneMore = HubCodec.encodePayload(samples.attestOfTransfers(1)).toByteArray();
        byte[] emptyObservation = hex("0a00");
        ByteArrayOutputStream manyEmpty = new ByteArrayOutputStream();
        for (int i = 0; i < 500_000; i++) {
            manyEmpty.writeBytes(emptyObservation);
        }

        assertThat(payloadRefusal(HubTxType.ATTEST, concat(full, oneMore)))
                .isEqualTo("Attest.observations: more than 1000 entries, at most 1000");
        // empty observations would be refused one by one; the count is refused first, without building 500,000 of them
        assertThat(payloadRefusal(HubTxType.ATTEST, manyEmpty.toByteArray()))
                .isEqualTo("Attest.observations: more than 1000 entries, at most 1000");
        assertThat(payloadRefusal(HubTxType.ATTEST, new byte[0]))
                .isEqualTo("Attest: an Attest holds 1 to 1000 observations, got 0");
    }

    @Test
    void refusesMoreThanSixtyFourValidators() {
        List<ByteString> validators = samples.ascendingAddresses(65).stream().map(WireValues::address).toList();
        assertThat(validators).hasSize(65);
        byte[] approve = HubProto.ApproveValidatorSet.newBuilder().setNonce(1).addAllValidators(validators).build().toByteArray();
        byte[] setUpdated = HubProto.Attest.newBuilder().addObservations(HubProto.Observation.newBuilder()
                        .setExecutorSetUpdated(HubProto.ExecutorSetUpdated.newBuilder().setBank("BANK_B").setNonce(3)
                                .addAllValidators(validators)
                                .setPosition(positionMessage())))
                .build().toByteArray();

        assertThat(payloadRefusal(HubTxType.APPROVE_VALIDATOR_SET, approve))
                .isEqualTo("ApproveValidatorSet.validators: more than 64 entries, at most 64");
        assertThat(payloadRefusal(HubTxType.ATTEST, setUpdated))
                .isEqualTo("Attest.observations[0].executor_set_updated.validators: 65 entries, at most 64");
    }

    @Test
    void refusesRevertDataOverTheBound() {
        byte[] payload = attestOf(HubProto.Observation.newBuilder().setCommandFailed(HubProto.CommandFailed.newBuilder()
                .setBank("BANK_B").setCommandId(ByteString.copyFrom(new byte[32])).setRevertData(ByteString.copyFrom(new byte[1_025]))
                .setPosition(positionMessage())));

        assertThat(payloadRefusal(HubTxType.ATTEST, payload))
                .isEqualTo("Attest.observations[0].command_failed.revert_data: 1025 bytes, at most 1024");
    }

    @Test
    void refusesDeeplyNestedGroupsWithoutOverflowingTheStack() {
        byte[] groups = new byte[200_000];
        Arrays.fill(groups, (byte) 0x13); // start group, field 2, again and again

        assertThat(payloadRefusal(HubTxType.ATTEST, groups)).startsWith("Attest: is not valid protobuf");
        assertThat(payloadRefusal(HubTxType.SIGN_BATCH, groups)).startsWith("SignBatch: is not valid protobuf");
        assertThat(envelopeRefusal(groups)).startsWith("SignedTransaction: is not valid protobuf");
    }

    // -- values

    @Test
    void refusesNonCanonicalOrOversizeUint256() {
        assertThat(payloadRefusal(HubTxType.CONFIRM_SETTLEMENT, hex("0a0141" + "120142" + "1a020001" + "220172")))
                .isEqualTo("ConfirmSettlement.amount: a uint256 is written without leading zero bytes (zero as no bytes at all)");
        assertThat(payloadRefusal(HubTxType.CONFIRM_SETTLEMENT, hex("0a0141" + "120142" + "1a21" + "01" + "00".repeat(32) + "220172")))
                .isEqualTo("ConfirmSettlement.amount: a uint256 is at most 32 bytes, got 33");
        assertThat(payloadRefusal(HubTxType.CONFIRM_SETTLEMENT, hex("0a0141" + "120142" + "220172")))
                .isEqualTo("ConfirmSettlement: a settlement amount must be positive");
    }

    @Test
    void refusesFixedSizeFieldsOfTheWrongSize() throws Exception {
        HubProto.SignedTransaction valid = parseEnvelope(HubCodec.sign(samples.signBatch(), CHAIN, signer));

        assertThat(envelopeRefusal(valid.toBuilder().setSender(valid.getSender().substring(1)).build().toByteArray()))
                .isEqualTo("SignedTransaction.sender: must be 20 bytes, got 19");
        assertThat(envelopeRefusal(valid.toBuilder().setSender(valid.getSender().concat(ByteString.copyFrom(new byte[1]))).build()
                .toByteArray())).isEqualTo("SignedTransaction.sender: must be 20 bytes, got 21");
        assertThat(envelopeRefusal(valid.toBuilder().setSignature(valid.getSignature().substring(1)).build().toByteArray()))
                .isEqualTo("SignedTransaction.signature: must be 65 bytes, got 64");

        HubProto.Attest attest = HubProto.Attest.parseFrom(HubCodec.encodePayload(samples.attestOfTransfers(3)).toByteArray());
        HubProto.Attest.Builder shortHash = attest.toBuilder();
        HubProto.TransferInitiated.Builder transfer = shortHash.getObservationsBuilder(1).getTransferInitiatedBuilder();
        transfer.setBlockHash(transfer.getBlockHash().substring(1));
        assertThat(payloadRefusal(HubTxType.ATTEST, shortHash.build().toByteArray()))
                .isEqualTo("Attest.observations[1].transfer_initiated.block_hash: must be 32 bytes, got 31");
    }

    @Test
    void refusesSignaturesTheDomainRefuses() {
        HubProto.SignedTransaction valid = parseEnvelope(HubCodec.sign(samples.signBatch(), CHAIN, signer));
        byte[] wrongV = valid.getSignature().toByteArray();
        wrongV[64] = 29;
        byte[] highS = valid.getSignature().toByteArray();
        byte[] s = HubTransactionSamples.unsigned32(Signature.CURVE_ORDER.subtract(BigInteger.ONE));
        System.arraycopy(s, 0, highS, 32, 32);

        assertThat(envelopeRefusal(valid.toBuilder().setSignature(ByteString.copyFrom(wrongV)).build().toByteArray()))
                .isEqualTo("SignedTransaction.signature: signature v must be 27 or 28, got 29");
        assertThat(envelopeRefusal(valid.toBuilder().setSignature(ByteString.copyFrom(highS)).build().toByteArray()))
                .isEqualTo("SignedTransaction.signature: signature s must be in the lower half of the curve order (low-s)");
        byte[] signBatch = HubProto.SignBatch.newBuilder().setBank("BANK_A").setBatchNumber(1)
                .setSignature(ByteString.copyFrom(highS)).build().toByteArray();
        assertThat(payloadRefusal(HubTxType.SIGN_BATCH, signBatch))
                .isEqualTo("SignBatch.signature: signature s must be in the lower half of the curve order (low-s)");
    }

    @Test
    void refusesNumbersAboveTheJavaRange() {
        assertThat(payloadRefusal(HubTxType.REQUEST_NETTING, HubProto.RequestNetting.newBuilder().setHeight(Long.MIN_VALUE).build()
                .toByteArray())).isEqualTo("RequestNetting.height: 9223372036854775808 is above 9223372036854775807");
        byte[] logIndex = attestOf(HubProto.Observation.newBuilder().setCommandSkipped(HubProto.CommandSkipped.newBuilder()
                .setBank("BANK_B").setCommandId(ByteString.copyFrom(new byte[32]))
                .setPosition(positionMessage().setLogIndex(-1))));
        assertThat(payloadRefusal(HubTxType.ATTEST, logIndex))
                .isEqualTo("Attest.observations[0].command_skipped.position.log_index: 4294967295 is above 2147483647");
    }

    @Test
    void refusesAnObservationWithoutKindOrPosition() {
        assertThat(payloadRefusal(HubTxType.ATTEST, hex("0a00"))).isEqualTo("Attest.observations[0].kind: is missing: one of"
                + " transfer_initiated, command_executed, command_skipped, command_failed, executor_set_updated");
        byte[] noPosition = attestOf(HubProto.Observation.newBuilder().setCommandSkipped(HubProto.CommandSkipped.newBuilder()
                .setBank("BANK_B").setCommandId(ByteString.copyFrom(new byte[32]))));
        assertThat(payloadRefusal(HubTxType.ATTEST, noPosition)).isEqualTo("Attest.observations[0].command_skipped.position: is missing");
    }

    @Test
    void refusesStringsThatAreNotUtf8OrNotBankIds() {
        assertThat(payloadRefusal(HubTxType.SIGN_VALIDATOR_SET, concat(hex("0801"), hex("1202ffff"))))
                .startsWith("SignValidatorSet: is not valid protobuf: Protocol message had invalid UTF-8");
        byte[] lowerCase = HubProto.SignValidatorSet.newBuilder().setNonce(1).setBank("bank_a")
                .setSignature(WireValues.signature(samples.signature())).build().toByteArray();
        assertThat(payloadRefusal(HubTxType.SIGN_VALIDATOR_SET, lowerCase))
                .isEqualTo("SignValidatorSet.bank: bank id must match [A-Z0-9_]{1,16}, e.g. BANK_A: bank_a");
        byte[] twoLines = HubProto.SignValidatorSet.newBuilder().setNonce(1).setBank("BANK\nFAKE LOG LINE")
                .setSignature(WireValues.signature(samples.signature())).build().toByteArray();
        assertThat(payloadRefusal(HubTxType.SIGN_VALIDATOR_SET, twoLines))
                .isEqualTo("SignValidatorSet.bank: bank id must match [A-Z0-9_]{1,16}, e.g. BANK_A: BANK\\u000aFAKE LOG LINE");
        byte[] settlementInEuros = HubProto.ConfirmSettlement.newBuilder().setDebtor("BANK_A").setCreditor("BANK_B")
                .setAmount(WireValues.uint256(BigInteger.TEN)).setReference("5 €").build().toByteArray();
        assertThat(payloadRefusal(HubTxType.CONFIRM_SETTLEMENT, settlementInEuros))
                .isEqualTo("ConfirmSettlement.reference: reference must be 1 to 128 printable ASCII characters, not only spaces");
    }

    @Test
    void refusesValuesTheDomainRecordsRefuse() throws Exception {
        byte[] sameBanks = HubProto.ConfirmSettlement.newBuilder().setDebtor("BANK_A").setCreditor("BANK_A")
                .setAmount(WireValues.uint256(BigInteger.TEN)).setReference("r").build().toByteArray();
        assertThat(payloadRefusal(HubTxType.CONFIRM_SETTLEMENT, sameBanks))
                .isEqualTo("ConfirmSettlement: a settlement needs two different banks, got BANK_A twice");

        List<Address> ascending = samples.ascendingAddresses(3);
        byte[] descending = HubProto.ApproveValidatorSet.newBuilder().setNonce(2)
                .addAllValidators(ascending.reversed().stream().map(WireValues::address).toList()).build().toByteArray();
        assertThat(payloadRefusal(HubTxType.APPROVE_VALIDATOR_SET, descending))
                .isEqualTo("ApproveValidatorSet: validators must be strictly ascending (sorted, no repeats)");

        byte[] batchZero = HubProto.SignBatch.newBuilder().setBank("BANK_A")
                .setSignature(WireValues.signature(samples.signature())).build().toByteArray();
        assertThat(payloadRefusal(HubTxType.SIGN_BATCH, batchZero)).isEqualTo("SignBatch.batch_number: must be at least 1, got 0");

        HubProto.Attest attest = HubProto.Attest.parseFrom(HubCodec.encodePayload(samples.attestOfTransfers(2)).toByteArray());
        HubProto.Attest.Builder chainZero = attest.toBuilder();
        chainZero.getObservationsBuilder(1).getTransferInitiatedBuilder().setSourceChainId(0);
        assertThat(payloadRefusal(HubTxType.ATTEST, chainZero.build().toByteArray())).isEqualTo("Attest.observations[1].transfer_initiated:"
                + " observed transfer has a negative or zero chain id, block, log index or nonce");
    }

    // -- helpers

    private static String envelopeRefusal(byte[] transaction) {
        MalformedTransactionException refusal = catchThrowableOfType(MalformedTransactionException.class,
                () -> HubCodec.decode(Bytes.wrap(transaction)));
        assertThat(refusal).as("refused: %s", HexFormat.of().formatHex(transaction, 0, Math.min(transaction.length, 64))).isNotNull();
        assertThat(refusal.getStackTrace()).isEmpty();
        return refusal.getMessage();
    }

    private static String payloadRefusal(HubTxType type, byte[] payload) {
        MalformedTransactionException refusal = catchThrowableOfType(MalformedTransactionException.class,
                () -> HubCodec.decodePayload(type, Bytes.wrap(payload)));
        assertThat(refusal).as("refused as %s: %s", type, HexFormat.of().formatHex(payload, 0, Math.min(payload.length, 64))).isNotNull();
        return refusal.getMessage();
    }

    private byte[] envelope(int type, byte[] payload) {
        return HubProto.SignedTransaction.newBuilder()
                .setType(type)
                .setPayload(ByteString.copyFrom(payload))
                .setSender(WireValues.address(signer.address()))
                .setSignature(WireValues.signature(samples.signature()))
                .build()
                .toByteArray();
    }

    private static HubProto.SignedTransaction parseEnvelope(Bytes transaction) {
        try {
            return HubProto.SignedTransaction.parseFrom(transaction.toByteArray());
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    private static HubProto.LogPosition.Builder positionMessage() {
        return HubProto.LogPosition.newBuilder().setTransactionHash(ByteString.copyFrom(new byte[32])).setBlockNumber(7);
    }

    private static byte[] attestOf(HubProto.Observation.Builder observation) {
        return HubProto.Attest.newBuilder().addObservations(observation).build().toByteArray();
    }

    /** Field {@code number}, wire type 2, {@code value}. */
    private static byte[] lengthDelimited(int number, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (long varint : new long[] {(number << 3) | 2, value.length}) {
            while (varint >= 0x80) {
                out.write((int) (varint & 0x7f) | 0x80);
                varint >>>= 7;
            }
            out.write((int) varint);
        }
        out.writeBytes(value);
        return out.toByteArray();
    }

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
