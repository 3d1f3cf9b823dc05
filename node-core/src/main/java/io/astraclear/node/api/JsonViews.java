package io.astraclear.node.api;

import io.astraclear.ports.protocol.ProtocolDigests;
import io.astraclear.node.config.NodeConfig;
import io.astraclear.ports.chain.ObservedTransfer;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.MintCommand;
import io.astraclear.ports.domain.ValidatorSet;
import io.astraclear.ports.hub.HubMember;
import io.astraclear.ports.netting.BalanceSnapshot;
import io.astraclear.ports.netting.NetPositions;
import io.astraclear.ports.netting.NettingFigures;
import io.astraclear.ports.netting.Obligation;
import io.astraclear.ports.state.HubBatch;
import io.astraclear.ports.state.HubEvent;
import io.astraclear.ports.state.HubTransfer;
import io.astraclear.ports.state.JournalEntry;
import io.astraclear.ports.state.NettingRecord;
import io.astraclear.ports.state.SettlementRecord;
import io.astraclear.ports.state.StatusChange;
import io.astraclear.ports.state.TxRecord;
import io.astraclear.ports.state.ValidatorSets;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/** The API's JSON shapes: amounts as decimal strings, ids and hashes as 0x-hex, times ISO-8601 UTC, hub heights as numbers. */
public final class JsonViews {
    private JsonViews() {}

    /** A transfer with everything the hub knows of it; {@code batch} when it is in one. */
    static JsonObject transfer(HubTransfer transfer, Optional<HubBatch> batch) {
        ObservedTransfer observed = transfer.observed();
        JsonObject json = transferSummary(transfer)
                .put("source", new JsonObject()
                        .put("chainId", observed.sourceChainId())
                        .put("gateway", observed.sourceGateway().value())
                        .put("nonce", observed.nonce().toString())
                        .put("blockNumber", observed.blockNumber())
                        .put("blockHash", observed.blockHash().value())
                        .put("transactionHash", observed.transactionHash().value())
                        .put("logIndex", observed.logIndex()))
                .put("observedHeight", transfer.firstAttestedHeight())
                .put("history", new JsonArray(transfer.history().stream().map(JsonViews::statusChange).toList()))
                .put("attestations", new JsonArray(transfer.attestations().stream().map(a -> (Object) new JsonObject()
                        .put("validator", a.validator().value()).put("digest", a.digest().value()).put("height", a.height())).toList()))
                .put("equivocators", addresses(transfer.equivocators()))
                .put("conflictingContents", transfer.contents().size() - 1)
                .put("failedMints", transfer.failedMints().size());
        transfer.confirmation().ifPresent(confirmation -> json.put("confirmation", new JsonObject()
                .put("height", confirmation.height())
                .put("journalEntry", confirmation.journalSequence())
                .put("command", command(confirmation.command()))));
        batch.ifPresent(found -> json.put("batch", batch(found)));
        transfer.mint().ifPresent(mint -> json.put("mint", new JsonObject()
                .put("transactionHash", mint.transactionHash().value())
                .put("blockNumber", mint.blockNumber())
                .put("height", mint.height())));
        return json;
    }

    /** A transfer in a listing: what it is and where it stands; the mint transaction once known. */
    static JsonObject transferSummary(HubTransfer transfer) {
        ObservedTransfer observed = transfer.observed();
        JsonObject json = new JsonObject()
                .put("transferId", observed.transferId().toString())
                .put("commandId", observed.commandId().toString())
                .put("status", transfer.status().name())
                .put("sourceBank", observed.sourceBank().value())
                .put("destinationBank", observed.destinationBank().value())
                .put("sender", observed.sender().value())
                .put("recipient", observed.recipient().value())
                .put("amount", observed.amount().toString())
                .put("observedAt", transfer.firstAttestedTime().toString())
                .put("updatedAt", transfer.history().getLast().time().toString())
                .put("updatedHeight", transfer.history().getLast().height())
                .put("sourceTransactionHash", observed.transactionHash().value());
        transfer.batch().ifPresent(batch -> json.put("batchId", batch.toString()));
        transfer.mint().ifPresent(mint -> json.put("destinationTransactionHash", mint.transactionHash().value()));
        if (!transfer.history().getLast().reason().isEmpty()) {
            json.put("reason", transfer.history().getLast().reason());
        }
        return json;
    }

    static JsonObject command(MintCommand command) {
        return new JsonObject()
                .put("commandId", command.commandId().toString())
                .put("destinationChainId", command.destinationChainId())
                .put("executor", command.destinationExecutor().value())
                .put("recipient", command.recipient().value())
                .put("amount", command.amount().toString());
    }

    static JsonObject statusChange(StatusChange change) {
        return new JsonObject().put("status", change.status().name()).put("height", change.height()).put("at", change.time().toString())
                .put("reason", change.reason());
    }

    static JsonObject batch(HubBatch batch) {
        JsonObject json = new JsonObject()
                .put("batchId", batch.id().toString())
                .put("bank", batch.id().bank().value())
                .put("number", batch.id().number())
                .put("status", batch.status().name())
                .put("size", batch.batch().size())
                .put("digest", ProtocolDigests.batchDigest(batch.batch()).value())
                .put("executor", batch.batch().destinationExecutor().value())
                .put("createdHeight", batch.createdHeight())
                .put("signatures", new JsonArray(batch.signatures().stream().map(s -> (Object) new JsonObject()
                        .put("validator", s.validator().value()).put("signature", s.signature().value()).put("height", s.height())).toList()))
                .put("commands", new JsonArray(batch.batch().commands().stream().map(c -> (Object) new JsonObject()
                        .put("commandId", c.commandId().toString()).put("sourceBank", c.sourceBank().value())
                        .put("recipient", c.recipient().value()).put("amount", c.amount().toString())).toList()));
        batch.doneHeight().ifPresent(height -> json.put("doneHeight", height));
        return json;
    }

    static JsonObject obligation(Obligation obligation) {
        return new JsonObject()
                .put("issuer", obligation.debtor().value())
                .put("holder", obligation.creditor().value())
                .put("token", obligation.debtor().credToken())
                .put("amount", obligation.amount().toString());
    }

    /**
     * The ledger as {@code scope} may see it: everything, or the pairs one bank is part of and that
     * bank's own net position (gross over the pairs shown).
     */
    static JsonObject ledger(BalanceSnapshot balances, Optional<BankId> scope) {
        List<Obligation> visible = visible(balances.obligations(), scope);
        JsonObject json = new JsonObject()
                .put("balances", new JsonArray(visible.stream().map(JsonViews::obligation).toList()))
                .put("grossTotal", visible.stream().map(o -> o.amount().value()).reduce(BigInteger.ZERO, BigInteger::add).toString())
                .put("netPositions", netPositions(balances, scope));
        scope.ifPresent(bank -> json.put("scope", bank.value()));
        return json;
    }

    static List<Obligation> visible(List<Obligation> obligations, Optional<BankId> scope) {
        return scope.map(bank -> obligations.stream().filter(o -> o.debtor().equals(bank) || o.creditor().equals(bank)).toList()).orElse(obligations);
    }

    /** Each bank's net position: what it is owed minus what it owes. Sums to zero. */
    static JsonArray netPositions(BalanceSnapshot balances, Optional<BankId> scope) {
        JsonArray out = new JsonArray();
        NetPositions.of(balances).forEach((bank, position) -> {
            if (scope.map(bank::equals).orElse(true)) {
                out.add(new JsonObject().put("bank", bank.value()).put("net", position.toString()));
            }
        });
        return out;
    }

    /** A round; for a bank's scope only its pairs and its position, without the consortium-wide figures. */
    static JsonObject round(NettingRecord round, Optional<BankId> scope) {
        NettingFigures figures = NettingFigures.of(round.before(), round.after());
        JsonObject json = new JsonObject()
                .put("roundId", round.roundId())
                .put("height", round.height())
                .put("at", round.time().toString())
                .put("strategy", new JsonObject().put("id", round.strategyId()).put("version", round.strategyVersion()))
                .put("inputDigest", round.inputDigest().value())
                .put("trigger", round.trigger());
        if (scope.isEmpty()) {
            json.put("grossBefore", figures.grossBefore().toString())
                    .put("grossAfter", figures.grossAfter().toString())
                    .put("lowerBound", figures.lowerBound().toString())
                    .put("reductionPercent", figures.reductionPercent().toPlainString())
                    .put("liquidityNeeded", figures.grossAfter().toString())
                    .put("settlementInstructions", round.after().obligations().size());
        } else {
            json.put("scope", scope.get().value());
        }
        return json
                .put("netAfter", netPositions(round.after(), scope))
                .put("burns", new JsonArray(visible(figures.burns(), scope).stream().map(JsonViews::obligation).toList()))
                .put("balancesAfter", new JsonArray(visible(round.after().obligations(), scope).stream().map(JsonViews::obligation).toList()));
    }

    static JsonObject settlement(SettlementRecord settlement) {
        return new JsonObject()
                .put("debtor", settlement.debtor().value())
                .put("creditor", settlement.creditor().value())
                .put("amount", settlement.amount().toString())
                .put("reference", settlement.reference())
                .put("confirmedBy", settlement.confirmedBy().value())
                .put("height", settlement.height())
                .put("at", settlement.time().toString())
                .put("journalEntry", settlement.journalSequence());
    }

    static JsonObject journal(JsonObject into, JournalEntry entry) {
        return into.put("sequence", entry.sequence()).put("height", entry.height()).put("at", entry.time().toString())
                .put("type", entry.type().name()).put("issuer", entry.issuer().value()).put("holder", entry.holder().value())
                .put("amount", entry.amount().toString()).put("reference", entry.reference());
    }

    static JsonObject transaction(TxRecord record) {
        JsonObject json = new JsonObject()
                .put("transactionHash", record.result().transactionHash().value())
                .put("height", record.height())
                .put("index", record.index())
                .put("status", record.result().accepted() ? "APPLIED" : "REJECTED")
                .put("log", record.result().log());
        record.type().ifPresent(type -> json.put("type", type.name()));
        record.sender().ifPresent(sender -> json.put("sender", sender.value()));
        record.result().rejection().ifPresent(code -> json.put("code", code.name()));
        return json;
    }

    static JsonObject bank(NodeConfig.Bank bank, Optional<HubMember> member) {
        JsonObject json = new JsonObject()
                .put("id", bank.id().value())
                .put("chainId", bank.chainId())
                .put("token", bank.token().value())
                .put("gateway", bank.gateway().value())
                .put("executor", bank.executor().value())
                .put("credToken", bank.id().credToken())
                .put("finalityDepth", bank.finalityDepth());
        member.flatMap(HubMember::operator).ifPresent(operator -> json.put("operator", operator.value()));
        return json;
    }

    static JsonObject set(ValidatorSet set) {
        return new JsonObject()
                .put("nonce", set.nonce())
                .put("validators", addresses(set.validators()))
                .put("count", set.validators().size())
                .put("threshold", set.threshold());
    }

    static JsonObject validatorSets(ValidatorSets sets) {
        JsonObject json = new JsonObject()
                .put("active", set(sets.active()))
                .put("executors", new JsonArray(sets.executorSets().stream().map(e -> (Object) set(e.set()).put("bank", e.bank().value())).toList()))
                .put("approvals", new JsonArray(sets.approvals().stream().map(a -> (Object) new JsonObject()
                        .put("nonce", a.nonce()).put("validators", addresses(a.validators())).put("approver", a.approver().value())
                        .put("height", a.height())).toList()))
                .put("signatures", new JsonArray(sets.setSignatures().stream().map(s -> (Object) new JsonObject()
                        .put("nonce", s.nonce()).put("bank", s.bank().value()).put("validator", s.validator().value())).toList()));
        sets.next().ifPresent(next -> json.put("next", set(next)));
        return json;
    }

    static JsonArray addresses(List<Address> addresses) {
        return new JsonArray(addresses.stream().map(address -> (Object) address.value()).toList());
    }

    public static JsonObject event(HubEvent event) {
        JsonObject data = new JsonObject();
        event.data().forEach(data::put);
        return new JsonObject()
                .put("id", event.id())
                .put("height", event.height())
                .put("type", event.type().wireName())
                .put("at", event.time().toString())
                .put("banks", new JsonArray(event.banks().stream().map(bank -> (Object) bank.value()).toList()))
                .put("data", data);
    }
}
