package io.astraclear.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PgStorageOptionsTest {
    @Test
    void parsesAUrlWithUserHostPortAndDatabase() {
        PgStorageOptions options = PgStorageOptions.fromUrl("postgresql://astra@db.example:6543/clearing");

        assertThat(options.user()).isEqualTo("astra");
        assertThat(options.password()).isEmpty();
        assertThat(options.host()).isEqualTo("db.example");
        assertThat(options.port()).isEqualTo(6543);
        assertThat(options.database()).isEqualTo("clearing");
        assertThat(options.schema()).isEqualTo("public");
        assertThat(options.maxPoolSize()).isEqualTo(PgStorageOptions.DEFAULT_MAX_POOL_SIZE);
    }

    @Test
    void defaultsThePortAndDecodesAPasswordAndASchema() {
        PgStorageOptions options = PgStorageOptions.fromUrl("postgres://astra:p%40ss%3Aword@localhost/clearing?schema=node_a");

        assertThat(options.port()).isEqualTo(5432);
        assertThat(options.password()).isEqualTo("p@ss:word");
        assertThat(options.schema()).isEqualTo("node_a");
    }

    @Test
    void neverShowsThePassword() {
        PgStorageOptions options = PgStorageOptions.fromUrl("postgresql://astra:secret@localhost:5432/clearing");

        assertThat(options.toString()).doesNotContain("secret").contains("astra:***@localhost:5432/clearing");
        assertThat(options.describe()).doesNotContain("secret");
        assertThatThrownBy(() -> PgStorageOptions.fromUrl("mysql://astra:secret@localhost/clearing"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("secret");
    }

    @Test
    void refusesUrlsItCannotUse() {
        assertThatThrownBy(() -> PgStorageOptions.fromUrl(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PgStorageOptions.fromUrl("postgresql://localhost/clearing"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no user");
        assertThatThrownBy(() -> PgStorageOptions.fromUrl("postgresql://astra@localhost"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no database");
        assertThatThrownBy(() -> PgStorageOptions.fromUrl("postgresql://astra@localhost/clearing?sslmode=require"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown PostgreSQL URL parameter 'sslmode'");
        assertThatThrownBy(() -> PgStorageOptions.fromUrl("postgresql://astra@localhost/clearing?schema=robert%27%3B%20drop%20table%20x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("schema must match");
    }

    @Test
    void boundsEverySize() {
        PgStorageOptions options = PgStorageOptions.fromUrl("postgresql://astra@localhost/clearing");

        assertThatThrownBy(() -> options.withPool(0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> options.withPool(101, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> options.withStatementTimeoutMillis(10)).isInstanceOf(IllegalArgumentException.class);
        assertThat(options.withPool(1, 0).maxPoolSize()).isEqualTo(1);
    }
}
