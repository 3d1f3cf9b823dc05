package io.astraclear.node.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hexagon's rules, as a test: {@code ports} imports only the JDK, the PF4J marker and
 * BouncyCastle's primitives; the hub state machine imports no adapter, web3j, Vert.x or database
 * type; adapters and plugins depend on {@code ports}, never on the node; only the wiring, dev mode,
 * benchmarks and the CLI in the node touch adapters and web3j; and no packages form a cycle.
 */
class DependencyRuleTest {
    private static JavaClasses production;
    private static JavaClasses plugins;

    @BeforeAll
    static void importClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar")) // the ports' contract suites, published as a test jar
                .importPackages("io.astraclear");
        plugins = new ClassFileImporter().importPaths(pluginClassDirectories());
    }

    /** The plugins are off the node's class path (class-loader isolation): their classes are read from their build directories. */
    private static List<Path> pluginClassDirectories() {
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<Path> directories;
        try (Stream<Path> modules = Files.list(root.resolve("plugins"))) {
            directories = modules.map(module -> module.resolve("target/classes")).filter(Files::isDirectory).toList();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot list the plugin modules under " + root.resolve("plugins"), e);
        }
        if (directories.size() < 3) {
            throw new IllegalStateException("the plugins' classes are not built (found " + directories + "); build the reactor first (./mvnw package)");
        }
        return directories;
    }

    @Test
    void portsImportOnlyTheJdkPf4jAndBouncyCastle() {
        classes().that().resideInAPackage("io.astraclear.ports..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.pf4j..", "org.bouncycastle..", "io.astraclear.ports..")
                .check(production);
    }

    @Test
    void theHubStateMachineImportsNoAdapterLibraryOrOtherPartOfTheNode() {
        noClasses().that().resideInAPackage("io.astraclear.node.hub..")
                .should().dependOnClassesThat().resideInAnyPackage("io.astraclear.adapters..", "org.web3j..", "io.vertx..", "io.netty..",
                        "com.fasterxml..", "io.astraclear.node.engine..", "io.astraclear.node.services..", "io.astraclear.node.api..",
                        "io.astraclear.node.application..", "io.astraclear.node.config..", "io.astraclear.contracts..")
                .check(production);
    }

    @Test
    void adaptersDependOnPortsNeverOnTheNode() {
        noClasses().that().resideInAPackage("io.astraclear.adapters..")
                .should().dependOnClassesThat().resideInAnyPackage("io.astraclear.node..", "io.astraclear.plugins..")
                .check(production);
        noClasses().that().resideInAPackage("io.astraclear.adapters.memory..")
                .should().dependOnClassesThat().resideInAnyPackage("io.astraclear.adapters.postgres..", "io.astraclear.adapters.besu..", "io.vertx..", "org.web3j..")
                .check(production);
    }

    @Test
    void pluginsDependOnPortsAndTheirOwnLibrariesOnly() {
        assertThat(plugins.size()).as("plugin classes imported").isGreaterThan(10);
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.astraclear.node..", "io.astraclear.adapters..", "io.astraclear.contracts..",
                        "io.vertx..", "org.web3j..")
                .check(plugins);
    }

    @Test
    void onlyTheWiringDevModeBenchmarksAndTheCliInTheNodeTouchAdaptersAndWeb3j() {
        noClasses().that().resideInAPackage("io.astraclear.node..")
                .and().resideOutsideOfPackages("io.astraclear.node.dev..", "io.astraclear.node.bench..", "io.astraclear.node.cli..")
                .and().doNotHaveFullyQualifiedName("io.astraclear.node.NodeWiring")
                .should().dependOnClassesThat().resideInAnyPackage("io.astraclear.adapters..", "org.web3j..", "io.vertx.pgclient..", "io.vertx.sqlclient..",
                        "io.astraclear.contracts..")
                .check(production);
    }

    @Test
    void thePortsPackagesFormNoCycle() {
        slices().matching("io.astraclear.ports.(*)..").should().beFreeOfCycles().check(production);
    }

    @Test
    void theNodesPackagesFormNoCycle() {
        slices().matching("io.astraclear.node.(*)..").should().beFreeOfCycles().check(production);
    }
}
