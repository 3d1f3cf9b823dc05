package io.astraclear.contracts.devnet;

import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.BankId;

/** Where one bank's three contracts live: its chain and the addresses of BankToken, Gateway and Executor. */
public record BankContracts(BankId bankId, long chainId, Address token, Address gateway, Address executor) {
    public BankContracts {
        if (bankId == null || token == null || gateway == null || executor == null) {
            throw new IllegalArgumentException("bank contracts need a bank id and three addresses");
        }
        if (chainId < 1) {
            throw new IllegalArgumentException("chain id must be positive, got " + chainId);
        }
    }
}
