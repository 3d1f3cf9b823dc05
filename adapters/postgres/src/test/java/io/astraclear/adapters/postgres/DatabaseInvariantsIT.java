package io.astraclear.adapters.postgres;

import static io.astraclear.ports.storage.StorageFixtures.BANK_A;
import static io.astraclear.ports.storage.StorageFixtures.BANK_B;
import static io.astraclear.ports.storage.StorageFixtures.checkpoint;
import static io.astraclear.ports.storage.StorageFixtures.commandFor;
import static io.astraclear.ports.storage.StorageFixtures.signatures;
import static io.astraclear.ports.storage.StorageFixtures.transfer;
import static io.astraclear.ports.storage.StorageFixtures.vote;
import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.ports.chain.ObservedTransfer;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.storage.StoragePort;
import io.astraclear.ports.storage.WriteResult;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ledger invariants hold in the database itself: plain SQL that would break one is refused,
 * whatever a buggy adapter or an operator's session sends.
 */
class DatabaseInvariantsIT extends PgIntegrationTest {
    private static final String MAX_UINT256 = Amount.MAX_UINT256.toString();

    private Pool sql;
    private ObservedTransfer issued;

    @BeforeEach
    void storeOneConfirmedTransfer() {
        String schema = newSchema("invariants");
        StoragePort storage = open(schema);
        sql = sql(schema);
        issued = transfer(BANK_A, BANK_B, 100, 1);
        await(storage.recordObserved(List.of(issued), List.of(), checkpoint(BANK_A, 10)));
        await(storage.recordVote(vote(commandFor(issued), 1)));
        WriteResult<?> result = await(storage.confirm(issued.transferId(), commandFor(issued), signatures(commandFor(issued), 3), Instant.now()));
        assertThat(result).isInstanceOf(WriteResult.Applied.class);
    }

    @Test
    void journalEntriesCannotBeChangedOrRemoved() {
        assertRefused("update ledger_entries set amount = 1", "ledger_entries is append-only: UPDATE refused");
        assertRefused("delete from ledger_entries", "ledger_entries is append-only: DELETE refused");
        assertRefused("truncate ledger_entries", "ledger_entries is append-only: TRUNCATE refused");
        assertThat(PgTestDatabase.count(sql, "select count(*) from ledger_entries")).isEqualTo(1);
    }

    @Test
    void balancesFollowTheJournalAndCannotBeWrittenDirectly() {
        assertRefused("update balances set amount = amount + 1", "balances are derived from ledger_entries");
        assertRefused("insert into balances values ('BANK_B', 'BANK_A', 5)", "balances are derived from ledger_entries");
        assertRefused("delete from balances", "balances are derived from ledger_entries");

        PgTestDatabase.rows(sql, "insert into ledger_entries (seq, type, issuer, holder, amount, reference, at) "
                + "values (2, 'SETTLEMENT_BURN', 'BANK_A', 'BANK_B', 40, 'wire-1', now())");
        assertThat(PgTestDatabase.rows(sql, "select amount::text from balances where issuer = 'BANK_A' and holder = 'BANK_B'").get(0).getString(0))
                .isEqualTo("60");
    }

    @Test
    void noBalanceGoesBelowZero() {
        assertRefused("insert into ledger_entries (seq, type, issuer, holder, amount, reference, at) "
                + "values (2, 'SETTLEMENT_BURN', 'BANK_A', 'BANK_B', 101, 'wire-1', now())", "uint256_between_zero_and_max");
        assertRefused("insert into ledger_entries (seq, type, issuer, holder, amount, reference, at) "
                + "values (2, 'NETTING_BURN', 'BANK_B', 'BANK_A', 1, '1', now())", "uint256_between_zero_and_max");
        assertThat(balance()).isEqualTo("100");
    }

    @Test
    void noBalanceOrAmountExceedsUint256() {
        assertRefused("insert into ledger_entries (seq, type, issuer, holder, amount, reference, at) "
                + "values (2, 'ISSUE', 'BANK_A', 'BANK_B', " + MAX_UINT256 + ", 'another', now())", "uint256_between_zero_and_max");
        assertRefused("insert into ledger_entries (seq, type, issuer, holder, amount, reference, at) "
                + "values (2, 'ISSUE', 'BANK_B', 'BANK_A', " + MAX_UINT256 + " + 1, 'another', now())", "uint256_between_zero_and_max");
        assertThat(balance()).isEqualTo("100");
    }

    @Test
    void aTransferIssuesOnlyOnce() {
        assertRefused("insert into ledger_entries (seq, type, issuer, holder, amount, reference, at) "
                + "values (2, 'ISSUE', 'BANK_A', 'BANK_B', 100, '" + issued.transferId() + "', now())", "ledger_one_issue_per_transfer");
        assertRefused("insert into ledger_entries (seq, type, issuer, holder, amount, reference, at) "
                + "values (2, 'ISSUE', 'BANK_A', 'BANK_A', 100, 'self', now())", "ledger_entries_check");
    }

    @Test
    void aValidatorHasOneCountedVotePerCommand() {
        assertRefused("insert into votes (digest, validator, command_id, signature, counted, recorded_at) "
                + "select digest, validator, command_id, signature, true, now() from votes", "votes_pkey");
        assertRefused("insert into votes (digest, validator, command_id, signature, counted, recorded_at) "
                + "select sha256(digest), validator, command_id, signature, true, now() from votes", "votes_one_counted_digest_per_validator");
    }

    @Test
    void checkpointsNeverMoveBackwards() {
        assertRefused("update checkpoints set block_number = 9", "may not move backwards from block 10 to 9");
    }

    @Test
    void theAuditLogIsAppendOnly() {
        assertThat(PgTestDatabase.count(sql, "select count(*) from audit_log")).isPositive();
        assertRefused("update audit_log set actor = 'someone else'", "audit_log is append-only: UPDATE refused");
        assertRefused("delete from audit_log", "audit_log is append-only: DELETE refused");
    }

    private String balance() {
        return PgTestDatabase.rows(sql, "select amount::text from balances where issuer = 'BANK_A' and holder = 'BANK_B'").get(0).getString(0);
    }

    private void assertRefused(String statement, String reason) {
        try {
            sql.query(statement).execute().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            throw new AssertionError("the database accepted: " + statement);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(PgException.class);
            PgException refused = (PgException) e.getCause();
            assertThat(refused.getMessage() + " " + refused.getConstraint()).as(statement).contains(reason);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
