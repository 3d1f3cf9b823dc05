package io.astraclear.node.hub;

import io.astraclear.ports.protocol.ProtocolDigests;
import static io.astraclear.node.hub.HubFixture.A;
import static io.astraclear.node.hub.HubFixture.B;
import static io.astraclear.node.hub.HubFixture.C;
import static io.astraclear.node.hub.HubFixture.only;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.astraclear.ports.chain.ObservedTransfer;
import io.astraclear.ports.consensus.Admission;
import io.astraclear.ports.domain.Bytes;
import io.astraclear.ports.domain.MintCommand;
import io.astraclear.ports.hub.HubRejection;
import io.astraclear.ports.hub.HubTransaction;
import io.astraclear.ports.state.BlockEffects;
import io.astraclear.ports.state.HubBatch;
import io.astraclear.ports.state.HubEventType;
import io.astraclear.ports.state.HubTransfer;
import io.astraclear.ports.state.EntryType;
import io.astraclear.ports.state.TransferStatus;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class HubStateMachineTest {

    @Nested
    class SeedScenario {
        private final HubFixture hub = new HubFixture(1, HubFixture.parameters(100, 720, 5, 256));

        @Test
        void twoPaymentsAreConfirmedBatchedSignedExecutedNettedAndSettled() {
            ObservedTransfer aToB = hub.transfer(A, B, 1, 100);
            ObservedTransfer bToA = hub.transfer(B, A, 1, 30);

            BlockEffects confirmed = hub.block(hub.attest(0, hub.initiated(aToB), hub.initiated(bToA)));
            assertThat(only(confirmed).result().accepted()).isTrue();
            assertThat(hub.transferImage(aToB).status()).isEqualTo(TransferStatus.CONFIRMED);
            assertThat(hub.transferImage(bToA).status()).isEqualTo(TransferStatus.CONFIRMED);
            assertThat(confirmed.journal()).extracting(entry -> entry.type() + " " + entry.issuer() + ">" + entry.holder() + " " + entry.amount())
                    .containsExactly("ISSUE BANK_A>BANK_B 100", "ISSUE BANK_B>BANK_A 30");
            assertThat(hub.balances()).containsExactly(Map.entry("BANK_A>BANK_B", BigInteger.valueOf(100)), Map.entry("BANK_B>BANK_A", BigInteger.valueOf(30)));
            assertThat(hub.openBatches()).extracting(batch -> batch.id().toString()).containsExactly("BANK_A/1", "BANK_B/1");
            assertThat(hub.transferImage(aToB).batch()).map(Object::toString).contains("BANK_B/1");

            BlockEffects signed = hub.block(hub.signBatch(0, hub.batches.get(hub.transferImage(aToB).batch().orElseThrow())),
                    hub.signBatch(0, hub.batches.get(hub.transferImage(bToA).batch().orElseThrow())));
            assertThat(signed.transactions()).allMatch(tx -> tx.result().accepted());
            assertThat(signed.events()).filteredOn(event -> event.type() == HubEventType.BATCH_SIGNED).hasSize(2);

            MintCommand toB = hub.transferImage(aToB).confirmation().orElseThrow().command();
            MintCommand toA = hub.transferImage(bToA).confirmation().orElseThrow().command();
            BlockEffects executed = hub.block(hub.attest(0, hub.executed(toB), hub.executed(toA)));
            assertThat(hub.transferImage(aToB).status()).isEqualTo(TransferStatus.EXECUTED);
            assertThat(hub.transferImage(aToB).mint()).isPresent();
            assertThat(executed.batches()).allMatch(batch -> batch.status() == HubBatch.Status.DONE);
            assertThat(hub.openBatches()).isEmpty();

            BlockEffects netted = hub.block(hub.requestNetting(0));
            assertThat(netted.nettingRounds()).hasSize(1);
            assertThat(netted.journal()).extracting(entry -> entry.type() + " " + entry.issuer() + ">" + entry.holder() + " " + entry.amount())
                    .containsExactly("NETTING_BURN BANK_A>BANK_B 30", "NETTING_BURN BANK_B>BANK_A 30");
            assertThat(hub.balances()).containsExactly(Map.entry("BANK_A>BANK_B", BigInteger.valueOf(70)));

            BlockEffects settled = hub.block(hub.settle(A, B, 70, "wire 2026-001"));
            assertThat(only(settled).result().accepted()).isTrue();
            assertThat(settled.settlements()).hasSize(1);
            assertThat(settled.journal()).extracting(entry -> entry.type()).containsExactly(EntryType.SETTLEMENT_BURN);
            assertThat(hub.balances()).isEmpty();
            assertThat(hub.machine.head().height()).isEqualTo(5);
        }

        @Test
        void replayingEveryTransactionChangesNothing() {
            ObservedTransfer aToB = hub.transfer(A, B, 1, 100);
            Bytes attest = hub.attest(0, hub.initiated(aToB));
            hub.block(attest);
            Bytes sign = hub.signBatch(0, hub.openBatches().getFirst());
            hub.block(sign);
            Bytes settle = hub.settle(A, B, 40, "ref-1");
            hub.block(settle);
            Map<String, BigInteger> before = hub.balances();
            HubTransfer image = hub.transferImage(aToB);

            BlockEffects replay = hub.block(attest, sign, settle);

            assertThat(replay.transactions()).allMatch(tx -> tx.result().accepted());
            assertThat(replay.transfers()).isEmpty();
            assertThat(replay.journal()).isEmpty();
            assertThat(replay.settlements()).isEmpty();
            assertThat(replay.batches()).isEmpty();
            assertThat(hub.balances()).isEqualTo(before);
            assertThat(hub.transferImage(aToB)).isEqualTo(image);
        }
    }

    @Nested
    class BadInput {
        private final HubFixture hub = new HubFixture(1, HubFixture.parameters(100, 720, 5, 256));

        @Test
        void bytesThatDoNotDecodeAreRefusedAndRecordedAsRejectedInABlock() {
            Bytes garbage = Bytes.fromHex("0x0a0b0c");
            assertThat(hub.machine.check(garbage)).isInstanceOfSatisfying(Admission.Refused.class,
                    refused -> assertThat(refused.code()).isEqualTo(HubRejection.MALFORMED));
            BlockEffects block = hub.block(garbage);
            assertThat(only(block).result().rejection()).contains(HubRejection.MALFORMED);
            assertThat(only(block).type()).isEmpty();
            assertThat(block.events()).extracting(event -> event.type()).containsExactly(HubEventType.TRANSACTION_REJECTED);
            assertThat(block.transfers()).isEmpty();
        }

        @Test
        void anAttestationFromOutsideTheValidatorSetIsRefusedAndChangesNothing() {
            Bytes outsider = hub.sign(hub.stranger, new HubTransaction.Attest(List.of(hub.initiated(hub.transfer(A, B, 1, 100)))));
            assertThat(hub.machine.check(outsider)).isInstanceOfSatisfying(Admission.Refused.class,
                    refused -> assertThat(refused.code()).isEqualTo(HubRejection.UNAUTHORIZED));
            BlockEffects block = hub.block(outsider);
            assertThat(only(block).result().rejection()).contains(HubRejection.UNAUTHORIZED);
            assertThat(block.transfers()).isEmpty();
            assertThat(block.journal()).isEmpty();
        }

        @Test
        void aTransactionSignedForAnotherHubDoesNotVerify() {
            var tx = new HubTransaction.Attest(List.of(hub.initiated(hub.transfer(A, B, 1, 100))));
            Bytes otherHub = io.astraclear.node.hub.codec.HubCodec.sign(tx, "another-hub", hub.validators.getFirst());
            assertThat(hub.machine.check(otherHub)).isInstanceOfSatisfying(Admission.Refused.class,
                    refused -> assertThat(refused.code()).isEqualTo(HubRejection.BAD_SIGNATURE));
        }

        @Test
        void anObservationNamingAnotherGatewayIsInvalid() {
            ObservedTransfer real = hub.transfer(A, B, 1, 100);
            ObservedTransfer forged = new ObservedTransfer(real.transferId(), A, real.sourceChainId(), HubFixture.address("gateway", C), real.nonce(),
                    real.sender(), B, real.recipient(), real.amount(), real.blockNumber(), real.blockHash(), real.transactionHash(), real.logIndex());
            BlockEffects block = hub.block(hub.attest(0, hub.initiated(forged)));
            assertThat(only(block).result().rejection()).contains(HubRejection.INVALID_OBSERVATION);
            assertThat(only(block).result().log()).contains("Gateway");
        }

        @Test
        void aSettlementByAnotherBanksKeyOrBeyondTheBalanceOrReusingAReferenceIsRefused() {
            hub.block(hub.attest(0, hub.initiated(hub.transfer(A, B, 1, 100))));
            Bytes byDebtor = hub.sign(hub.operators.get(A), new HubTransaction.ConfirmSettlement(A, B, io.astraclear.ports.domain.Amount.of(10), "r"));
            Bytes tooMuch = hub.settle(A, B, 101, "r-2");
            BlockEffects refused = hub.block(byDebtor, tooMuch);
            assertThat(refused.transactions()).extracting(tx -> tx.result().rejection().orElseThrow())
                    .containsExactly(HubRejection.UNAUTHORIZED, HubRejection.INSUFFICIENT_BALANCE);
            assertThat(refused.journal()).isEmpty();

            hub.block(hub.settle(A, B, 10, "r-3"));
            BlockEffects conflict = hub.block(hub.settle(A, B, 11, "r-3"));
            assertThat(only(conflict).result().rejection()).contains(HubRejection.REFERENCE_CONFLICT);
            assertThat(hub.balances()).containsExactly(Map.entry("BANK_A>BANK_B", BigInteger.valueOf(90)));
        }

        @Test
        void aBatchSignatureOverAnotherDigestOrForAnUnknownBatchIsRefused() {
            hub.block(hub.attest(0, hub.initiated(hub.transfer(A, B, 1, 100))));
            HubBatch batch = hub.openBatches().getFirst();
            var key = hub.validators.getFirst();
            Bytes wrongDigest = hub.sign(key, new HubTransaction.SignBatch(batch.id(), key.sign(HubFixture.hash("not the batch"))));
            Bytes unknown = hub.sign(key, new HubTransaction.SignBatch(new io.astraclear.ports.hub.BatchId(B, 99), key.sign(ProtocolDigests.batchDigest(batch.batch()))));
            BlockEffects block = hub.block(wrongDigest, unknown);
            assertThat(block.transactions()).extracting(tx -> tx.result().rejection().orElseThrow())
                    .containsExactly(HubRejection.SIGNATURE_MISMATCH, HubRejection.UNKNOWN_BATCH);
            assertThat(block.batches()).isEmpty();
        }

        @Test
        void aNettingRequestFromTheFutureIsRefused() {
            Bytes future = hub.sign(hub.validators.getFirst(), new HubTransaction.RequestNetting(50));
            assertThat(only(hub.block(future)).result().rejection()).contains(HubRejection.FUTURE_HEIGHT);
        }

        @Test
        void aBlockAtTheWrongHeightIsAProgramError() {
            var block = new io.astraclear.ports.consensus.HubBlock(5, hub.time, List.of());
            assertThatThrownBy(() -> hub.machine.prepare(block)).isInstanceOf(IllegalStateException.class).hasMessageContaining("height 0");
        }
    }

    @Nested
    class FourValidators {
        private final HubFixture hub = new HubFixture(4, HubFixture.parameters(3, 720, 1, 256));

        @Test
        void aTransferConfirmsAtTheThirdIdenticalAttestation() {
            ObservedTransfer t = hub.transfer(A, B, 7, 500);
            hub.block(hub.attest(0, hub.initiated(t)), hub.attest(1, hub.initiated(t)));
            assertThat(hub.transferImage(t).status()).isEqualTo(TransferStatus.OBSERVED);
            assertThat(hub.transferImage(t).attestations()).hasSize(2);
            hub.block(hub.attest(2, hub.initiated(t)));
            assertThat(hub.transferImage(t).status()).isEqualTo(TransferStatus.CONFIRMED);
            assertThat(hub.balances()).containsEntry("BANK_A>BANK_B", BigInteger.valueOf(500));
        }

        @Test
        void anEquivocatorsAttestationsNeverCountAndEvidenceIsRecorded() {
            ObservedTransfer honest = hub.transfer(A, B, 8, 500);
            ObservedTransfer inflated = new ObservedTransfer(honest.transferId(), A, honest.sourceChainId(), honest.sourceGateway(), honest.nonce(),
                    honest.sender(), B, honest.recipient(), io.astraclear.ports.domain.Amount.of(5_000), honest.blockNumber(), honest.blockHash(),
                    honest.transactionHash(), honest.logIndex());
            BlockEffects block = hub.block(hub.attest(0, hub.initiated(honest)), hub.attest(1, hub.initiated(honest)),
                    hub.attest(1, hub.initiated(inflated)));
            assertThat(block.evidence()).singleElement().satisfies(evidence -> assertThat(evidence.validator()).isEqualTo(hub.validators.get(1).address()));
            assertThat(hub.transferImage(honest).equivocators()).containsExactly(hub.validators.get(1).address());
            hub.block(hub.attest(2, hub.initiated(honest)), hub.attest(1, hub.initiated(honest)));
            assertThat(hub.transferImage(honest).status()).as("two honest attestations and an equivocator's do not make three").isEqualTo(TransferStatus.OBSERVED);
            hub.block(hub.attest(3, hub.initiated(honest)));
            assertThat(hub.transferImage(honest).status()).isEqualTo(TransferStatus.CONFIRMED);
            assertThat(hub.transferImage(honest).confirmation().orElseThrow().command().amount()).isEqualTo(io.astraclear.ports.domain.Amount.of(500));
        }

        @Test
        void aTransferShortOfThresholdIsStuckAtTheTimeoutAndALateAttestationStillConfirmsIt() {
            ObservedTransfer t = hub.transfer(A, C, 9, 42);
            hub.block(hub.attest(0, hub.initiated(t)), hub.attest(1, hub.initiated(t)));
            hub.block();
            hub.block();
            BlockEffects timedOut = hub.block();
            assertThat(hub.transferImage(t).status()).isEqualTo(TransferStatus.STUCK);
            assertThat(hub.transferImage(t).history().getLast().reason()).contains("2 of 3");
            assertThat(timedOut.events()).extracting(event -> event.type()).contains(HubEventType.TRANSFER_STUCK);

            hub.block(hub.attest(3, hub.initiated(t)));
            assertThat(hub.transferImage(t).status()).isEqualTo(TransferStatus.CONFIRMED);
            assertThat(hub.transferImage(t).history()).extracting(change -> change.status())
                    .containsExactly(TransferStatus.OBSERVED, TransferStatus.STUCK, TransferStatus.CONFIRMED);
        }

        @Test
        void aRefusedMintIsBatchedAgainUntilRetryMaxThenStuck() {
            ObservedTransfer t = hub.transfer(A, B, 10, 5);
            hub.block(hub.attest(0, hub.initiated(t)), hub.attest(1, hub.initiated(t)), hub.attest(2, hub.initiated(t)));
            MintCommand command = hub.transferImage(t).confirmation().orElseThrow().command();
            var firstFailure = hub.failed(command);
            hub.block(hub.attest(0, firstFailure), hub.attest(1, firstFailure), hub.attest(2, firstFailure));
            assertThat(hub.transferImage(t).status()).isEqualTo(TransferStatus.CONFIRMED);
            assertThat(hub.transferImage(t).batch()).map(Object::toString).contains("BANK_B/2");
            assertThat(hub.transferImage(t).failedMints()).hasSize(1);
            // the same failure log attested again is not a second failure
            hub.block(hub.attest(3, firstFailure));
            assertThat(hub.transferImage(t).failedMints()).hasSize(1);

            var secondFailure = hub.failed(command);
            hub.block(hub.attest(0, secondFailure), hub.attest(1, secondFailure), hub.attest(2, secondFailure));
            assertThat(hub.transferImage(t).status()).isEqualTo(TransferStatus.STUCK);
            assertThat(hub.transferImage(t).history().getLast().reason()).contains("refused the mint 2 times");
            assertThat(hub.openBatches()).isEmpty();
        }
    }
}
