package io.astraclear.ports.domain;

import java.util.List;

/** The current validators, sorted ascending as the Executor requires, and their threshold. */
public record ValidatorSet(long nonce, List<Address> validators) {
    public ValidatorSet {
        validators = validators.stream().sorted().distinct().toList();
        if (validators.isEmpty()) {
            throw new IllegalArgumentException("a validator set needs at least one validator");
        }
        if (validators.contains(Address.ZERO)) {
            throw new IllegalArgumentException("the zero address cannot be a validator");
        }
    }

    public int threshold() {
        return Threshold.of(validators.size());
    }

    public boolean contains(Address address) {
        return validators.contains(address);
    }
}
