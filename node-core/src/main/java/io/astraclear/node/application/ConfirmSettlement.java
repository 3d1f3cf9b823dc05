package io.astraclear.node.application;

import io.astraclear.node.engine.HubSubmitter;
import io.astraclear.ports.domain.Amount;
import io.astraclear.ports.domain.BankId;
import io.astraclear.ports.hub.HubGenesis;
import io.astraclear.ports.hub.HubTransaction;
import io.astraclear.ports.signing.Signer;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * A creditor bank confirms it was paid outside the system: a {@code ConfirmSettlement} signed with
 * the creditor's operator key, which this node must hold (a bank's node holds its own bank's key;
 * dev mode holds every bank's). Without it, the bank signs elsewhere and submits the signed bytes
 * ({@link SubmitTransaction}).
 */
public final class ConfirmSettlement {
    private final Submissions submissions;
    private final HubGenesis genesis;
    private final Map<BankId, Signer> operatorKeys;

    public ConfirmSettlement(HubSubmitter submitter, HubGenesis genesis, Map<BankId, Signer> operatorKeys) {
        this.submissions = new Submissions(submitter);
        this.genesis = genesis;
        this.operatorKeys = Map.copyOf(operatorKeys);
    }

    /** The banks whose settlements this node can confirm. */
    public Set<BankId> banksWithKeys() {
        return operatorKeys.keySet();
    }

    /**
     * Signs and submits the confirmation; fails with {@link UnknownBankException} for a bank outside
     * the consortium and {@link NoKeyForBankException} when this node cannot sign for the creditor.
     */
    public Future<Submission> confirm(BankId debtor, BankId creditor, Amount amount, String reference, Duration wait) {
        if (genesis.bank(debtor).isEmpty()) {
            return Future.failedFuture(new UnknownBankException(debtor, "debtor"));
        }
        if (genesis.bank(creditor).isEmpty()) {
            return Future.failedFuture(new UnknownBankException(creditor, "creditor"));
        }
        HubTransaction.ConfirmSettlement transaction = new HubTransaction.ConfirmSettlement(debtor, creditor, amount, reference);
        Signer key = operatorKeys.get(creditor);
        if (key == null || genesis.bank(creditor).flatMap(bank -> bank.operator()).filter(key.address()::equals).isEmpty()) {
            return Future.failedFuture(new NoKeyForBankException(creditor, "sign the ConfirmSettlement with " + creditor
                    + "'s operator key and POST the signed transaction to /api/v1/hub/transactions"));
        }
        return submissions.submit(transaction, key, wait);
    }
}
