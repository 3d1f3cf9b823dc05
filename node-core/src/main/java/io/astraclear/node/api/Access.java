package io.astraclear.node.api;

import io.astraclear.node.auth.Principal;
import io.astraclear.node.auth.Role;

/** Who may call a route. */
enum Access {
    /** No token: health probes, metrics, the OpenAPI document. */
    PUBLIC,
    /** Any token; a bank token's view is limited to its bank. */
    READ,
    /** Admin and read tokens: consortium-wide data with no per-bank view (metrics, when they need a token). */
    CONSORTIUM_READ,
    /** Admin tokens: the writes. */
    ADMIN;

    boolean allows(Principal principal) {
        return switch (this) {
            case PUBLIC, READ -> true;
            case CONSORTIUM_READ -> !(principal.role() instanceof Role.Bank);
            case ADMIN -> principal.role().mayWrite();
        };
    }

    String describe() {
        return switch (this) {
            case PUBLIC -> "anyone";
            case READ -> "any token";
            case CONSORTIUM_READ -> "admin and read tokens";
            case ADMIN -> "admin tokens";
        };
    }
}
