package io.astraclear.node.hub;

import io.astraclear.ports.chain.ObservedTransfer;
import io.astraclear.ports.domain.MintCommand;
import java.util.LinkedHashMap;
import java.util.Map;

/** The fields every event about a transfer carries, so that a client can follow it without asking. */
final class Events {
    private Events() {}

    static Map<String, String> transfer(ObservedTransfer transfer, Map<String, String> more) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("transferId", transfer.transferId().toString());
        data.put("sourceBank", transfer.sourceBank().value());
        data.put("destinationBank", transfer.destinationBank().value());
        data.put("recipient", transfer.recipient().value());
        data.put("amount", transfer.amount().toString());
        data.putAll(more);
        return data;
    }

    static Map<String, String> command(TransferState transfer, Map<String, String> more) {
        MintCommand command = transfer.confirmation.command();
        Map<String, String> data = new LinkedHashMap<>();
        data.put("transferId", transfer.id.toString());
        data.put("commandId", command.commandId().toString());
        data.put("sourceBank", command.sourceBank().value());
        data.put("destinationBank", command.destinationBank().value());
        data.put("recipient", command.recipient().value());
        data.put("amount", command.amount().toString());
        data.putAll(more);
        return data;
    }
}
