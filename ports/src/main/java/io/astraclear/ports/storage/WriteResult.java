package io.astraclear.ports.storage;

/** A write that the business rules may refuse: the refusal is a value with a code, not an exception. */
public sealed interface WriteResult<T> {
    record Applied<T>(T value) implements WriteResult<T> {}

    /** {@code code} is stable and machine-readable (e.g. {@code STALE_SNAPSHOT}, {@code INSUFFICIENT_BALANCE}). */
    record Rejected<T>(String code, String message) implements WriteResult<T> {}

    static <T> WriteResult<T> applied(T value) {
        return new Applied<>(value);
    }

    static <T> WriteResult<T> rejected(String code, String message) {
        return new Rejected<>(code, message);
    }
}
