package io.astraclear.adapters.postgres;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the PostgreSQL storage lives and the bounds it runs within. Built from a URL
 * {@code postgresql://user[:password]@host[:port]/database[?schema=name]}, then adjusted with the
 * {@code with...} methods. Every size is bounded; the defaults suit one node.
 *
 * @param schema          the schema holding the tables, created if missing; {@code public} by default
 * @param maxPoolSize     connections for reads (the writer has one more of its own)
 * @param maxWaitQueue    reads waiting for a connection before further reads are refused
 * @param statementTimeoutMillis server-side limit on every statement
 */
public record PgStorageOptions(
        String host,
        int port,
        String database,
        String user,
        String password,
        String schema,
        int maxPoolSize,
        int maxWaitQueue,
        int statementTimeoutMillis) {

    public static final int DEFAULT_PORT = 5432;
    public static final int DEFAULT_MAX_POOL_SIZE = 8;
    public static final int DEFAULT_MAX_WAIT_QUEUE = 1_000;
    public static final int DEFAULT_STATEMENT_TIMEOUT_MILLIS = 30_000;

    private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.\\-]{1,63}");

    public PgStorageOptions {
        require(host != null && !host.isBlank() && host.length() <= 255, "host is missing");
        require(port >= 1 && port <= 65_535, "port must be 1..65535, got " + port);
        require(database != null && NAME.matcher(database).matches(), "database name must match " + NAME + ", got " + database);
        require(user != null && NAME.matcher(user).matches(), "user name must match " + NAME + ", got " + user);
        password = password == null ? "" : password;
        require(schema != null && SCHEMA.matcher(schema).matches(), "schema must match " + SCHEMA + " (a plain lower-case identifier), got " + schema);
        require(maxPoolSize >= 1 && maxPoolSize <= 100, "maxPoolSize must be 1..100, got " + maxPoolSize);
        require(maxWaitQueue >= 0 && maxWaitQueue <= 100_000, "maxWaitQueue must be 0..100000, got " + maxWaitQueue);
        require(statementTimeoutMillis >= 100 && statementTimeoutMillis <= 3_600_000,
                "statementTimeoutMillis must be 100..3600000, got " + statementTimeoutMillis);
    }

    /** Parses {@code postgresql://user[:password]@host[:port]/database[?schema=name]} ({@code postgres://} too). */
    public static PgStorageOptions fromUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("PostgreSQL URL is missing; expected postgresql://user@host:port/database");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("not a PostgreSQL URL (postgresql://user@host:port/database): " + redact(url));
        }
        String scheme = Optional.ofNullable(uri.getScheme()).orElse("").toLowerCase(Locale.ROOT);
        require(scheme.equals("postgresql") || scheme.equals("postgres"),
                "PostgreSQL URL must start with postgresql://, got " + redact(url));
        require(uri.getHost() != null, "PostgreSQL URL names no host: " + redact(url));
        String userInfo = Optional.ofNullable(uri.getRawUserInfo()).orElse("");
        require(!userInfo.isEmpty(), "PostgreSQL URL names no user (postgresql://user@host/database): " + redact(url));
        int colon = userInfo.indexOf(':');
        String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
        String password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
        String path = Optional.ofNullable(uri.getPath()).orElse("");
        require(path.length() > 1, "PostgreSQL URL names no database (postgresql://user@host/database): " + redact(url));
        String database = path.substring(1);
        String schema = "public";
        String query = uri.getRawQuery();
        if (query != null && !query.isEmpty()) {
            for (String parameter : query.split("&")) {
                int equals = parameter.indexOf('=');
                String key = equals < 0 ? parameter : parameter.substring(0, equals);
                String value = equals < 0 ? "" : decode(parameter.substring(equals + 1));
                if (key.equals("schema") || key.equals("currentSchema")) {
                    schema = value;
                } else {
                    throw new IllegalArgumentException("unknown PostgreSQL URL parameter '" + key + "' (known: schema)");
                }
            }
        }
        return new PgStorageOptions(uri.getHost(), uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort(), database, user, password, schema,
                DEFAULT_MAX_POOL_SIZE, DEFAULT_MAX_WAIT_QUEUE, DEFAULT_STATEMENT_TIMEOUT_MILLIS);
    }

    public PgStorageOptions withSchema(String schema) {
        return new PgStorageOptions(host, port, database, user, password, schema, maxPoolSize, maxWaitQueue, statementTimeoutMillis);
    }

    public PgStorageOptions withPool(int maxPoolSize, int maxWaitQueue) {
        return new PgStorageOptions(host, port, database, user, password, schema, maxPoolSize, maxWaitQueue, statementTimeoutMillis);
    }

    public PgStorageOptions withStatementTimeoutMillis(int statementTimeoutMillis) {
        return new PgStorageOptions(host, port, database, user, password, schema, maxPoolSize, maxWaitQueue, statementTimeoutMillis);
    }

    /** The URL without the password, for logs and messages. */
    public String describe() {
        return "postgresql://" + user + (password.isEmpty() ? "" : ":***") + "@" + host + ":" + port + "/" + database + "?schema=" + schema;
    }

    @Override
    public String toString() {
        return "PgStorageOptions[" + describe() + ", pool " + maxPoolSize + " (wait queue " + maxWaitQueue + "), statement timeout "
                + statementTimeoutMillis + " ms]";
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    private static String redact(String url) {
        return url.replaceAll("//([^:/@]*):[^@]*@", "//$1:***@");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
