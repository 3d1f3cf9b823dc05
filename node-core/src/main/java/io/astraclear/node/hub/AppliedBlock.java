package io.astraclear.node.hub;

import io.astraclear.ports.consensus.BlockOutcome;
import io.astraclear.ports.state.BlockEffects;

/** A block applied in memory: the outcome the engine gets, and the effects storage must make durable. */
public record AppliedBlock(BlockOutcome outcome, BlockEffects effects) {}
