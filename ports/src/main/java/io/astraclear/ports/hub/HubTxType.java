package io.astraclear.ports.hub;

import java.util.Optional;

/**
 * The hub transaction types of ARCHITECTURE.md, with the number each carries on the wire and in
 * its signing digest. Numbers are protocol constants: never reuse or renumber one.
 */
public enum HubTxType {
    ATTEST(1),
    SIGN_BATCH(2),
    CONFIRM_SETTLEMENT(3),
    REQUEST_NETTING(4),
    APPROVE_VALIDATOR_SET(5),
    SIGN_VALIDATOR_SET(6);

    private final int code;

    HubTxType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Optional<HubTxType> fromCode(long code) {
        for (HubTxType type : values()) {
            if (type.code == code) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
