package io.astraclear.node.auth;

import io.astraclear.node.config.NodeConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configured bearer tokens. Only SHA-256 hashes are configured and kept; a presented token is
 * hashed and looked up by its hash, so the secrets never sit in the node's memory or config.
 */
public final class ApiTokens {
    /** Longer bearer values are refused before hashing, so a huge header costs nothing. */
    public static final int MAX_TOKEN_LENGTH = 256;

    private final Map<String, Principal> byHash;

    private ApiTokens(Map<String, Principal> byHash) {
        this.byHash = Map.copyOf(byHash);
    }

    public static ApiTokens of(List<NodeConfig.ApiToken> tokens) {
        Map<String, Principal> byHash = new HashMap<>();
        for (NodeConfig.ApiToken token : tokens) {
            byHash.put(token.sha256Hex(), new Principal(token.name(), Role.parse(token.role())));
        }
        return new ApiTokens(byHash);
    }

    public boolean isEmpty() {
        return byHash.isEmpty();
    }

    /** The caller a presented token belongs to; empty for an unknown or malformed token. */
    public Optional<Principal> authenticate(String presented) {
        if (presented == null || presented.isEmpty() || presented.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        return Optional.ofNullable(byHash.get(sha256Hex(presented)));
    }

    /** Lower-case hex SHA-256 of the token's UTF-8 bytes: what {@code api.tokens[].sha256} holds. */
    public static String sha256Hex(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /** A new random token (256 bits, URL-safe): for dev mode and for operators creating one. */
    public static String generate() {
        byte[] secret = new byte[32];
        new java.security.SecureRandom().nextBytes(secret);
        return "astra_" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }
}
