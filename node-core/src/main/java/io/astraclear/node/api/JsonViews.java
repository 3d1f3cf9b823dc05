package io.astraclear.node.api;

import io.astraclear.node.config.NodeConfig;
import io.astraclear.node.pipeline.NodeEvent;
import io.astraclear.ports.chain.ObservedTransfer;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.storage.AuditEntry;
import io.astraclear.ports.consensus.Vote;
import io.astraclear.ports.netting.BalanceSnapshot;
import io.astraclear.ports.netting.NetPositions;
import io.astraclear.ports.netting.NettingFigures;
import io.astraclear.ports.netting.Obligation;
import io.astraclear.ports.storage.CommandRecord;
import io.astraclear.ports.storage.NettingRound;
import io.astraclear.ports.storage.StatusChange;
import io.astraclear.ports.storage.TransferRecord;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;

/** The API's JSON shapes: amounts as decimal strings, ids and hashes as 0x-hex, times ISO-8601 UTC. */
public final class JsonViews {
    private JsonViews() {}

    static JsonObject transfer(TransferRecord record, Optional<CommandRecord> command, List<Vote> votes) {
        ObservedTransfer observed = record.observed();
        JsonObject json = new JsonObject()
                .put("transferId", observed.transferId().toString())
                .put("commandId", observed.commandId().toString())
                .put("status", record.status().name())
                .put("sourceBank", observed.sourceBank().value())
                .put("destinationBank", observed.destinationBank().value())
                .put("sender", observed.sender().value())
                .put("recipient", observed.recipient().value())
                .put("amount", observed.amount().toString())
                .put("source", new JsonObject()
                        .put("chainId", observed.sourceChainId())
                        .put("gateway", observed.sourceGateway().value())
                        .put("nonce", observed.nonce().toString())
                        .put("blockNumber", observed.blockNumber())
                        .put("blockHash", observed.blockHash().value())
                        .put("transactionHash", observed.transactionHash().value())
                        .put("logIndex", observed.logIndex()))
                .put("history", new JsonArray(record.history().stream().map(JsonViews::statusChange).toList()))
                .put("votes", new JsonArray(votes.stream().map(vote -> new JsonObject()
                        .put("validator", vote.validator().value())
                        .put("digest", vote.digest().value())
                        .put("signature", vote.signature().value())).toList()));
        command.ifPresent(c -> json.put("command", command(c)));
        return json;
    }

    static JsonObject command(CommandRecord record) {
        JsonObject json = new JsonObject()
                .put("commandId", record.command().commandId().toString())
                .put("status", record.status().name())
                .put("destinationChainId", record.command().destinationChainId())
                .put("executor", record.command().destinationExecutor().value())
                .put("digest", record.command().digest().value())
                .put("signatures", new JsonArray(record.signatures().stream().map(s -> (Object) s.value()).toList()))
                .put("attempts", new JsonArray(record.attempts().stream().map(a -> (Object) new JsonObject()
                        .put("attempt", a.attempt()).put("at", a.at().toString()).put("outcome", a.outcome()).put("detail", a.detail())).toList()));
        record.execution().ifPresent(execution -> json.put("execution", new JsonObject()
                .put("transactionHash", execution.transactionHash().value())
                .put("blockNumber", execution.blockNumber())
                .put("gasUsed", execution.gasUsed())));
        if (!record.failureReason().isEmpty()) {
            json.put("failureReason", record.failureReason());
        }
        return json;
    }

    static JsonObject statusChange(StatusChange change) {
        return new JsonObject().put("status", change.status().name()).put("at", change.at().toString()).put("reason", change.reason());
    }

    static JsonObject obligation(Obligation obligation) {
        return new JsonObject()
                .put("issuer", obligation.debtor().value())
                .put("holder", obligation.creditor().value())
                .put("token", obligation.debtor().credToken())
                .put("amount", obligation.amount().toString());
    }

    static JsonObject ledger(BalanceSnapshot balances) {
        return ledger(balances, Optional.empty());
    }

    /**
     * The ledger as {@code scope} may see it: everything, or the pairs one bank is part of and that
     * bank's own net position (gross over the pairs shown).
     */
    static JsonObject ledger(BalanceSnapshot balances, Optional<BankId> scope) {
        List<Obligation> visible = visible(balances.obligations(), scope);
        JsonObject json = new JsonObject()
                .put("balances", new JsonArray(visible.stream().map(JsonViews::obligation).toList()))
                .put("grossTotal", visible.stream().map(o -> o.amount().value()).reduce(java.math.BigInteger.ZERO, java.math.BigInteger::add).toString())
                .put("netPositions", netPositions(balances, scope));
        scope.ifPresent(bank -> json.put("scope", bank.value()));
        return json;
    }

    static List<Obligation> visible(List<Obligation> obligations, Optional<BankId> scope) {
        return scope.map(bank -> obligations.stream().filter(o -> o.debtor().equals(bank) || o.creditor().equals(bank)).toList()).orElse(obligations);
    }

    /** Each bank's net position: what it is owed minus what it owes. Sums to zero. */
    static JsonArray netPositions(BalanceSnapshot balances) {
        return netPositions(balances, Optional.empty());
    }

    static JsonArray netPositions(BalanceSnapshot balances, Optional<BankId> scope) {
        JsonArray out = new JsonArray();
        NetPositions.of(balances).forEach((bank, position) -> {
            if (scope.map(bank::equals).orElse(true)) {
                out.add(new JsonObject().put("bank", bank.value()).put("net", position.toString()));
            }
        });
        return out;
    }

    static JsonObject round(NettingRound round) {
        return round(round, Optional.empty());
    }

    /** A round; for a bank's scope only its pairs and its position, without the consortium-wide figures. */
    static JsonObject round(NettingRound round, Optional<BankId> scope) {
        NettingFigures figures = NettingFigures.of(round.before(), round.after());
        JsonObject json = new JsonObject()
                .put("roundId", round.roundId())
                .put("at", round.at().toString())
                .put("strategy", new JsonObject().put("id", round.strategyId()).put("version", round.strategyVersion()))
                .put("inputDigest", round.inputDigest().value())
                .put("actor", round.actor());
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
                .put("issues", new JsonArray(visible(figures.issues(), scope).stream().map(JsonViews::obligation).toList()))
                .put("balancesAfter", new JsonArray(visible(round.after().obligations(), scope).stream().map(JsonViews::obligation).toList()));
    }

    /** A transfer in a listing: what it is and where it stands, without votes and command; the mint transaction once known. */
    static JsonObject transferSummary(TransferRecord record) {
        ObservedTransfer observed = record.observed();
        JsonObject json = new JsonObject()
                .put("transferId", observed.transferId().toString())
                .put("commandId", observed.commandId().toString())
                .put("status", record.status().name())
                .put("sourceBank", observed.sourceBank().value())
                .put("destinationBank", observed.destinationBank().value())
                .put("sender", observed.sender().value())
                .put("recipient", observed.recipient().value())
                .put("amount", observed.amount().toString())
                .put("observedAt", record.history().get(0).at().toString())
                .put("updatedAt", record.history().get(record.history().size() - 1).at().toString())
                .put("sourceTransactionHash", observed.transactionHash().value());
        record.mintTransaction().ifPresent(hash -> json.put("destinationTransactionHash", hash.value()));
        return json;
    }

    static JsonObject bank(NodeConfig.Bank bank) {
        return new JsonObject()
                .put("id", bank.id().value())
                .put("chainId", bank.chainId())
                .put("token", bank.token().value())
                .put("gateway", bank.gateway().value())
                .put("executor", bank.executor().value())
                .put("credToken", bank.id().credToken())
                .put("finalityDepth", bank.finalityDepth());
    }

    static JsonObject audit(AuditEntry entry) {
        return new JsonObject()
                .put("sequence", entry.sequence())
                .put("at", entry.at().toString())
                .put("actor", entry.actor())
                .put("action", entry.action())
                .put("subject", entry.subject())
                .put("details", entry.details());
    }

    public static JsonObject event(NodeEvent event) {
        JsonObject data = new JsonObject();
        new java.util.TreeMap<>(event.data()).forEach(data::put);
        return new JsonObject().put("id", event.id()).put("type", event.type()).put("at", event.at().toString()).put("data", data);
    }
}
