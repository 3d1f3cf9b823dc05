package io.astraclear.node.api.events;

import io.astraclear.node.pipeline.NodeEvent;
import io.astraclear.ports.domain.BankId;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which events one WebSocket client receives: of the types it asked for (all when none), and
 * about its bank (when it named one, or its token is a bank's): an event is about a bank when one
 * of its bank fields names it; events that name no bank (netting rounds, equivocations) go to all.
 */
public record EventFilter(Set<String> types, Optional<BankId> bank) {
    static final List<String> BANK_FIELDS = List.of("sourceBank", "destinationBank", "bank", "debtor", "creditor");

    public EventFilter {
        types = Set.copyOf(types);
    }

    public boolean accepts(NodeEvent event) {
        if (!types.isEmpty() && !types.contains(event.type())) {
            return false;
        }
        if (bank.isEmpty()) {
            return true;
        }
        boolean namesABank = false;
        for (String field : BANK_FIELDS) {
            String value = event.data().get(field);
            if (value != null) {
                namesABank = true;
                if (value.equals(bank.get().value())) {
                    return true;
                }
            }
        }
        return !namesABank;
    }
}
