package io.astraclear.node.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code astra}: the node's command line. The {@code ./astra} script builds the jar and runs this. */
@Command(
        name = "astra",
        mixinStandardHelpOptions = true,
        version = "astra-clear 0.1.0",
        description = "Clearing node for bank consortiums paying each other in tokenized deposits.",
        subcommands = {DevCommand.class, NodeCommand.class, KeygenCommand.class, BenchCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setExecutionExceptionHandler((exception, line, parsed) -> {
            line.getErr().println("error: " + exception.getMessage());
            return 1;
        });
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
