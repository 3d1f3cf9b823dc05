package io.astraclear.node.auth;

import io.astraclear.ports.domain.BankId;
import java.util.Optional;

/** Who made a request: the configured token's name (never its secret) and its role. */
public record Principal(String tokenName, Role role) {
    /** Whether this caller may see data about {@code bank}. */
    public boolean maySee(BankId bank) {
        return role.bankScope().map(bank::equals).orElse(true);
    }

    /** Whether this caller may see data between two banks (a transfer, an obligation). */
    public boolean maySee(BankId one, BankId other) {
        return maySee(one) || maySee(other);
    }

    public Optional<BankId> bankScope() {
        return role.bankScope();
    }

    /** The audit log's actor for a write made by this caller. */
    public String actor() {
        return "api:" + tokenName;
    }
}
