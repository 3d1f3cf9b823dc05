package io.astraclear.node.hub;

import io.astraclear.ports.chain.Observation;
import io.astraclear.ports.chain.ObservedTransfer;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.Signature;
import io.astraclear.ports.domain.TransferId;
import io.astraclear.ports.domain.ValidatorSet;
import io.astraclear.ports.hub.HubMember;
import io.astraclear.ports.hub.HubRejection;
import io.astraclear.ports.hub.HubTransaction;
import io.astraclear.ports.hub.SignedTransaction;
import io.astraclear.ports.protocol.ProtocolDigests;
import io.astraclear.ports.state.BatchSignature;
import io.astraclear.ports.state.EquivocationEvidence;
import io.astraclear.ports.state.HubEventType;
import io.astraclear.ports.state.SettlementRecord;
import io.astraclear.ports.state.ValidatorSets;
import io.astraclear.ports.storage.EntryType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What each hub transaction type may do and does. {@link #validate} judges a signed transaction
 * against the state without changing it (admission uses it alone; a block uses it before
 * {@link #apply}); {@link #apply} makes the change and says what it did. A transaction that was
 * applied before changes nothing the second time.
 */
final class TransactionRules {
    private final HubState state;
    private final SignatureRecovery recovery;

    TransactionRules(HubState state, SignatureRecovery recovery) {
        this.state = state;
        this.recovery = recovery;
    }

    /**
     * The refusal {@code tx} earns in a block at {@code blockHeight}, if any. The signature over the
     * transaction was checked before; this checks the sender's role and the payload against the state.
     */
    Optional<Refusal> validate(DecodedTransaction decoded, long blockHeight) {
        SignedTransaction tx = decoded.transaction().orElseThrow();
        Address sender = tx.sender();
        return switch (tx.transaction()) {
            case HubTransaction.Attest attest -> validateAttest(sender, decoded);
            case HubTransaction.SignBatch sign -> validateSignBatch(sender, sign);
            case HubTransaction.ConfirmSettlement settle -> validateSettlement(sender, settle);
            case HubTransaction.RequestNetting request -> validateNettingRequest(sender, request, blockHeight);
            case HubTransaction.ApproveValidatorSet approve -> validateApproval(sender, approve);
            case HubTransaction.SignValidatorSet sign -> validateSetSignature(sender, sign);
        };
    }

    /** Applies a transaction {@link #validate} passed; returns what it did, for its result's log. */
    String apply(DecodedTransaction decoded, BlockRun run) {
        SignedTransaction tx = decoded.transaction().orElseThrow();
        Address sender = tx.sender();
        return switch (tx.transaction()) {
            case HubTransaction.Attest attest -> applyAttest(sender, attest, decoded.observationDigests(), run);
            case HubTransaction.SignBatch sign -> applySignBatch(sender, sign, run);
            case HubTransaction.ConfirmSettlement settle -> applySettlement(sender, settle, run);
            case HubTransaction.RequestNetting request -> applyNettingRequest(sender, request, run);
            case HubTransaction.ApproveValidatorSet approve -> applyApproval(sender, approve, run);
            case HubTransaction.SignValidatorSet sign -> applySetSignature(sender, sign, run);
        };
    }

    // --- Attest ----------------------------------------------------------------------------------

    private Optional<Refusal> validateAttest(Address sender, DecodedTransaction decoded) {
        if (!state.mayAttest(sender)) {
            return refuse(HubRejection.UNAUTHORIZED, sender + " is not a validator of the active set (nonce " + state.active.nonce()
                    + ") or of the agreed next set: only validators attest");
        }
        return decoded.invalid(); // the observations were checked against the genesis when decoded
    }

    /**
     * What makes an observation impossible for the bank it names, if anything: the genesis alone
     * decides (the members never change), so this is safe to call from any thread.
     */
    Optional<String> problemWith(Observation observation) {
        HubMember bank = state.members.get(observation.bank());
        if (bank == null) {
            return Optional.of("bank " + observation.bank() + " is not a member of this hub");
        }
        if (observation instanceof Observation.TransferInitiated initiated) {
            ObservedTransfer t = initiated.transfer();
            if (t.sourceChainId() != bank.chainId()) {
                return Optional.of("transfer " + t.transferId() + " names chain " + t.sourceChainId() + ", but " + bank.id() + " is chain " + bank.chainId());
            }
            if (!t.sourceGateway().equals(bank.gateway())) {
                return Optional.of("transfer " + t.transferId() + " names Gateway " + t.sourceGateway() + ", but " + bank.id() + "'s is " + bank.gateway());
            }
            TransferId expected = ProtocolDigests.transferId(t.sourceChainId(), t.sourceGateway(), t.nonce());
            if (!expected.equals(t.transferId())) {
                return Optional.of("transfer id " + t.transferId() + " is not keccak256(chainId, gateway, nonce " + t.nonce() + ") = " + expected);
            }
        }
        return Optional.empty();
    }

    private String applyAttest(Address sender, HubTransaction.Attest attest, List<Bytes32> digests, BlockRun run) {
        int recorded = 0;
        int unchanged = 0;
        for (int i = 0; i < attest.observations().size(); i++) {
            Observation observation = attest.observations().get(i);
            Bytes32 digest = digests.get(i);
            boolean changed = switch (observation) {
                case Observation.TransferInitiated initiated -> attestTransfer(sender, initiated, digest, run);
                case Observation.CommandSkipped skipped -> false; // informative: the command's own CommandExecuted says where it was minted
                case Observation.ExecutorLog log -> attestLog(sender, log, digest, run);
            };
            if (changed) {
                recorded++;
            } else {
                unchanged++;
            }
        }
        return recorded + " attestation(s) recorded, " + unchanged + " without effect (repeated, ended or informative)";
    }

    private boolean attestTransfer(Address sender, Observation.TransferInitiated initiated, Bytes32 digest, BlockRun run) {
        ObservedTransfer content = initiated.transfer();
        TransferState transfer = state.transfers.get(content.transferId());
        if (transfer == null) {
            transfer = TransferState.observed(state.nextTransferSequence++, content, digest, run.height, run.time);
            transfer.attestations.record(sender, digest, run.height);
            state.track(transfer);
            run.transferChanged(transfer);
            run.touchedTransfers.add(transfer.id);
            run.event(HubEventType.TRANSFER_OBSERVED, Events.transfer(content, Map.of(
                    "validator", sender.value(),
                    "sender", content.sender().value(),
                    "sourceTransactionHash", content.transactionHash().value(),
                    "sourceBlock", Long.toString(content.blockNumber()))), List.of(content.sourceBank(), content.destinationBank()));
            return true;
        }
        if (!transfer.awaitingConfirmation()) {
            return false; // confirmed already: a late attestation changes nothing
        }
        Bytes32 earlier = transfer.attestations.digestOf(sender);
        return switch (transfer.attestations.record(sender, digest, run.height)) {
            case NEW -> {
                transfer.contents.putIfAbsent(digest, content);
                run.transferChanged(transfer);
                run.touchedTransfers.add(transfer.id);
                yield true;
            }
            case EQUIVOCATION -> {
                transfer.contents.putIfAbsent(digest, content);
                equivocation(sender, transfer.id.value(), earlier, digest, run,
                        List.of(content.sourceBank(), content.destinationBank()), Map.of("transferId", transfer.id.toString()));
                run.transferChanged(transfer);
                run.touchedTransfers.add(transfer.id);
                yield true;
            }
            case REPEAT, IGNORED_EQUIVOCATOR -> false;
        };
    }

    private boolean attestLog(Address sender, Observation.ExecutorLog log, Bytes32 digest, BlockRun run) {
        if (!logMatters(log)) {
            return false;
        }
        PendingState pending = state.pending.get(log.key());
        if (pending == null) {
            pending = PendingState.first(log, run.height);
            state.pending.put(pending.key, pending);
            state.indexPending(pending);
        }
        Bytes32 earlier = pending.attestations.digestOf(sender);
        Attestations.Outcome outcome = pending.attestations.record(sender, digest, run.height);
        switch (outcome) {
            case NEW -> pending.contents.putIfAbsent(digest, log);
            case EQUIVOCATION -> {
                pending.contents.putIfAbsent(digest, log);
                equivocation(sender, pending.key, earlier, digest, run,
                        List.of(log.bank()), Map.of("bank", log.bank().value(), "transactionHash", log.position().transactionHash().value(),
                                "logIndex", Integer.toString(log.position().logIndex())));
            }
            case REPEAT, IGNORED_EQUIVOCATOR -> {
                return false;
            }
        }
        run.pendingChanged(pending);
        run.touchedPending.add(pending.key);
        return true;
    }

    /** An Executor log the hub still waits for: about a command it holds confirmed, or a set newer than the one it knows. */
    private boolean logMatters(Observation.ExecutorLog log) {
        return switch (log) {
            case Observation.CommandExecuted executed -> confirmedOn(executed.commandId(), log.bank()) != null;
            case Observation.CommandFailed failed -> {
                TransferState transfer = confirmedOn(failed.commandId(), log.bank());
                yield transfer != null && !transfer.failedMints.contains(log.key());
            }
            case Observation.ExecutorSetUpdated updated -> updated.nonce() > state.executorSets.get(updated.bank()).nonce();
            case Observation.CommandSkipped skipped -> false;
        };
    }

    private TransferState confirmedOn(io.astraclear.ports.domain.CommandId commandId, BankId bank) {
        TransferId id = state.confirmedByCommand.get(commandId);
        if (id == null) {
            return null;
        }
        TransferState transfer = state.transfers.get(id);
        return transfer.confirmation.command().destinationBank().equals(bank) ? transfer : null;
    }

    private void equivocation(Address validator, Bytes32 subject, Bytes32 first, Bytes32 second, BlockRun run, List<BankId> banks,
            Map<String, String> about) {
        run.evidence(new EquivocationEvidence(run.height, validator, subject, first, second));
        Map<String, String> data = new LinkedHashMap<>(about);
        data.put("validator", validator.value());
        data.put("subject", subject.value());
        data.put("firstDigest", first.value());
        data.put("secondDigest", second.value());
        run.event(HubEventType.EQUIVOCATION_DETECTED, data, banks);
    }

    // --- SignBatch -------------------------------------------------------------------------------

    private Optional<Refusal> validateSignBatch(Address sender, HubTransaction.SignBatch sign) {
        BatchState batch = state.openBatches.get(sign.batch());
        if (batch == null) {
            return refuse(HubRejection.UNKNOWN_BATCH, "no open batch " + sign.batch() + " (never cut, or every entry has ended)");
        }
        ValidatorSet executorSet = state.executorSets.get(sign.batch().bank());
        if (!executorSet.contains(sender)) {
            return refuse(HubRejection.NOT_IN_EXECUTOR_SET, sender + " is not in " + sign.batch().bank() + "'s Executor validator set (nonce "
                    + executorSet.nonce() + "): its signature would not count there");
        }
        if (batch.signatures.containsKey(sender)) {
            return Optional.empty(); // a repeat: applied as a no-op
        }
        Optional<Address> signer = recovery.recover(batch.digest, sign.signature());
        if (signer.isEmpty() || !signer.get().equals(sender)) {
            return refuse(HubRejection.SIGNATURE_MISMATCH, "the signature recovers to " + signer.map(Address::value).orElse("no address")
                    + ", not to " + sender + ", over batch " + sign.batch() + "'s digest " + batch.digest);
        }
        return Optional.empty();
    }

    private String applySignBatch(Address sender, HubTransaction.SignBatch sign, BlockRun run) {
        BatchState batch = state.openBatches.get(sign.batch());
        if (batch.signatures.containsKey(sender)) {
            return "batch " + sign.batch() + " already holds " + sender + "'s signature";
        }
        batch.signatures.put(sender, new BatchSignature(sender, sign.signature(), run.height));
        run.batchChanged(batch.id);
        ValidatorSet executorSet = state.executorSets.get(batch.id.bank());
        int count = batch.signaturesFrom(executorSet);
        if (count == executorSet.threshold()) {
            run.event(HubEventType.BATCH_SIGNED, Map.of(
                    "batch", batch.id.toString(),
                    "bank", batch.id.bank().value(),
                    "size", Integer.toString(batch.batch.size()),
                    "signatures", Integer.toString(count),
                    "threshold", Integer.toString(executorSet.threshold())), List.of(batch.id.bank()));
        }
        return "signature " + count + " of " + executorSet.threshold() + " for batch " + batch.id;
    }

    // --- ConfirmSettlement -----------------------------------------------------------------------

    private Optional<Refusal> validateSettlement(Address sender, HubTransaction.ConfirmSettlement settle) {
        HubMember creditor = state.members.get(settle.creditor());
        if (creditor == null || !state.members.containsKey(settle.debtor())) {
            return refuse(HubRejection.UNKNOWN_BANK, "bank " + (creditor == null ? settle.creditor() : settle.debtor()) + " is not a member of this hub");
        }
        if (!creditor.operator().equals(Optional.of(sender))) {
            return refuse(HubRejection.UNAUTHORIZED, "settlements to " + creditor.id() + " are confirmed by its operator key "
                    + creditor.operator().map(Address::value).orElse("(none in the genesis)") + " only, not by " + sender);
        }
        SettlementRecord earlier = state.settlements.get(new HubState.SettlementKey(settle.creditor(), settle.reference()));
        if (earlier != null) {
            if (earlier.debtor().equals(settle.debtor()) && earlier.amount().equals(settle.amount())) {
                return Optional.empty(); // a repeat: applied as a no-op
            }
            return refuse(HubRejection.REFERENCE_CONFLICT, settle.creditor() + " used reference '" + settle.reference() + "' at height "
                    + earlier.height() + " for " + earlier.debtor() + " paying " + earlier.amount());
        }
        var owed = state.balance(settle.debtor(), settle.creditor());
        if (owed.compareTo(settle.amount()) < 0) {
            return refuse(HubRejection.INSUFFICIENT_BALANCE, settle.debtor() + " owes " + settle.creditor() + " " + owed + ", less than " + settle.amount());
        }
        return Optional.empty();
    }

    private String applySettlement(Address sender, HubTransaction.ConfirmSettlement settle, BlockRun run) {
        HubState.SettlementKey key = new HubState.SettlementKey(settle.creditor(), settle.reference());
        SettlementRecord earlier = state.settlements.get(key);
        if (earlier != null) {
            return "settlement '" + settle.reference() + "' was confirmed at height " + earlier.height();
        }
        var entry = run.journal(EntryType.SETTLEMENT_BURN, settle.debtor(), settle.creditor(), settle.amount(), settle.reference());
        SettlementRecord record = new SettlementRecord(settle.debtor(), settle.creditor(), settle.amount(), settle.reference(), sender,
                run.height, run.time, entry.sequence());
        state.settlements.put(key, record);
        run.settlement(record);
        run.event(HubEventType.SETTLEMENT_CONFIRMED, Map.of(
                "debtor", settle.debtor().value(),
                "creditor", settle.creditor().value(),
                "amount", settle.amount().toString(),
                "reference", settle.reference(),
                "journalEntry", Long.toString(entry.sequence()),
                "confirmedBy", sender.value()), List.of(settle.debtor(), settle.creditor()));
        return "burned " + settle.amount() + " of cred-" + settle.debtor() + " held by " + settle.creditor();
    }

    // --- RequestNetting --------------------------------------------------------------------------

    private Optional<Refusal> validateNettingRequest(Address sender, HubTransaction.RequestNetting request, long blockHeight) {
        if (!state.active.contains(sender)) {
            return refuse(HubRejection.UNAUTHORIZED, sender + " is not an active validator: only active validators request netting");
        }
        if (request.height() >= blockHeight) {
            return refuse(HubRejection.FUTURE_HEIGHT, "the request names height " + request.height() + ", but the hub has committed only up to "
                    + (blockHeight - 1));
        }
        return Optional.empty();
    }

    private String applyNettingRequest(Address sender, HubTransaction.RequestNetting request, BlockRun run) {
        if (state.lastNettingHeight > request.height()) {
            return "no round: one ran at height " + state.lastNettingHeight + ", after the request (made at " + request.height() + ")";
        }
        if (run.nettingRequestedBy != null) {
            return "a round is already requested in this block, by " + run.nettingRequestedBy;
        }
        run.nettingRequestedBy = sender;
        return "netting round at the end of block " + run.height;
    }

    // --- validator sets --------------------------------------------------------------------------

    private Optional<Refusal> validateApproval(Address sender, HubTransaction.ApproveValidatorSet approve) {
        if (!state.active.contains(sender)) {
            return refuse(HubRejection.UNAUTHORIZED, sender + " is not an active validator: only active validators approve the next set");
        }
        long expected = state.active.nonce() + 1;
        if (approve.nonce() != expected) {
            return refuse(HubRejection.STALE_NONCE, "the next validator set has nonce " + expected + ", not " + approve.nonce());
        }
        if (state.next != null && !state.next.validators().equals(approve.validators())) {
            return refuse(HubRejection.STALE_NONCE, "the set of nonce " + expected + " is agreed already: " + state.next.validators());
        }
        for (ValidatorSets.Approval approval : state.approvals) {
            if (approval.nonce() == approve.nonce() && approval.approver().equals(sender) && !approval.validators().equals(approve.validators())) {
                return refuse(HubRejection.STALE_NONCE, sender + " approved another set for nonce " + approve.nonce() + " at height "
                        + approval.height() + ": " + approval.validators());
            }
        }
        return Optional.empty();
    }

    private String applyApproval(Address sender, HubTransaction.ApproveValidatorSet approve, BlockRun run) {
        for (ValidatorSets.Approval approval : state.approvals) {
            if (approval.nonce() == approve.nonce() && approval.approver().equals(sender)) {
                return sender + " approved this set at height " + approval.height();
            }
        }
        state.approvals.add(new ValidatorSets.Approval(approve.nonce(), approve.validators(), sender, run.height));
        run.validatorSetsChanged();
        List<BankId> everyBank = List.copyOf(state.members.keySet());
        run.event(HubEventType.VALIDATORS_APPROVED, Map.of(
                "nonce", Long.toString(approve.nonce()),
                "validators", String.join(",", approve.validators().stream().map(Address::value).toList()),
                "approver", sender.value()), everyBank);
        int approvals = 0;
        for (ValidatorSets.Approval approval : state.approvals) {
            if (approval.nonce() == approve.nonce() && approval.validators().equals(approve.validators()) && state.active.contains(approval.approver())) {
                approvals++;
            }
        }
        if (state.next == null && approvals >= state.active.threshold()) {
            state.next = new ValidatorSet(approve.nonce(), approve.validators());
            run.event(HubEventType.VALIDATORS_AGREED, Map.of(
                    "nonce", Long.toString(approve.nonce()),
                    "validators", String.join(",", approve.validators().stream().map(Address::value).toList()),
                    "approvals", Integer.toString(approvals)), everyBank);
            return "approval " + approvals + " of " + state.active.threshold() + ": the set of nonce " + approve.nonce() + " is agreed";
        }
        return "approval " + approvals + " of " + state.active.threshold() + " for the set of nonce " + approve.nonce();
    }

    private Optional<Refusal> validateSetSignature(Address sender, HubTransaction.SignValidatorSet sign) {
        if (!state.active.contains(sender)) {
            return refuse(HubRejection.UNAUTHORIZED, sender + " is not an active validator: only the active set signs a set update");
        }
        if (state.next == null || state.next.nonce() != sign.nonce()) {
            return refuse(HubRejection.STALE_NONCE, "no agreed validator set of nonce " + sign.nonce()
                    + (state.next == null ? "" : " (the agreed next set has nonce " + state.next.nonce() + ")"));
        }
        HubMember bank = state.members.get(sign.bank());
        if (bank == null) {
            return refuse(HubRejection.UNKNOWN_BANK, "bank " + sign.bank() + " is not a member of this hub");
        }
        ValidatorSet executorSet = state.executorSets.get(bank.id());
        if (executorSet.nonce() >= sign.nonce() || alreadySigned(sign.nonce(), bank.id(), sender)) {
            return Optional.empty(); // updated already, or a repeat: applied as a no-op
        }
        if (!executorSet.contains(sender)) {
            return refuse(HubRejection.NOT_IN_EXECUTOR_SET, sender + " is not in " + bank.id() + "'s Executor validator set (nonce "
                    + executorSet.nonce() + ")");
        }
        Bytes32 digest = ProtocolDigests.validatorSetDigest(bank.chainId(), bank.executor(), sign.nonce(), state.next.validators());
        Optional<Address> signer = recovery.recover(digest, sign.signature());
        if (signer.isEmpty() || !signer.get().equals(sender)) {
            return refuse(HubRejection.SIGNATURE_MISMATCH, "the signature recovers to " + signer.map(Address::value).orElse("no address")
                    + ", not to " + sender + ", over " + bank.id() + "'s validatorSetDigest " + digest);
        }
        return Optional.empty();
    }

    private boolean alreadySigned(long nonce, BankId bank, Address validator) {
        return state.setSignatures.stream().anyMatch(s -> s.nonce() == nonce && s.bank().equals(bank) && s.validator().equals(validator));
    }

    private String applySetSignature(Address sender, HubTransaction.SignValidatorSet sign, BlockRun run) {
        ValidatorSet executorSet = state.executorSets.get(sign.bank());
        if (executorSet.nonce() >= sign.nonce()) {
            return sign.bank() + "'s Executor holds the set of nonce " + executorSet.nonce() + " already";
        }
        if (alreadySigned(sign.nonce(), sign.bank(), sender)) {
            return sender + " signed " + sign.bank() + "'s update to nonce " + sign.nonce() + " already";
        }
        state.setSignatures.add(new ValidatorSets.SetSignature(sign.nonce(), sign.bank(), sender, sign.signature()));
        run.validatorSetsChanged();
        List<Signature> counted = new ArrayList<>();
        for (ValidatorSets.SetSignature signature : state.setSignatures) {
            if (signature.nonce() == sign.nonce() && signature.bank().equals(sign.bank()) && executorSet.contains(signature.validator())) {
                counted.add(signature.signature());
            }
        }
        if (counted.size() == executorSet.threshold()) {
            run.event(HubEventType.VALIDATORS_SIGNED, Map.of(
                    "nonce", Long.toString(sign.nonce()),
                    "bank", sign.bank().value(),
                    "signatures", Integer.toString(counted.size())), List.of(sign.bank()));
        }
        return "signature " + counted.size() + " of " + executorSet.threshold() + " for " + sign.bank() + "'s update to nonce " + sign.nonce();
    }

    private static Optional<Refusal> refuse(HubRejection code, String reason) {
        return Optional.of(new Refusal(code, reason));
    }
}
