package io.astraclear.node.pipeline;

import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.netting.BalanceSnapshot;
import io.astraclear.ports.netting.Obligation;
import io.astraclear.ports.protocol.Keccak256;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A netting round as validators agree on it. {@code cutoff} names exactly which confirmed
 * transfers the round covers: for every source bank, all its Gateway's transfers with a nonce up
 * to the cut-off (Gateway nonces count 1, 2, 3, … per bank, so this is a set every node can list).
 * {@code input} is the ledger those transfers, every earlier round and every settlement leave;
 * {@code after} is what the strategy makes of it. Validators sign {@link #digest()}:
 *
 * <pre>keccak256(abi.encode(NETTING_ROUND_TAG, round, previous, keccak(strategyId), keccak(strategyVersion),
 *           cutoffDigest, inputDigest, afterDigest))</pre>
 *
 * with the tag {@code keccak256("astra-clear.netting-round.v1")} first, so that no signature over a
 * round can pass for a mint or validator-set signature (their preimages differ in tag and shape).
 */
public record RoundProposal(
        long round,
        Bytes32 previous,
        String strategyId,
        String strategyVersion,
        SortedMap<BankId, Long> cutoff,
        BalanceSnapshot input,
        BalanceSnapshot after) {

    public static final Bytes32 NETTING_ROUND_TAG =
            new Bytes32(Keccak256.hash("astra-clear.netting-round.v1".getBytes(StandardCharsets.US_ASCII)));
    public static final Bytes32 NO_PREVIOUS_ROUND = new Bytes32(new byte[32]);

    public RoundProposal {
        if (round < 1 || previous == null || strategyId == null || strategyVersion == null || cutoff == null || input == null || after == null) {
            throw new IllegalArgumentException("netting round proposal has a missing field or a round below 1");
        }
        cutoff = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(cutoff));
        cutoff.values().forEach(nonce -> {
            if (nonce < 0) {
                throw new IllegalArgumentException("a cut-off nonce is at least 0");
            }
        });
    }

    public Bytes32 digest() {
        Words cutoffWords = new Words();
        cutoff.forEach((bank, nonce) -> cutoffWords.word(bank.toBytes32()).word(nonce));
        return new Words()
                .word(NETTING_ROUND_TAG)
                .word(round)
                .word(previous)
                .text(strategyId)
                .text(strategyVersion)
                .word(cutoffWords.keccak())
                .word(NettingService.digest(input))
                .word(NettingService.digest(after))
                .keccak();
    }

    /** A (debtor, creditor) pair, ordered as snapshots are. */
    public record Pair(BankId debtor, BankId creditor) implements Comparable<Pair> {
        static Pair of(Obligation obligation) {
            return new Pair(obligation.debtor(), obligation.creditor());
        }

        @Override
        public int compareTo(Pair other) {
            int byDebtor = debtor.compareTo(other.debtor);
            return byDebtor != 0 ? byDebtor : creditor.compareTo(other.creditor);
        }
    }

    /** What the round burns per pair: {@code input − after} (negative for a novating strategy's increase); unchanged pairs left out. */
    public Map<Pair, BigInteger> burns() {
        Map<Pair, BigInteger> burns = new TreeMap<>();
        input.obligations().forEach(obligation -> burns.merge(Pair.of(obligation), obligation.amount().value(), BigInteger::add));
        after.obligations().forEach(obligation -> burns.merge(Pair.of(obligation), obligation.amount().value().negate(), BigInteger::add));
        burns.values().removeIf(amount -> amount.signum() == 0);
        return burns;
    }

    /** {@code balances − burns}, canonical; empty when a burn exceeds a balance (the round does not fit this ledger). */
    public java.util.Optional<BalanceSnapshot> appliedTo(BalanceSnapshot balances) {
        Map<Pair, BigInteger> amounts = new TreeMap<>();
        balances.obligations().forEach(obligation -> amounts.put(Pair.of(obligation), obligation.amount().value()));
        for (Map.Entry<Pair, BigInteger> burn : burns().entrySet()) {
            BigInteger left = amounts.getOrDefault(burn.getKey(), BigInteger.ZERO).subtract(burn.getValue());
            if (left.signum() < 0 || left.compareTo(Amount.MAX_UINT256) > 0) {
                return java.util.Optional.empty();
            }
            amounts.put(burn.getKey(), left);
        }
        List<Obligation> result = new ArrayList<>();
        amounts.forEach((pair, amount) -> {
            if (amount.signum() > 0) {
                result.add(new Obligation(pair.debtor(), pair.creditor(), new Amount(amount)));
            }
        });
        return java.util.Optional.of(new BalanceSnapshot(result));
    }

    public JsonObject toJson() {
        JsonObject cutoffJson = new JsonObject();
        cutoff.forEach((bank, nonce) -> cutoffJson.put(bank.value(), nonce));
        return new JsonObject()
                .put("round", round)
                .put("previous", previous.value())
                .put("strategy", new JsonObject().put("id", strategyId).put("version", strategyVersion))
                .put("cutoff", cutoffJson)
                .put("input", snapshotJson(input))
                .put("after", snapshotJson(after))
                .put("digest", digest().value());
    }

    /** Strict: any missing or malformed field is an {@link IllegalArgumentException} naming it. */
    public static RoundProposal fromJson(JsonObject json) {
        try {
            JsonObject strategy = json.getJsonObject("strategy");
            JsonObject cutoffJson = json.getJsonObject("cutoff");
            SortedMap<BankId, Long> cutoff = new TreeMap<>();
            for (String bank : cutoffJson.fieldNames()) {
                cutoff.put(BankId.of(bank), ((Number) cutoffJson.getValue(bank)).longValue());
            }
            RoundProposal proposal = new RoundProposal(
                    ((Number) json.getValue("round")).longValue(),
                    Bytes32.of(json.getString("previous")),
                    requireName(strategy.getString("id")),
                    requireName(strategy.getString("version")),
                    cutoff,
                    snapshot(json.getJsonArray("input")),
                    snapshot(json.getJsonArray("after")));
            String digest = json.getString("digest");
            if (digest != null && !Bytes32.of(digest).equals(proposal.digest())) {
                throw new IllegalArgumentException("digest does not match the proposal's fields");
            }
            return proposal;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("netting proposal: " + e.getMessage());
        } catch (NullPointerException | ClassCastException e) {
            throw new IllegalArgumentException("netting proposal: a field is missing or of the wrong type");
        }
    }

    private static String requireName(String value) {
        if (value == null || value.isBlank() || value.length() > 100) {
            throw new IllegalArgumentException("strategy id and version are 1 to 100 characters");
        }
        return value;
    }

    private static JsonArray snapshotJson(BalanceSnapshot snapshot) {
        return new JsonArray(snapshot.obligations().stream().map(obligation -> (Object) new JsonObject()
                .put("debtor", obligation.debtor().value())
                .put("creditor", obligation.creditor().value())
                .put("amount", obligation.amount().toString())).toList());
    }

    private static BalanceSnapshot snapshot(JsonArray array) {
        List<Obligation> obligations = new ArrayList<>();
        for (int index = 0; index < array.size(); index++) {
            JsonObject entry = array.getJsonObject(index);
            obligations.add(new Obligation(BankId.of(entry.getString("debtor")), BankId.of(entry.getString("creditor")), Amount.parse(entry.getString("amount"))));
        }
        return new BalanceSnapshot(obligations); // refuses unsorted, repeated or zero entries
    }

    /** A validator's signature over a proposal's digest. */
    public record Endorsement(Address validator, io.astraclear.ports.domain.Signature signature) {
        public JsonObject toJson() {
            return new JsonObject().put("validator", validator.value()).put("signature", signature.value());
        }

        public static Endorsement fromJson(JsonObject json) {
            try {
                return new Endorsement(Address.of(json.getString("validator")), io.astraclear.ports.domain.Signature.of(json.getString("signature")));
            } catch (NullPointerException | ClassCastException e) {
                throw new IllegalArgumentException("endorsement: validator and signature are required");
            }
        }
    }
}
