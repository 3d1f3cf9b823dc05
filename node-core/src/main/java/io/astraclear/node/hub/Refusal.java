package io.astraclear.node.hub;

import io.astraclear.ports.hub.HubRejection;

/** Why a transaction may not take effect: a code for programs and a reason for people. */
public record Refusal(HubRejection code, String reason) {}
