package io.astraclear.adapters.besu;

/** How the relayer prices its transactions. */
public enum FeeMode {
    /** Type-0 transactions at the node's {@code eth_gasPrice}. */
    LEGACY,
    /** Type-2 transactions: {@code maxFee = 2 * baseFee + priorityFee}, priority from {@code eth_maxPriorityFeePerGas}. */
    EIP1559,
    /** Type-0 transactions at gas price zero, as permissioned Besu networks with {@code min-gas-price=0} run. */
    FREE,
    /**
     * Decided once at connect: FREE when the node's gas price is zero, else EIP1559 when the latest
     * block has a base fee, else LEGACY.
     */
    AUTO
}
