package io.astraclear.node.application;

/** The writing use cases the API offers, each its own class. */
public record Operations(ConfirmSettlement confirmSettlement, RequestNetting requestNetting, ApproveValidatorSet approveValidatorSet,
        SubmitTransaction submitTransaction) {}
