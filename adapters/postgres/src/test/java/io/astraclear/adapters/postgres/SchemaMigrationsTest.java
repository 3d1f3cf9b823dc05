package io.astraclear.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SchemaMigrationsTest {
    @Test
    void everyMigrationScriptIsListedInOrderWithoutGaps() throws Exception {
        List<String> scripts;
        try (Stream<Path> files = Files.list(migrationDirectory())) {
            scripts = files.map(path -> path.getFileName().toString()).sorted().toList();
        }

        assertThat(scripts).allMatch(name -> name.matches("V[1-9][0-9]*__[a-z0-9_]+\\.sql"));
        assertThat(SchemaMigrator.MIGRATIONS).extracting(migration -> migration.resource().substring("db/migration/".length()))
                .containsExactlyInAnyOrderElementsOf(scripts);
        assertThat(SchemaMigrator.MIGRATIONS).extracting(SchemaMigrator.Migration::version)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, SchemaMigrator.MIGRATIONS.size()).boxed().toList());
    }

    @Test
    void checksumsAreStableAndDifferPerScript() {
        SchemaMigrator.Migration first = SchemaMigrator.MIGRATIONS.get(0);

        assertThat(first.checksum()).hasSize(64).isEqualTo(first.checksum());
        assertThat(first.script()).contains("create table ledger_entries");
    }

    private static Path migrationDirectory() throws URISyntaxException {
        return Path.of(SchemaMigrator.class.getClassLoader().getResource("db/migration").toURI());
    }
}
