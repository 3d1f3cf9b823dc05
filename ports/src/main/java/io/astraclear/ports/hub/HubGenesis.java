package io.astraclear.ports.hub;

import io.astraclear.ports.domain.ValidatorSet;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.BankId;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Everything the hub starts from, identical on every validator: the hub's chain id (it keeps one
 * hub's transactions out of another's), the member banks, the first validator set (nonce 0, which
 * every Executor is deployed with), the parameters and the netting strategy every validator runs.
 */
public record HubGenesis(
        String chainId,
        List<HubMember> banks,
        ValidatorSet validators,
        HubParameters parameters,
        String nettingStrategyId,
        String nettingStrategyVersion) {

    private static final Pattern CHAIN_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,49}");

    public HubGenesis {
        if (chainId == null || !CHAIN_ID.matcher(chainId).matches()) {
            throw new IllegalArgumentException("hub chain id must match [a-z0-9][a-z0-9._-]{0,49}, got " + chainId);
        }
        if (banks == null || validators == null || parameters == null || nettingStrategyId == null || nettingStrategyVersion == null) {
            throw new IllegalArgumentException("hub genesis has a missing field");
        }
        banks = banks.stream().sorted((a, b) -> a.id().compareTo(b.id())).toList();
        if (banks.size() < 2) {
            throw new IllegalArgumentException("a hub needs at least two banks, got " + banks.size());
        }
        Set<BankId> ids = new HashSet<>();
        Set<Long> chains = new HashSet<>();
        for (HubMember bank : banks) {
            if (!ids.add(bank.id())) {
                throw new IllegalArgumentException("bank " + bank.id() + " appears twice in the genesis");
            }
            if (!chains.add(bank.chainId())) {
                throw new IllegalArgumentException("chain id " + bank.chainId() + " belongs to two banks");
            }
        }
        if (validators.nonce() != 0) {
            throw new IllegalArgumentException("the genesis validator set has nonce 0, got " + validators.nonce());
        }
    }

    public Optional<HubMember> bank(BankId id) {
        for (HubMember bank : banks) {
            if (bank.id().equals(id)) {
                return Optional.of(bank);
            }
        }
        return Optional.empty();
    }

    public List<BankId> bankIds() {
        return banks.stream().map(HubMember::id).toList();
    }

    /** The bank whose operator key is {@code operator}, if any. */
    public Optional<HubMember> bankOperatedBy(Address operator) {
        return banks.stream().filter(bank -> bank.operator().equals(Optional.of(operator))).findFirst();
    }
}
