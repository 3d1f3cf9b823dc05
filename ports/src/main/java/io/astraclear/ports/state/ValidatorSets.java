package io.astraclear.ports.state;

import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Signature;
import io.astraclear.ports.domain.ValidatorSet;
import java.util.List;
import java.util.Optional;

/**
 * The hub's validator sets: the active set (its members attest and their threshold confirms), the
 * agreed next set with the approvals and Executor signatures gathered for it, and the set each
 * bank's Executor holds as far as the hub knows (attested {@code ValidatorSetUpdated} logs), which
 * decides whose batch signatures count for that bank.
 */
public record ValidatorSets(
        ValidatorSet active,
        Optional<ValidatorSet> next,
        List<Approval> approvals,
        List<ExecutorSet> executorSets,
        List<SetSignature> setSignatures) {

    /** An active validator approved {@code validators} as the set of {@code nonce}. */
    public record Approval(long nonce, List<Address> validators, Address approver, long height) {
        public Approval {
            validators = List.copyOf(validators);
            if (approver == null || nonce < 1 || height < 1) {
                throw new IllegalArgumentException("approval needs a nonce >= 1, an approver and a height");
            }
        }
    }

    /** The set {@code bank}'s Executor holds. */
    public record ExecutorSet(BankId bank, ValidatorSet set) {
        public ExecutorSet {
            if (bank == null || set == null) {
                throw new IllegalArgumentException("executor set needs a bank and a set");
            }
        }
    }

    /** A validator's signature over {@code bank}'s Executor {@code validatorSetDigest} of the next set. */
    public record SetSignature(long nonce, BankId bank, Address validator, Signature signature) {
        public SetSignature {
            if (bank == null || validator == null || signature == null || nonce < 1) {
                throw new IllegalArgumentException("set signature needs a nonce >= 1, a bank, a validator and a signature");
            }
        }
    }

    public ValidatorSets {
        if (active == null) {
            throw new IllegalArgumentException("validator sets need the active set");
        }
        next = next == null ? Optional.empty() : next;
        approvals = List.copyOf(approvals);
        executorSets = executorSets.stream().sorted((a, b) -> a.bank().compareTo(b.bank())).toList();
        setSignatures = List.copyOf(setSignatures);
    }

    /** The set {@code bank}'s Executor holds as the hub knows it: the genesis set until an update was attested. */
    public ValidatorSet executorSet(BankId bank) {
        return executorSets.stream().filter(set -> set.bank().equals(bank)).map(ExecutorSet::set).findFirst().orElse(active);
    }
}
