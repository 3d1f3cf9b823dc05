package io.astraclear.node.api.events;

import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.state.HubEvent;
import io.astraclear.ports.state.HubEventType;
import java.util.Optional;
import java.util.Set;

/**
 * Which events one WebSocket client receives: of the types it asked for (all when none), and —
 * when it named a bank, or its token is a bank's — only events that name that bank among the banks
 * they concern. An event that names no bank goes to consortium-wide streams only (fail closed).
 */
public record EventFilter(Set<HubEventType> types, Optional<BankId> bank) {
    public EventFilter {
        types = Set.copyOf(types);
    }

    public boolean accepts(HubEvent event) {
        if (!types.isEmpty() && !types.contains(event.type())) {
            return false;
        }
        return bank.map(event.banks()::contains).orElse(true);
    }
}
