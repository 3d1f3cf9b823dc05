package com.example.netting;

import org.pf4j.Plugin;

/** A plugin lifecycle class whose start fails, e.g. a licence server that cannot be reached. */
public class FailingLifecycle extends Plugin {
    @Override
    public void start() {
        throw new IllegalStateException("licence server unreachable");
    }
}
