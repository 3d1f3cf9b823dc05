package com.example.netting;

import io.astraclear.ports.netting.BalanceSnapshot;
import io.astraclear.ports.netting.NettingProposal;
import io.astraclear.ports.netting.NettingStrategy;
import org.pf4j.Extension;

/** A broken plugin: its extension cannot even be constructed. The node must refuse to start. */
@Extension
public class ExplodingNetting implements NettingStrategy {
    public ExplodingNetting() {
        throw new IllegalStateException("exploding on purpose: licence file not found");
    }

    @Override
    public String id() {
        return "exploding";
    }

    @Override
    public String version() {
        return "0.1.0";
    }

    @Override
    public NettingProposal net(BalanceSnapshot snapshot) {
        throw new UnsupportedOperationException();
    }
}
