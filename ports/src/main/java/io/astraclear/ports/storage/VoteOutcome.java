package io.astraclear.ports.storage;

/** What recording a vote did. Repeats are no-ops; a second digest for one command is equivocation. */
public enum VoteOutcome {
    RECORDED,
    DUPLICATE,
    /** The validator already voted for another digest of the same commandId: stored as evidence, never counted. */
    EQUIVOCATION
}
