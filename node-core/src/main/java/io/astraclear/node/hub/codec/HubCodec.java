package io.astraclear.node.hub.codec;

import com.google.protobuf.UnsafeByteOperations;
import io.astraclear.node.hub.codec.proto.HubProto;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Bytes;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.Signature;
import io.astraclear.ports.hub.HubDigests;
import io.astraclear.ports.hub.HubTransaction;
import io.astraclear.ports.hub.HubTxType;
import io.astraclear.ports.hub.SignedTransaction;
import io.astraclear.ports.signing.Signer;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The hub transactions' one binary encoding ({@code astra/hub/v1/hub.proto}) and their signing
 * envelope. Decoding is strict: only the canonical encoding of a well-formed transaction is
 * accepted, so that one transaction has one byte string, one hash and one signed digest; anything
 * else is a {@link MalformedTransactionException} naming the field and the bound.
 *
 * <p>Static methods: the codec has no state and no settings (its bounds are protocol constants,
 * the same on every node), and it must give the same answer everywhere; an instance would only
 * add a thing to pass around. Thread-safe. No protobuf type leaves this package.
 */
public final class HubCodec {
    /** The largest transaction a hub accepts: CometBFT's default {@code mempool.max_tx_bytes}, 1 MiB. */
    public static final int MAX_TRANSACTION_BYTES = 1_048_576;

    private static final String ENVELOPE = "SignedTransaction";

    private HubCodec() {}

    /** The canonical bytes of a payload: what its sender signs and the envelope carries. */
    public static Bytes encodePayload(HubTransaction transaction) {
        return Bytes.wrap(PayloadEncoder.encode(transaction).toByteArray());
    }

    /**
     * The payload of a transaction of {@code type}, from its canonical bytes.
     *
     * @throws MalformedTransactionException when the bytes are larger than a transaction may be, are
     *     not that type's message in canonical form (unknown field, trailing bytes, a field twice or
     *     out of order, a default value written out), hold more entries than allowed, or hold a value
     *     the domain refuses
     */
    public static HubTransaction decodePayload(HubTxType type, Bytes payload) throws MalformedTransactionException {
        if (payload.length() > MAX_TRANSACTION_BYTES) {
            throw new MalformedTransactionException(PayloadDecoder.messageName(type),
                    "is " + payload.length() + " bytes, at most " + MAX_TRANSACTION_BYTES);
        }
        return PayloadDecoder.decode(type, payload.unsafeArray());
    }

    /**
     * A signed transaction's bytes as they travel.
     *
     * @throws IllegalArgumentException when {@code transaction}'s payload bytes are not the canonical
     *     encoding of its payload, or the result would exceed {@link #MAX_TRANSACTION_BYTES} (an Attest
     *     of many long observations: split it)
     */
    public static Bytes encode(SignedTransaction transaction) {
        if (!encodePayload(transaction.transaction()).equals(transaction.payload())) {
            throw new IllegalArgumentException("the signed transaction's payload bytes are not the canonical encoding of its "
                    + transaction.type() + " payload");
        }
        return envelope(transaction.type(), transaction.payload(), transaction.sender(), transaction.signature());
    }

    /**
     * A signed transaction from its bytes: the envelope, then the payload as the type the envelope
     * names, both strictly. Whether the signature recovers to the sender is not checked here
     * ({@link #signedBySender}).
     */
    public static SignedTransaction decode(Bytes transaction) throws MalformedTransactionException {
        if (transaction.length() > MAX_TRANSACTION_BYTES) {
            throw new MalformedTransactionException(ENVELOPE, "is " + transaction.length() + " bytes, at most " + MAX_TRANSACTION_BYTES);
        }
        HubProto.SignedTransaction envelope;
        HubTxType type;
        Address sender;
        Signature signature;
        try {
            envelope = StrictWire.parse(HubProto.SignedTransaction.parser(), transaction.unsafeArray());
            type = type(envelope.getType());
            sender = WireValues.address(envelope.getSender(), "sender");
            signature = WireValues.signature(envelope.getSignature(), "signature");
        } catch (MalformedTransactionException e) {
            throw e.under(ENVELOPE);
        }
        // The payload's own array, so that the decoded transaction keeps no view into the caller's bytes.
        Bytes payload = Bytes.wrap(envelope.getPayload().toByteArray());
        return new SignedTransaction(decodePayload(type, payload), payload, sender, signature);
    }

    /** Encodes {@code transaction}, signs it for the hub {@code hubChainId} with {@code signer}, and gives the bytes to submit. */
    public static Bytes sign(HubTransaction transaction, String hubChainId, Signer signer) {
        return sign(transaction, HubDigests.chainIdHash(hubChainId), signer);
    }

    /** As {@link #sign(HubTransaction, String, Signer)}, with the chain id's hash ({@link HubDigests#chainIdHash}). */
    public static Bytes sign(HubTransaction transaction, Bytes32 hubChainIdHash, Signer signer) {
        Bytes payload = encodePayload(transaction);
        Signature signature = signer.sign(HubDigests.transactionDigest(hubChainIdHash, transaction.type(), payload));
        return envelope(transaction.type(), payload, signer.address(), signature);
    }

    /**
     * Whether {@code transaction}'s signature, over its digest for the hub whose chain id hashes to
     * {@code hubChainIdHash}, recovers to its sender. {@code recover} gives the address whose key
     * signed a digest as an Ethereum signed message, or empty ({@code SignerProvider::recover}).
     */
    public static boolean signedBySender(
            SignedTransaction transaction, Bytes32 hubChainIdHash, BiFunction<Bytes32, Signature, Optional<Address>> recover) {
        Bytes32 digest = HubDigests.transactionDigest(hubChainIdHash, transaction.type(), transaction.payload());
        Optional<Address> signer = recover.apply(digest, transaction.signature());
        return signer != null && signer.isPresent() && signer.get().equals(transaction.sender());
    }

    private static Bytes envelope(HubTxType type, Bytes payload, Address sender, Signature signature) {
        byte[] bytes = HubProto.SignedTransaction.newBuilder()
                .setType(type.code())
                // read-only view: serialising copies it once, into the envelope
                .setPayload(UnsafeByteOperations.unsafeWrap(payload.unsafeArray()))
                .setSender(WireValues.address(sender))
                .setSignature(WireValues.signature(signature))
                .build()
                .toByteArray();
        if (bytes.length > MAX_TRANSACTION_BYTES) {
            throw new IllegalArgumentException("the " + type + " transaction would be " + bytes.length + " bytes, at most "
                    + MAX_TRANSACTION_BYTES + ": split it");
        }
        return Bytes.wrap(bytes);
    }

    private static HubTxType type(int code) throws MalformedTransactionException {
        Optional<HubTxType> type = HubTxType.fromCode(Integer.toUnsignedLong(code));
        if (type.isEmpty()) {
            throw new MalformedTransactionException("type", code == 0 ? "is missing" : Integer.toUnsignedString(code) + " is no hub transaction type");
        }
        return type.get();
    }
}
