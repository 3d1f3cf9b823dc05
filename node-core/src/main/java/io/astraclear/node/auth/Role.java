package io.astraclear.node.auth;

import io.astraclear.ports.domain.BankId;
import java.util.Optional;

/**
 * What an API token may do. {@code admin}: everything, including the writes (run netting, confirm
 * settlements). {@code read}: every read. {@code bank:<ID>}: the reads that concern that bank only.
 */
public sealed interface Role {
    record Admin() implements Role {}

    record Read() implements Role {}

    record Bank(BankId bank) implements Role {}

    static Role parse(String text) {
        if ("admin".equals(text)) {
            return new Admin();
        }
        if ("read".equals(text)) {
            return new Read();
        }
        if (text != null && text.startsWith("bank:")) {
            return new Bank(BankId.of(text.substring("bank:".length())));
        }
        throw new IllegalArgumentException("role must be admin, read or bank:<BANK_ID>, got '" + text + "'");
    }

    /** The one bank whose data this role is limited to; empty for consortium-wide roles. */
    default Optional<BankId> bankScope() {
        return this instanceof Bank bank ? Optional.of(bank.bank()) : Optional.empty();
    }

    default boolean mayWrite() {
        return this instanceof Admin;
    }
}
