package io.astraclear.ports.state;

import io.astraclear.ports.chain.ObservedTransfer;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.TransferId;
import io.astraclear.ports.hub.BatchId;
import io.astraclear.ports.chain.ObservationDigests;
import io.astraclear.ports.storage.TransferStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A transfer as the hub holds it after a block: what validators attested (every distinct content,
 * first seen first, and who attested which), where it stands, and how it got there. The state
 * machine writes the whole image whenever the transfer changes; storage keeps the latest image.
 *
 * @param sequence the hub's order of first attestation (1, 2, ...): listings are newest first by it
 * @param contents the distinct observations attested for this transfer id, first seen first (honest validators attest one)
 * @param attestations every counted attestation, in arrival order; equivocators' are removed
 * @param equivocators validators that attested two different contents for this transfer: none of theirs counts
 * @param failedMints the Executor logs ({@code CommandFailed}) whose failure of this mint was applied, oldest first
 */
public record HubTransfer(
        long sequence,
        TransferId transferId,
        List<ObservedTransfer> contents,
        TransferStatus status,
        List<Attestation> attestations,
        List<Address> equivocators,
        long firstAttestedHeight,
        Instant firstAttestedTime,
        Optional<Confirmation> confirmation,
        Optional<BatchId> batch,
        List<Bytes32> failedMints,
        Optional<Mint> mint,
        List<StatusChange> history) {

    public HubTransfer {
        if (sequence < 1 || transferId == null || status == null || firstAttestedHeight < 1 || firstAttestedTime == null) {
            throw new IllegalArgumentException("hub transfer needs a sequence, an id, a status, and its first attestation's height and time");
        }
        contents = List.copyOf(contents);
        attestations = List.copyOf(attestations);
        equivocators = List.copyOf(equivocators);
        failedMints = List.copyOf(failedMints);
        history = List.copyOf(history);
        confirmation = confirmation == null ? Optional.empty() : confirmation;
        batch = batch == null ? Optional.empty() : batch;
        mint = mint == null ? Optional.empty() : mint;
        if (contents.isEmpty() || history.isEmpty()) {
            throw new IllegalArgumentException("hub transfer " + transferId + " needs at least one content and one status change");
        }
        for (ObservedTransfer content : contents) {
            if (!content.transferId().equals(transferId)) {
                throw new IllegalArgumentException("hub transfer " + transferId + " holds a content of transfer " + content.transferId());
            }
        }
    }

    /** The observation the hub stands by: the confirmed content once confirmed, else the first attested. */
    public ObservedTransfer observed() {
        if (contents.size() > 1 && confirmation.isPresent()) {
            Bytes32 confirmed = confirmation.get().digest();
            for (ObservedTransfer content : contents) {
                if (ObservationDigests.transferObservation(content).equals(confirmed)) {
                    return content;
                }
            }
        }
        return contents.getFirst();
    }

    public BankId sourceBank() {
        return observed().sourceBank();
    }

    public BankId destinationBank() {
        return observed().destinationBank();
    }

    /** Still moving: waiting for attestations (OBSERVED) or for its mint (CONFIRMED). */
    public boolean live() {
        return status == TransferStatus.OBSERVED || status == TransferStatus.CONFIRMED;
    }
}
