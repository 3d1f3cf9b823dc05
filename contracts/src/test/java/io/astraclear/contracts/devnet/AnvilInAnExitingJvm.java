package io.astraclear.contracts.devnet;

/** Starts anvil and exits without closing it, as a crashing test JVM would; see AnvilNodeIT. */
public final class AnvilInAnExitingJvm {
    private AnvilInAnExitingJvm() {}

    public static void main(String[] arguments) {
        AnvilNode anvil = AnvilNode.start();
        System.out.println("anvil-pid=" + anvil.pid());
        System.out.flush();
        Runtime.getRuntime().exit(3);
    }
}
