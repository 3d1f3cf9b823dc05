package io.astraclear.node.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.astraclear.node.auth.ApiTokens;
import io.astraclear.node.auth.Principal;
import io.astraclear.node.auth.RateLimiter;
import io.astraclear.node.auth.Role;
import io.astraclear.node.config.NodeConfig;
import io.astraclear.ports.domain.BankId;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Tokens, roles and token buckets, without HTTP. */
class AccessControlTest {
    @Test
    void aTokenIsKnownByItsHashOnly() {
        ApiTokens tokens = ApiTokens.of(List.of(new NodeConfig.ApiToken("ops", ApiTokens.sha256Hex("s3cret"), "admin"),
                new NodeConfig.ApiToken("bank-a", ApiTokens.sha256Hex("bank-a-secret"), "bank:BANK_A")));
        assertThat(ApiTokens.sha256Hex("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(tokens.authenticate("s3cret")).contains(new Principal("ops", new Role.Admin()));
        assertThat(tokens.authenticate("bank-a-secret").orElseThrow().bankScope()).contains(BankId.of("BANK_A"));
        assertThat(tokens.authenticate(ApiTokens.sha256Hex("s3cret"))).isEmpty();
        assertThat(tokens.authenticate("")).isEmpty();
        assertThat(tokens.authenticate("x".repeat(10_000))).isEmpty();
        assertThat(ApiTokens.generate()).startsWith("astra_").hasSizeGreaterThan(40).isNotEqualTo(ApiTokens.generate());
    }

    @Test
    void rolesDecideWhatIsVisibleAndWhoWrites() {
        Principal bankA = new Principal("a", Role.parse("bank:BANK_A"));
        assertThat(bankA.maySee(BankId.of("BANK_A"))).isTrue();
        assertThat(bankA.maySee(BankId.of("BANK_B"))).isFalse();
        assertThat(bankA.maySee(BankId.of("BANK_B"), BankId.of("BANK_A"))).isTrue();
        assertThat(Access.ADMIN.allows(bankA)).isFalse();
        assertThat(Access.CONSORTIUM_READ.allows(bankA)).isFalse();
        assertThat(Access.READ.allows(bankA)).isTrue();
        Principal reader = new Principal("r", Role.parse("read"));
        assertThat(Access.CONSORTIUM_READ.allows(reader)).isTrue();
        assertThat(Access.ADMIN.allows(reader)).isFalse();
        assertThat(Access.ADMIN.allows(new Principal("o", Role.parse("admin")))).isTrue();
        assertThat(reader.actor()).isEqualTo("api:r");
        assertThatThrownBy(() -> Role.parse("root")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTokenBucketRefillsAtItsRateUpToItsBurstAndSaysHowLongToWait() {
        AtomicLong now = new AtomicLong();
        RateLimiter limiter = new RateLimiter(2, 4, 2, now::get);
        for (int i = 0; i < 4; i++) {
            assertThat(limiter.acquire("k")).isZero();
        }
        assertThat(limiter.acquire("k")).isEqualTo(1);
        assertThat(limiter.acquire("other")).isZero();
        now.addAndGet(500_000_000L); // half a second: one request back
        assertThat(limiter.acquire("k")).isZero();
        assertThat(limiter.acquire("k")).isEqualTo(1);
        now.addAndGet(60_000_000_000L);
        for (int i = 0; i < 4; i++) {
            assertThat(limiter.acquire("k")).as("refilled to the burst, not beyond").isZero();
        }
        assertThat(limiter.acquire("k")).isEqualTo(1);
    }

    @Test
    void theNumberOfBucketsIsBounded() {
        AtomicLong now = new AtomicLong();
        RateLimiter limiter = new RateLimiter(1, 1, 2, now::get);
        assertThat(limiter.acquire("a")).isZero();
        assertThat(limiter.acquire("b")).isZero();
        assertThat(limiter.acquire("c")).isZero(); // evicts a, the least recently used
        assertThat(limiter.acquire("c")).isEqualTo(1);
        assertThat(limiter.acquire("a")).as("an evicted bucket comes back full").isZero();
    }
}
