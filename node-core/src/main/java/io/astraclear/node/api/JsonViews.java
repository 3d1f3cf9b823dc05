package io.astraclear.node.api;

import io.astraclear.node.application.Submission;
import io.astraclear.node.config.NodeConfig;
import io.astraclear.node.plugins.PluginExtension;
import io.astraclear.node.plugins.PluginInfo;
import io.astraclear.node.services.WatcherStatus;
import io.astraclear.ports.chain.ObservedTransfer;
import io.astraclear.ports.consensus.EngineStatus;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.MintCommand;
import io.astraclear.ports.protocol.ProtocolDigests;
import io.astraclear.ports.domain.ValidatorSet;
import io.astraclear.ports.hub.HubGenesis;
import io.astraclear.ports.hub.HubMember;
import io.astraclear.ports.netting.BalanceSnapshot;
import io.astraclear.ports.netting.NetPositions;
import io.astraclear.ports.netting.NettingFigures;
import io.astraclear.ports.netting.Obligation;
import io.astraclear.ports.state.HubBatch;
import io.astraclear.ports.state.HubEvent;
import io.astraclear.ports.state.HubHead;
import io.astraclear.ports.state.HubTransfer;
import io.astraclear.ports.state.JournalEntry;
import io.astraclear.ports.state.NettingRecord;
import io.astraclear.ports.state.SettlementRecord;
import io.astraclear.ports.state.StatusChange;
import io.astraclear.ports.state.TxRecord;
import io.astraclear.ports.state.ValidatorSets;
import io.astraclear.ports.state.Page;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The API's JSON shapes, and the only place that makes them: amounts as decimal strings, ids and
 * hashes as 0x-hex, times ISO-8601 UTC, hub heights as numbers. Views that take a {@code scope}
 * show a bank token only what concerns its bank; {@code Optional.empty()} is the consortium-wide view.
 */
public final class JsonViews {
    private JsonViews() {}

    // --- listings --------------------------------------------------------------------------------

    /** {@code {"items": [...], "nextCursor": "..."}}, without {@code nextCursor} on the last page. */
    static <T> JsonObject page(Page<T> page, Function<T, JsonObject> item) {
        JsonObject json = new JsonObject().put("items", new JsonArray(page.items().stream().map(value -> (Object) item.apply(value)).toList()));
        page.nextCursor().ifPresent(next -> json.put("nextCursor", next));
        return json;
    }

    // --- transfers and batches -------------------------------------------------------------------

    /** A transfer with everything the hub knows of it; {@code batch} when it is in one, as {@code scope} may see it. */
    static JsonObject transfer(HubTransfer transfer, Optional<HubBatch> batch, Optional<BankId> scope) {
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
                .put("history", new JsonArray(transfer.history().stream().map(change -> (Object) statusChange(change)).toList()))
                .put("attestations", new JsonArray(transfer.attestations().stream().map(a -> (Object) new JsonObject()
                        .put("validator", a.validator().value()).put("digest", a.digest().value()).put("height", a.height())).toList()))
                .put("equivocators", addresses(transfer.equivocators()))
                .put("conflictingContents", transfer.contents().size() - 1)
                .put("failedMints", transfer.failedMints().size());
        transfer.confirmation().ifPresent(confirmation -> json.put("confirmation", new JsonObject()
                .put("height", confirmation.height())
                .put("digest", confirmation.digest().value())
                .put("journalEntry", confirmation.journalSequence())
                .put("command", command(confirmation.command()))));
        batch.ifPresent(found -> json.put("batch", batch(found, scope)));
        transfer.mint().ifPresent(mint -> json.put("mint", new JsonObject()
                .put("transactionHash", mint.transactionHash().value())
                .put("blockNumber", mint.blockNumber())
                .put("height", mint.height())));
        return json;
    }

    /** A transfer in a listing: what it is and where it stands, its batch and both chains' transaction hashes once known. */
    static JsonObject transferSummary(HubTransfer transfer) {
        ObservedTransfer observed = transfer.observed();
        StatusChange last = transfer.history().getLast();
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
                .put("updatedAt", last.time().toString())
                .put("updatedHeight", last.height())
                .put("sourceTransactionHash", observed.transactionHash().value());
        transfer.batch().ifPresent(batch -> json.put("batchId", batch.toString()));
        transfer.mint().ifPresent(mint -> json.put("destinationTransactionHash", mint.transactionHash().value()));
        if (!last.reason().isEmpty()) {
            json.put("reason", last.reason());
        }
        return json;
    }

    static JsonObject command(MintCommand command) {
        return new JsonObject()
                .put("commandId", command.commandId().toString())
                .put("sourceBank", command.sourceBank().value())
                .put("destinationBank", command.destinationBank().value())
                .put("destinationChainId", command.destinationChainId())
                .put("executor", command.destinationExecutor().value())
                .put("recipient", command.recipient().value())
                .put("amount", command.amount().toString());
    }

    static JsonObject statusChange(StatusChange change) {
        JsonObject json = new JsonObject().put("status", change.status().name()).put("height", change.height()).put("at", change.time().toString());
        if (!change.reason().isEmpty()) {
            json.put("reason", change.reason());
        }
        return json;
    }

    /**
     * A mint batch. The destination bank sees every command; any other bank (whose transfer is in
     * it) sees its own commands only, with the batch's size, digest and signatures.
     */
    static JsonObject batch(HubBatch batch, Optional<BankId> scope) {
        boolean whole = scope.map(batch.id().bank()::equals).orElse(true);
        List<MintCommand> commands = whole ? batch.batch().commands()
                : batch.batch().commands().stream().filter(c -> scope.get().equals(c.sourceBank())).toList();
        JsonObject json = new JsonObject()
                .put("batchId", batch.id().toString())
                .put("bank", batch.id().bank().value())
                .put("number", batch.id().number())
                .put("status", batch.status().name())
                .put("size", batch.batch().size())
                .put("digest", ProtocolDigests.batchDigest(batch.batch()).value())
                .put("destinationChainId", batch.batch().destinationChainId())
                .put("executor", batch.batch().destinationExecutor().value())
                .put("createdHeight", batch.createdHeight())
                .put("signatures", new JsonArray(batch.signatures().stream().map(s -> (Object) new JsonObject()
                        .put("validator", s.validator().value()).put("signature", s.signature().value()).put("height", s.height())).toList()))
                .put("commands", new JsonArray(commands.stream().map(c -> (Object) new JsonObject()
                        .put("commandId", c.commandId().toString()).put("sourceBank", c.sourceBank().value())
                        .put("recipient", c.recipient().value()).put("amount", c.amount().toString())).toList()));
        batch.doneHeight().ifPresent(height -> json.put("doneHeight", height));
        if (!whole) {
            json.put("scope", scope.get().value());
        }
        return json;
    }

    // --- ledger, netting, settlements --------------------------------------------------------------

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
                .put("balances", new JsonArray(visible.stream().map(o -> (Object) obligation(o)).toList()))
                .put("grossTotal", visible.stream().map(o -> o.amount().value()).reduce(BigInteger.ZERO, BigInteger::add).toString())
                .put("netPositions", netPositions(balances, scope));
        scope.ifPresent(bank -> json.put("scope", bank.value()));
        return json;
    }

    static List<Obligation> visible(List<Obligation> obligations, Optional<BankId> scope) {
        return scope.map(bank -> obligations.stream().filter(o -> o.debtor().equals(bank) || o.creditor().equals(bank)).toList()).orElse(obligations);
    }

    /** Each bank's net position: what it is owed minus what it owes. Sums to zero over the consortium. */
    static JsonArray netPositions(BalanceSnapshot balances, Optional<BankId> scope) {
        JsonArray out = new JsonArray();
        NetPositions.of(balances).forEach((bank, position) -> {
            if (scope.map(bank::equals).orElse(true)) {
                out.add(new JsonObject().put("bank", bank.value()).put("net", position.toString()));
            }
        });
        return out;
    }

    /** What remains after netting, to be paid outside the system: {@code BANK_A pays BANK_B 70}. */
    static JsonObject settlementInstructions(BalanceSnapshot balances, Optional<BankId> scope) {
        JsonObject json = new JsonObject().put("instructions", new JsonArray(visible(balances.obligations(), scope).stream()
                .map(o -> (Object) new JsonObject()
                        .put("debtor", o.debtor().value())
                        .put("creditor", o.creditor().value())
                        .put("amount", o.amount().toString())
                        .put("instruction", o.debtor() + " pays " + o.creditor() + " " + o.amount()))
                .toList()));
        scope.ifPresent(bank -> json.put("scope", bank.value()));
        return json;
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
                    .put("settlementInstructions", round.after().obligations().size());
        } else {
            json.put("scope", scope.get().value());
        }
        return json
                .put("netAfter", netPositions(round.after(), scope))
                .put("burns", new JsonArray(visible(figures.burns(), scope).stream().map(o -> (Object) obligation(o)).toList()))
                .put("balancesAfter", new JsonArray(visible(round.after().obligations(), scope).stream().map(o -> (Object) obligation(o)).toList()));
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

    static JsonObject journalEntry(JournalEntry entry) {
        return new JsonObject().put("sequence", entry.sequence()).put("height", entry.height()).put("at", entry.time().toString())
                .put("type", entry.type().name()).put("issuer", entry.issuer().value()).put("holder", entry.holder().value())
                .put("amount", entry.amount().toString()).put("reference", entry.reference());
    }

    // --- the hub -----------------------------------------------------------------------------------

    /** A transaction of a committed block and what became of it: APPLIED (its log says what it changed) or REJECTED (code and reason). */
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

    /** The 201 of a write: the transaction's record in its committed block, with what the use case adds. */
    static JsonObject committed(Submission.Committed committed, JsonObject more) {
        return transaction(committed.record()).mergeIn(more);
    }

    /** The 202 of a write: admitted, not yet in a committed block; poll the transaction's record. */
    static JsonObject pending(Submission.Pending pending) {
        return new JsonObject()
                .put("transactionHash", pending.transactionHash().value())
                .put("status", "PENDING")
                .put("poll", "/api/v1/hub/transactions/" + pending.transactionHash().value());
    }

    /** {@code GET /api/v1/hub}: the engine, the last committed block, the validator sets and the netting plugin of the genesis. */
    static JsonObject hub(HubGenesis genesis, HubHead head, EngineStatus engine, ValidatorSets sets, long lastEventId) {
        JsonObject engineJson = new JsonObject()
                .put("name", engine.engine())
                .put("status", engine.healthy() ? "UP" : "DOWN")
                .put("waitingTransactions", engine.waitingTransactions());
        engine.problem().ifPresent(problem -> engineJson.put("problem", problem));
        JsonObject json = new JsonObject()
                .put("chainId", genesis.chainId())
                .put("genesisHash", head.genesisHash().value())
                .put("engine", engineJson)
                .put("height", head.height())
                .put("appHash", head.appHash().value())
                .put("validators", set(sets.active()))
                .put("lastEventId", lastEventId)
                .put("nettingStrategy", new JsonObject()
                        .put("id", genesis.nettingStrategyId())
                        .put("version", genesis.nettingStrategyVersion()))
                .put("parameters", new JsonObject()
                        .put("votingTimeoutBlocks", genesis.parameters().votingTimeoutBlocks())
                        .put("nettingIntervalBlocks", genesis.parameters().nettingIntervalBlocks())
                        .put("retryMax", genesis.parameters().retryMax())
                        .put("maxBatchSize", genesis.parameters().maxBatchSize())
                        .put("tokenDecimals", genesis.parameters().tokenDecimals()));
        if (head.height() > 0) {
            json.put("lastBlockTime", head.time().toString());
        }
        sets.next().ifPresent(next -> json.put("nextValidators", set(next)));
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

    /** One frame of the event stream. */
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

    // --- the consortium and this node ----------------------------------------------------------------

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

    static JsonObject plugins(ApiPlugins plugins) {
        JsonArray items = new JsonArray();
        for (PluginInfo plugin : plugins.loaded()) {
            JsonArray extensions = new JsonArray();
            boolean pluginActive = false;
            for (PluginExtension extension : plugin.extensions()) {
                boolean active = plugins.isActive(plugin, extension);
                pluginActive |= active;
                extensions.add(new JsonObject().put("kind", extension.kind().name()).put("id", extension.id())
                        .put("version", extension.version()).put("active", active));
            }
            items.add(new JsonObject()
                    .put("id", plugin.id())
                    .put("version", plugin.version())
                    .put("provider", plugin.provider())
                    .put("jar", plugin.jar().getFileName().toString())
                    .put("kinds", new JsonArray(plugin.kinds().stream().map(kind -> (Object) kind.name()).toList()))
                    .put("active", pluginActive)
                    .put("extensions", extensions));
        }
        return new JsonObject()
                .put("active", new JsonObject().put("signer", active(plugins.signer())).put("netting", active(plugins.netting())))
                .put("items", items);
    }

    private static JsonObject active(ApiPlugins.Active active) {
        return new JsonObject().put("id", active.id()).put("version", active.version()).put("plugin", active.pluginId());
    }

    /** {@code GET /api/v1/node}: which node answers. */
    static JsonObject node(NodeConfig config, String version, boolean devTransfers, Address validator, boolean validatorActive, String hubChainId, String consensus,
            List<BankId> operatorKeys, long relayedTransactions, long batchesSigned, java.time.Instant startedAt, long uptimeSeconds) {
        return new JsonObject()
                .put("name", config.nodeName())
                .put("version", version)
                .put("mode", devTransfers ? "dev" : "production")
                .put("validator", validator.value())
                .put("validatorActive", validatorActive)
                .put("hubChainId", hubChainId)
                .put("consensus", consensus)
                .put("storage", config.storage().inMemory() ? "memory" : "postgresql")
                .put("blockTimeMs", config.protocol().blockTime().toMillis())
                .put("pollIntervalMs", config.protocol().pollInterval().toMillis())
                .put("operatorKeys", new JsonArray(operatorKeys.stream().sorted().map(bank -> (Object) bank.value()).toList()))
                .put("relayer", new JsonObject()
                        .put("fallbackMs", config.relayer().fallback().toMillis())
                        .put("resubmitAfterMs", config.relayer().resubmitAfter().toMillis())
                        .put("transactions", relayedTransactions))
                .put("batchesSigned", batchesSigned)
                .put("startedAt", startedAt.toString())
                .put("uptimeSeconds", uptimeSeconds);
    }

    /** {@code GET /health/ready}: every check and the verdict. */
    static JsonObject readiness(boolean ready, JsonObject storage, EngineStatus engine, long height, JsonArray chains, ApiPlugins plugins) {
        JsonObject consensus = new JsonObject()
                .put("status", engine.healthy() ? "UP" : "DOWN")
                .put("engine", engine.engine())
                .put("height", height)
                .put("waitingTransactions", engine.waitingTransactions());
        engine.problem().ifPresent(problem -> consensus.put("problem", problem));
        JsonObject pluginCheck = new JsonObject()
                .put("status", "UP")
                .put("signer", plugins.signer().id() + "@" + plugins.signer().version())
                .put("netting", plugins.netting().id() + "@" + plugins.netting().version());
        return new JsonObject()
                .put("status", ready ? "UP" : "DOWN")
                .put("checks", new JsonObject().put("storage", storage).put("consensus", consensus).put("chains", chains).put("plugins", pluginCheck));
    }

    static JsonObject storageCheck(Optional<String> error) {
        JsonObject json = new JsonObject().put("status", error.isEmpty() ? "UP" : "DOWN");
        error.ifPresent(message -> json.put("error", message));
        return json;
    }

    /** One chain's line in the readiness check. */
    static JsonObject chain(WatcherStatus chain, boolean up) {
        return new JsonObject()
                .put("bank", chain.bank().value())
                .put("chainId", chain.chainId())
                .put("status", up ? "UP" : "DOWN")
                .put("reachable", chain.reachable())
                .put("checkpointBlock", chain.checkpointBlock())
                .put("headBlock", chain.headBlock())
                .put("lagBlocks", chain.lagBlocks())
                .put("reorgDetected", chain.reorgDetected());
    }

    static JsonObject devTransfer(DevTransfers.Sent sent, BankId from, BankId to, String amount) {
        return new JsonObject()
                .put("transferId", sent.transferId().toString())
                .put("sourceTransactionHash", sent.transactionHash().value())
                .put("fromBank", from.value())
                .put("toBank", to.value())
                .put("from", sent.from().value())
                .put("recipient", sent.recipient().value())
                .put("amount", amount);
    }
}
