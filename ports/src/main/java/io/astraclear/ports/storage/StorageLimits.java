package io.astraclear.ports.storage;

/**
 * Bounds on what one storage write may carry. A call beyond them fails with
 * {@link IllegalArgumentException} (a broken caller, not a business refusal) and stores nothing;
 * free text beyond its bound is cut, not refused, so a long error message never loses a state change.
 */
public final class StorageLimits {
    /** Transfers in one {@code recordObserved}; a watcher chunks larger block ranges. */
    public static final int MAX_TRANSFERS_PER_WRITE = 10_000;
    /** Quarantined logs in one {@code recordObserved}. */
    public static final int MAX_QUARANTINED_PER_WRITE = 10_000;
    /** Signatures on one command: at least a threshold of a validator set this large. */
    public static final int MAX_SIGNATURES = 256;
    /** Settlement references, netting strategy ids and versions, actors. */
    public static final int MAX_NAME_LENGTH = 200;
    /** Reasons, details, outcomes; longer text is cut to this many characters. */
    public static final int MAX_TEXT_LENGTH = 2_000;
    /** Events in one {@code appendEvents}; the node flushes its event stream in batches this large at most. */
    public static final int MAX_EVENTS_PER_WRITE = 1_000;
    /** Fields of one event's data; values beyond {@link #MAX_TEXT_LENGTH} are cut. */
    public static final int MAX_EVENT_FIELDS = 32;
    /** Raw data of a quarantined log; longer data is cut to this many characters. */
    public static final int MAX_RAW_DATA_LENGTH = 65_536;

    private StorageLimits() {}

    /** A command carries 1 to {@link #MAX_SIGNATURES} signatures, none twice. */
    public static void checkSignatures(java.util.List<io.astraclear.ports.domain.Signature> signatures) {
        required(signatures, "signatures");
        if (signatures.isEmpty() || signatures.size() > MAX_SIGNATURES) {
            throw new IllegalArgumentException("a command carries 1 to " + MAX_SIGNATURES + " signatures, got " + signatures.size());
        }
        java.util.Set<io.astraclear.ports.domain.Signature> seen = new java.util.HashSet<>();
        for (io.astraclear.ports.domain.Signature signature : signatures) {
            if (!seen.add(required(signature, "signature"))) {
                throw new IllegalArgumentException("signature " + signature + " appears twice");
            }
        }
    }

    /**
     * The arguments of {@code recordObserved}: within the per-write bounds, and every transfer and
     * quarantined log from the checkpoint's bank.
     */
    public static void checkObserved(java.util.List<io.astraclear.ports.chain.ObservedTransfer> transfers,
            java.util.List<io.astraclear.ports.chain.QuarantinedLog> quarantined, io.astraclear.ports.chain.Checkpoint checkpoint) {
        required(checkpoint, "checkpoint");
        checkSize(required(transfers, "transfers"), MAX_TRANSFERS_PER_WRITE, "transfers");
        checkSize(required(quarantined, "quarantined logs"), MAX_QUARANTINED_PER_WRITE, "quarantined logs");
        for (io.astraclear.ports.chain.ObservedTransfer transfer : transfers) {
            if (!required(transfer, "transfer").sourceBank().equals(checkpoint.bank())) {
                throw new IllegalArgumentException("transfer " + transfer.transferId() + " comes from " + transfer.sourceBank()
                        + ", not from the checkpoint's bank " + checkpoint.bank());
            }
        }
        for (io.astraclear.ports.chain.QuarantinedLog log : quarantined) {
            if (!required(log, "quarantined log").sourceBank().equals(checkpoint.bank())) {
                throw new IllegalArgumentException("quarantined log of " + log.sourceBank() + " recorded with a checkpoint of " + checkpoint.bank());
            }
        }
    }

    /** References, ids, versions and actors: 1 to {@link #MAX_NAME_LENGTH} characters, not blank. */
    public static void checkName(String name, String what) {
        if (name == null || name.isBlank() || name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException(what + " must be 1 to " + MAX_NAME_LENGTH + " characters, not blank");
        }
    }

    public static void checkSize(java.util.List<?> items, int max, String what) {
        if (items.size() > max) {
            throw new IllegalArgumentException("at most " + max + " " + what + " per write, got " + items.size());
        }
    }

    public static <T> T required(T value, String what) {
        if (value == null) {
            throw new IllegalArgumentException(what + " is missing");
        }
        return value;
    }

    /** {@code text} cut to {@code maxLength} characters, marked with a trailing ellipsis when cut. */
    public static String cut(String text, int maxLength) {
        if (text == null) {
            return "";
        }
        return text.length() <= maxLength ? text : text.substring(0, maxLength - 1) + "…";
    }
}
