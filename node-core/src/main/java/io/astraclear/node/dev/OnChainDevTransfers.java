package io.astraclear.node.dev;

import io.astraclear.contracts.devnet.ChainAccount;
import io.astraclear.contracts.generated.Gateway;
import io.astraclear.node.api.ApiException;
import io.astraclear.node.api.DevTransfers;
import io.astraclear.node.config.NodeConfig;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.domain.Bytes32;
import io.astraclear.ports.domain.TransferId;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Sends a real {@code Gateway.initiateTransfer} from the demo payer at the source bank to the
 * demo recipient at the destination bank. web3j blocks, so it runs on a worker thread; one
 * sender per chain keeps that chain's nonces in order.
 */
final class OnChainDevTransfers implements DevTransfers {
    private final Vertx vertx;
    private final NodeConfig config;
    private final Map<BankId, ChainAccount> payers;
    private final Address recipient;

    OnChainDevTransfers(Vertx vertx, NodeConfig config, Map<BankId, ChainAccount> payers, Address recipient) {
        this.vertx = vertx;
        this.config = config;
        this.payers = Map.copyOf(payers);
        this.recipient = recipient;
    }

    @Override
    public Future<Sent> send(BankId from, BankId to, Amount amount) {
        if (from.equals(to)) {
            return Future.failedFuture(ApiException.badRequest("INVALID_FIELD", "to: must differ from 'from'; a transfer crosses banks"));
        }
        ChainAccount payer = payers.get(from);
        if (payer == null) {
            return Future.failedFuture(ApiException.badRequest("UNKNOWN_BANK", "from: unknown bank " + from + " (known: " + payers.keySet() + ")"));
        }
        if (config.bank(to).isEmpty()) {
            return Future.failedFuture(ApiException.badRequest("UNKNOWN_BANK", "to: unknown bank " + to + " (known: " + payers.keySet() + ")"));
        }
        NodeConfig.Bank source = config.bank(from).orElseThrow();
        return vertx.executeBlocking(() -> {
            synchronized (payer) {
                return initiate(payer, source, to, amount);
            }
        }, false);
    }

    private Sent initiate(ChainAccount payer, NodeConfig.Bank source, BankId to, Amount amount) throws Exception {
        Gateway gateway = payer.gateway(source.gateway());
        BigInteger balance = payer.bankToken(source.token()).balanceOf(payer.address().value()).send();
        if (balance.compareTo(amount.value()) < 0) {
            throw ApiException.badRequest("INSUFFICIENT_BALANCE",
                    "amount: the demo payer " + payer.address() + " at " + source.id() + " holds " + balance + ", less than " + amount);
        }
        TransactionReceipt receipt = gateway.initiateTransfer(to.toBytes32().toByteArray(), recipient.value(), amount.value()).send();
        List<Gateway.TransferInitiatedEventResponse> events = Gateway.getTransferInitiatedEvents(receipt);
        if (events.isEmpty()) {
            throw new IllegalStateException("initiateTransfer succeeded without a TransferInitiated event in " + receipt.getTransactionHash());
        }
        return new Sent(new TransferId(new Bytes32(events.get(0).transferId)), Bytes32.of(receipt.getTransactionHash()),
                payer.address(), recipient);
    }
}
