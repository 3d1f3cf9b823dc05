package io.astraclear.node.hub.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.node.testing.TestKeys;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.hub.HubDigests;
import io.astraclear.ports.hub.HubTransaction;
import io.astraclear.ports.hub.HubTxType;
import io.astraclear.ports.hub.SignedTransaction;
import io.astraclear.ports.signing.Signer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * Signing with real secp256k1 keys, through web3j rather than the signer plugin (whose jar stays off
 * this module's class path), and the signed digest computed a second way with web3j's ABI encoder.
 */
class HubCodecSigningTest {
    private static final String CHAIN = "astra-hub-1";
    private static final Bytes32 CHAIN_HASH = HubDigests.chainIdHash(CHAIN);

    private final Signer alice = TestKeys.of(new BigInteger("a11ce", 16));
    private final Signer bob = TestKeys.of(new BigInteger("b0b", 16));
    private final HubTransactionSamples samples = new HubTransactionSamples(99);

    @Test
    void aTransactionSignedWithARealKeyVerifiesForItsSender() throws Exception {
        for (HubTransaction transaction : samples.oneOfEveryType()) {
            SignedTransaction signed = HubCodec.decode(HubCodec.sign(transaction, CHAIN, alice));

            assertThat(signed.sender()).isEqualTo(alice.address());
            assertThat(HubCodec.signedBySender(signed, CHAIN_HASH, TestKeys::recover)).as("%s", transaction.type()).isTrue();
        }
    }

    @Test
    void signingWithTheChainIdOrItsHashGivesTheSameBytes() {
        HubTransaction transaction = samples.confirmSettlement();

        assertThat(HubCodec.sign(transaction, CHAIN, alice)).isEqualTo(HubCodec.sign(transaction, CHAIN_HASH, alice));
    }

    @Test
    void doesNotVerifyForAnotherHub() throws Exception {
        SignedTransaction signed = HubCodec.decode(HubCodec.sign(samples.requestNetting(), CHAIN, alice));

        assertThat(HubCodec.signedBySender(signed, HubDigests.chainIdHash("astra-hub-2"), TestKeys::recover)).isFalse();
    }

    @Test
    void doesNotVerifyForAnotherSender() throws Exception {
        SignedTransaction signed = HubCodec.decode(HubCodec.sign(samples.signBatch(), CHAIN, alice));
        SignedTransaction claimedByBob = HubCodec.decode(HubCodec.encode(
                new SignedTransaction(signed.transaction(), signed.payload(), bob.address(), signed.signature())));

        assertThat(claimedByBob.sender()).isEqualTo(bob.address());
        assertThat(HubCodec.signedBySender(claimedByBob, CHAIN_HASH, TestKeys::recover)).isFalse();
    }

    @Test
    void doesNotVerifyWhenAPayloadByteChanges() throws Exception {
        HubTransaction original = new HubTransaction.ConfirmSettlement(BankId.of("BANK_A"), BankId.of("BANK_B"), Amount.of(500), "INV-0001");
        SignedTransaction signed = HubCodec.decode(HubCodec.sign(original, CHAIN, alice));
        byte[] changed = signed.payload().toByteArray();
        changed[changed.length - 1] = '2'; // the reference's last character: INV-0002
        HubTransaction tampered = HubCodec.decodePayload(HubTxType.CONFIRM_SETTLEMENT, Bytes.wrap(changed));
        SignedTransaction forged = HubCodec.decode(HubCodec.encode(
                new SignedTransaction(tampered, Bytes.wrap(changed), alice.address(), signed.signature())));

        assertThat(((HubTransaction.ConfirmSettlement) forged.transaction()).reference()).isEqualTo("INV-0002");
        assertThat(HubCodec.signedBySender(forged, CHAIN_HASH, TestKeys::recover)).isFalse();
    }

    @Test
    void doesNotVerifyWhenNoKeyIsRecovered() throws Exception {
        SignedTransaction signed = HubCodec.decode(HubCodec.sign(samples.requestNetting(), CHAIN, alice));

        assertThat(HubCodec.signedBySender(signed, CHAIN_HASH, (digest, signature) -> Optional.empty())).isFalse();
    }

    @Test
    @SuppressWarnings("rawtypes") // web3j's encodeConstructor takes a raw List<Type>
    void theSignedDigestIsKeccakOfTheAbiEncodingOfTagChainTypeAndPayloadHash() throws Exception {
        for (String chain : List.of(CHAIN, "consortium-eu.2")) {
            for (HubTransaction transaction : samples.oneOfEveryType()) {
                byte[] payload = HubCodec.encodePayload(transaction).toByteArray();
                List<Type> words = List.of(
                        new org.web3j.abi.datatypes.generated.Bytes32(Hash.sha3("astra-clear.hub-tx.v1".getBytes(StandardCharsets.US_ASCII))),
                        new org.web3j.abi.datatypes.generated.Bytes32(Hash.sha3(chain.getBytes(StandardCharsets.UTF_8))),
                        new Uint256(transaction.type().code()),
                        new org.web3j.abi.datatypes.generated.Bytes32(Hash.sha3(payload)));
                Bytes32 independent = new Bytes32(Hash.sha3(Numeric.hexStringToByteArray(FunctionEncoder.encodeConstructor(words))));

                assertThat(HubDigests.transactionDigest(HubDigests.chainIdHash(chain), transaction.type(), Bytes.wrap(payload)))
                        .isEqualTo(independent);
                // and what sign() put into the envelope is the signature over exactly that digest (RFC 6979: deterministic)
                SignedTransaction signed = HubCodec.decode(HubCodec.sign(transaction, chain, alice));
                assertThat(signed.signature()).isEqualTo(alice.sign(independent));
            }
        }
    }
}
