package io.astraclear.node.cli;

/**
 * What a command does when the hub stops (a block failed to apply or commit): nothing of that block
 * is committed, so the process ends at once, loudly, and a restart resumes from the last committed
 * block. Exit code 70 (EX_SOFTWARE).
 */
final class Fatal {
    static final int EXIT_CODE = 70;

    private Fatal() {}

    static void halt(Throwable failure) {
        System.err.println("[astra] FATAL: the hub stopped: " + failure.getMessage());
        System.err.println("[astra] nothing of the failed block was committed; restart the node to resume from the last committed block");
        failure.printStackTrace(System.err);
        System.err.flush();
        Runtime.getRuntime().halt(EXIT_CODE);
    }
}
