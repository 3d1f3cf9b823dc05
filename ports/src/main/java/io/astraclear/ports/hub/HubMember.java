package io.astraclear.ports.hub;

import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.BankId;
import java.util.Optional;

/**
 * A bank of the consortium as the hub knows it: its chain, its Gateway (transfers start there) and
 * Executor (mints land there), and its operator key, the only sender whose settlement
 * confirmations the hub accepts for this bank as creditor.
 */
public record HubMember(BankId id, long chainId, Address gateway, Address executor, Optional<Address> operator) {
    public HubMember {
        if (id == null || gateway == null || executor == null) {
            throw new IllegalArgumentException("hub member needs an id, a gateway and an executor");
        }
        if (chainId <= 0) {
            throw new IllegalArgumentException("hub member " + id + " needs a positive chain id, got " + chainId);
        }
        operator = operator == null ? Optional.empty() : operator;
    }
}
