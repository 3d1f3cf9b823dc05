package io.astraclear.ports.state;

import static io.astraclear.ports.state.HubStateFixtures.BANK_A;
import static io.astraclear.ports.state.HubStateFixtures.BANK_B;
import static io.astraclear.ports.state.HubStateFixtures.block;
import static io.astraclear.ports.state.HubStateFixtures.checkpoint;
import static io.astraclear.ports.state.HubStateFixtures.firstBlock;
import static io.astraclear.ports.state.HubStateFixtures.genesisSets;
import static io.astraclear.ports.state.HubStateFixtures.hash;
import static io.astraclear.ports.state.HubStateFixtures.quarantinedLog;
import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.ports.chain.QuarantinedLog;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The {@link HubStoreContract} of a store whose state outlives it (PostgreSQL): everything it
 * shows before a restart, it shows after one, and an engine replaying its last block after a
 * crash finds it committed. A store kept in memory extends {@link HubStoreContract} instead: it
 * has nothing to reopen, so these tests do not apply to it.
 */
public abstract class PersistentHubStoreContract extends HubStoreContract {

    /**
     * A new store on what {@code closed} (already closed by the test) stored, as a node restarting
     * on the same database would open it. The test closes the returned store.
     */
    protected abstract HubStore reopen(HubStore closed) throws Exception;

    @Nested
    class Durability {
        @Test
        void everythingCommittedSurvivesAReopen() throws Exception {
            HubHistory history = HubHistory.generate(11, 60);
            commitAll(history);
            StoreContents before = contents();

            restart();

            assertThat(contents()).isEqualTo(before);
            assertShows(history);
        }

        @Test
        void heightsContinueAfterAReopenAndTheLastBlockReplaysAsANoOp() throws Exception {
            commit(firstBlock(), richBlock(2));
            StoreContents before = contents();

            restart();

            commit(richBlock(2));
            assertThat(contents()).isEqualTo(before);
            assertThat(failure(() -> store.commit(block(2).appHash(hash("forked")).effects()))).isInstanceOf(IllegalStateException.class);
            assertThat(failure(() -> store.commit(block(4).effects()))).isInstanceOf(IllegalStateException.class);
            commit(block(3));
            assertThat(await(store.head()).orElseThrow().height()).isEqualTo(3);
        }

        @Test
        void aCommitAcceptedBeforeCloseIsThereAfterAReopen() throws Exception {
            CompletionStage<Void> accepted = store.commit(richBlock(1).validatorSets(genesisSets(4)).effects());
            store.close();
            await(accepted);
            store = reopen(store);

            assertThat(await(store.head()).orElseThrow().height()).isEqualTo(1);
            assertThat(allEvents()).hasSize(2);
        }

        @Test
        void checkpointsAndQuarantinedLogsSurviveAReopen() throws Exception {
            QuarantinedLog first = quarantinedLog(BANK_A, 3, 0, "cannot decode");
            QuarantinedLog second = quarantinedLog(BANK_B, 4, 1, "unknown destination bank ZZZ");
            await(store.saveCheckpoint(checkpoint(BANK_A, 3), List.of(first)));
            await(store.saveCheckpoint(checkpoint(BANK_B, 4), List.of(second)));

            restart();

            assertThat(await(store.checkpoint(BANK_A))).contains(checkpoint(BANK_A, 3));
            assertThat(await(store.checkpoint(BANK_B))).contains(checkpoint(BANK_B, 4));
            assertThat(await(store.quarantined(10))).containsExactly(first, second);
            await(store.saveCheckpoint(checkpoint(BANK_A, 2), List.of()));
            assertThat(await(store.checkpoint(BANK_A))).contains(checkpoint(BANK_A, 3));
        }

        private void restart() throws Exception {
            store.close();
            store = reopen(store);
        }
    }
}
