package io.astraclear.adapters.postgres;

import io.astraclear.ports.state.BlockEffects;
import io.astraclear.ports.state.HubHead;
import io.astraclear.ports.state.HubHistory;
import io.astraclear.ports.state.HubStore;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The crash test's writer process: commits the blocks of {@code HubHistory.generate(seed, blocks)}
 * after the height the store holds, one after the other as the state machine does, printing
 * {@code committed <height>} after each and {@code done <height>} at the end.
 *
 * <p>Usage: {@code HubCommitterMain <postgresql-url> <schema> <seed> <blocks>}
 */
public final class HubCommitterMain {
    private HubCommitterMain() {}

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String schema = args[1];
        long seed = Long.parseLong(args[2]);
        int blocks = Integer.parseInt(args[3]);
        List<BlockEffects> history = HubHistory.generate(seed, blocks).blocks();
        Vertx vertx = Vertx.vertx();
        HubStore store = PgStorage.connectHubStore(vertx, PgStorageOptions.fromUrl(url).withSchema(schema)).toCompletableFuture().get(60, TimeUnit.SECONDS);
        long stored = store.head().toCompletableFuture().get(60, TimeUnit.SECONDS).map(HubHead::height).orElse(0L);
        say("started at " + stored);
        for (long height = stored + 1; height <= blocks; height++) {
            store.commit(history.get((int) height - 1)).toCompletableFuture().get(60, TimeUnit.SECONDS);
            say("committed " + height);
        }
        say("done " + blocks);
        store.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        System.exit(0);
    }

    private static void say(String line) {
        synchronized (System.out) {
            System.out.println(line);
            System.out.flush();
        }
    }
}
