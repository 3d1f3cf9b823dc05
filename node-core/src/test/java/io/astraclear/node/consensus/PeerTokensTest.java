package io.astraclear.node.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.node.config.NodeConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeerTokensTest {
    private final PeerTokens tokens = PeerTokens.of(List.of(
            new NodeConfig.Peer("bank-b", "http://b:8080", PeerTokens.sha256Hex("token-of-bank-b-node")),
            new NodeConfig.Peer("bank-c", "http://c:8080", PeerTokens.sha256Hex("token-of-bank-c-node"))));

    @Test
    void aPeerIsKnownByItsTokenAndNothingElseGetsIn() {
        assertThat(tokens.authenticate("Bearer token-of-bank-b-node")).contains("bank-b");
        assertThat(tokens.authenticate("bearer token-of-bank-c-node")).contains("bank-c");
        assertThat(tokens.authenticate("Bearer token-of-bank-d-node")).isEmpty();
        assertThat(tokens.authenticate("token-of-bank-b-node")).isEmpty();
        assertThat(tokens.authenticate("Bearer ")).isEmpty();
        assertThat(tokens.authenticate(null)).isEmpty();
        assertThat(PeerTokens.sha256Hex("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
