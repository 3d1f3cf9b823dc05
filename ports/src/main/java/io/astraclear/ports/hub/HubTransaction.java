package io.astraclear.ports.hub;

import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.chain.Observation;
import io.astraclear.ports.domain.Signature;
import java.util.List;

/**
 * A hub transaction's payload, one record per type of ARCHITECTURE.md's table. Values check
 * themselves: a payload that decodes into one of these is well-formed; whether its sender may send
 * it, and what it changes, is for the state machine. Every type is idempotent: applying the same
 * transaction twice changes nothing the second time.
 */
public sealed interface HubTransaction {
    HubTxType type();

    /** A validator's observations of bank chains (at most {@link #MAX_OBSERVATIONS}). */
    record Attest(List<Observation> observations) implements HubTransaction {
        public static final int MAX_OBSERVATIONS = 1_000;

        public Attest {
            if (observations == null || observations.isEmpty() || observations.size() > MAX_OBSERVATIONS) {
                throw new IllegalArgumentException("an Attest holds 1 to " + MAX_OBSERVATIONS + " observations, got "
                        + (observations == null ? 0 : observations.size()));
            }
            observations = List.copyOf(observations); // rejects null elements
        }

        @Override
        public HubTxType type() {
            return HubTxType.ATTEST;
        }
    }

    /** A validator's signature over a hub batch's digest ({@code MintBatch#digest()}), for its Executor. */
    record SignBatch(BatchId batch, Signature signature) implements HubTransaction {
        public SignBatch {
            if (batch == null || signature == null) {
                throw new IllegalArgumentException("SignBatch needs a batch and a signature");
            }
        }

        @Override
        public HubTxType type() {
            return HubTxType.SIGN_BATCH;
        }
    }

    /**
     * The creditor bank confirms it was paid {@code amount} by the debtor outside the system: burns
     * that much of {@code cred-debtor} held by the creditor. Idempotent on (creditor, reference).
     */
    record ConfirmSettlement(BankId debtor, BankId creditor, Amount amount, String reference) implements HubTransaction {
        public static final int MAX_REFERENCE_LENGTH = 128;

        public ConfirmSettlement {
            if (debtor == null || creditor == null || amount == null || reference == null) {
                throw new IllegalArgumentException("ConfirmSettlement needs a debtor, a creditor, an amount and a reference");
            }
            if (debtor.equals(creditor)) {
                throw new IllegalArgumentException("a settlement needs two different banks, got " + debtor + " twice");
            }
            if (amount.isZero()) {
                throw new IllegalArgumentException("a settlement amount must be positive");
            }
            checkReference(reference);
        }

        /** 1 to 128 printable ASCII characters, not only spaces: a payment reference as banks write them. */
        public static void checkReference(String reference) {
            if (reference.isBlank() || reference.length() > MAX_REFERENCE_LENGTH
                    || !reference.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)) {
                throw new IllegalArgumentException("reference must be 1 to " + MAX_REFERENCE_LENGTH
                        + " printable ASCII characters, not only spaces");
            }
        }

        @Override
        public HubTxType type() {
            return HubTxType.CONFIRM_SETTLEMENT;
        }
    }

    /**
     * An active validator asks for a netting round at the end of this block. {@code height} is the
     * hub height the request was made at: a round that ran at or after it makes the request void,
     * which is what makes a replayed request harmless.
     */
    record RequestNetting(long height) implements HubTransaction {
        public RequestNetting {
            if (height < 0) {
                throw new IllegalArgumentException("RequestNetting height must be >= 0, got " + height);
            }
        }

        @Override
        public HubTxType type() {
            return HubTxType.REQUEST_NETTING;
        }
    }

    /** An active validator approves the validator set that should follow the active one ({@code nonce}: the active nonce + 1). */
    record ApproveValidatorSet(long nonce, List<Address> validators) implements HubTransaction {
        /** {@code Executor.MAX_VALIDATORS}. */
        public static final int MAX_VALIDATORS = 64;

        public ApproveValidatorSet {
            if (nonce < 1 || validators == null) {
                throw new IllegalArgumentException("ApproveValidatorSet needs a nonce >= 1 and validators");
            }
            validators = List.copyOf(validators);
            if (validators.isEmpty() || validators.size() > MAX_VALIDATORS) {
                throw new IllegalArgumentException("a validator set has 1 to " + MAX_VALIDATORS + " validators, got " + validators.size());
            }
            for (int i = 0; i < validators.size(); i++) {
                if (validators.get(i).equals(Address.ZERO)) {
                    throw new IllegalArgumentException("the zero address cannot be a validator");
                }
                if (i > 0 && validators.get(i - 1).compareTo(validators.get(i)) >= 0) {
                    throw new IllegalArgumentException("validators must be strictly ascending (sorted, no repeats)");
                }
            }
        }

        @Override
        public HubTxType type() {
            return HubTxType.APPROVE_VALIDATOR_SET;
        }
    }

    /** An active validator's signature over one bank Executor's {@code validatorSetDigest} of the agreed next set. */
    record SignValidatorSet(long nonce, BankId bank, Signature signature) implements HubTransaction {
        public SignValidatorSet {
            if (nonce < 1 || bank == null || signature == null) {
                throw new IllegalArgumentException("SignValidatorSet needs a nonce >= 1, a bank and a signature");
            }
        }

        @Override
        public HubTxType type() {
            return HubTxType.SIGN_VALIDATOR_SET;
        }
    }
}
