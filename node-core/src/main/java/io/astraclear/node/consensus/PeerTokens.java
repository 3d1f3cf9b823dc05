package io.astraclear.node.consensus;

import io.astraclear.node.config.NodeConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Who a peer request comes from: the SHA-256 of its bearer token against the hashes configured
 * per peer, compared in constant time. Only hashes are configured, never the peers' secrets.
 */
public final class PeerTokens {
    private static final String PREFIX = "Bearer ";

    private record Known(String name, byte[] sha256) {}

    private final List<Known> known;

    private PeerTokens(List<Known> known) {
        this.known = known;
    }

    static PeerTokens of(List<NodeConfig.Peer> peers) {
        return new PeerTokens(peers.stream().map(peer -> new Known(peer.name(), HexFormat.of().parseHex(peer.tokenSha256()))).toList());
    }

    Optional<String> authenticate(String authorization) {
        if (authorization == null || authorization.length() <= PREFIX.length()
                || !authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return Optional.empty();
        }
        byte[] presented = sha256(authorization.substring(PREFIX.length()).trim());
        Optional<String> match = Optional.empty();
        for (Known peer : known) {
            if (MessageDigest.isEqual(peer.sha256(), presented) && match.isEmpty()) {
                match = Optional.of(peer.name());
            }
        }
        return match;
    }

    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The hex SHA-256 of a token, as {@code consensus.peers[].token_sha256} expects it. */
    public static String sha256Hex(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }
}
