package io.astraclear.node.hub.codec;

/**
 * Bytes that are not a hub transaction in its one canonical encoding, or whose values the domain
 * refuses. The state machine maps it to {@code HubRejection.MALFORMED} with {@link #getMessage()}:
 * the field's path from the message type ({@code Attest.observations[3].transfer_initiated.amount})
 * and what is wrong with it.
 *
 * <p>Checked, because every caller that decodes bytes from outside must decide what a refusal
 * means there. It carries no stack trace: it reports bad input, not a broken program, anyone may
 * send such input in bulk, and the message alone names the problem.
 */
public final class MalformedTransactionException extends Exception {
    private static final long serialVersionUID = 1L;
    /** Reasons end up in logs and events: no reason outgrows this, whatever the input echoed into it. */
    private static final int MAX_PROBLEM_LENGTH = 300;

    private final String field;
    private final String problem;

    MalformedTransactionException(String field, String problem) {
        super(field.isEmpty() ? printable(problem) : field + ": " + printable(problem), null, false, false);
        this.field = field;
        this.problem = printable(problem);
    }

    /** The refused field's path, e.g. {@code SignedTransaction.sender}; empty for the input as a whole. */
    public String field() {
        return field;
    }

    /** What is wrong with it, e.g. {@code must be 20 bytes, got 19}. */
    public String problem() {
        return problem;
    }

    /** The same problem, seen from the message that holds {@code parentField}. */
    MalformedTransactionException under(String parentField) {
        return new MalformedTransactionException(field.isEmpty() ? parentField : parentField + "." + field, problem);
    }

    /**
     * A domain refusal may quote the refused value (a bank id is any string on the wire): control
     * and non-ASCII characters are escaped, so that a reason is one line of plain text in any log.
     */
    private static String printable(String problem) {
        String text = problem == null ? "refused" : problem;
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_PROBLEM_LENGTH) + 3);
        for (int i = 0; i < text.length(); i++) {
            if (out.length() >= MAX_PROBLEM_LENGTH) {
                return out.append("...").toString();
            }
            char c = text.charAt(i);
            if (c >= 0x20 && c <= 0x7e) {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out.toString();
    }
}
