package io.astraclear.contracts.devnet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthGasPrice;
import org.web3j.tx.gas.ContractGasProvider;

/**
 * Pays exactly what the node asks ({@code eth_gasPrice}) with a fixed gas limit. web3j's
 * DefaultGasProvider prices at 4.1 gwei regardless of the node; a permissioned Besu network
 * usually asks 0.
 *
 * <p>No headroom on top of the quote: anvil's quote follows the tips recently paid, so paying
 * double the quote doubled the next quote, block after block, until accounts ran out of funds.
 */
final class NodeGasPriceProvider implements ContractGasProvider {
    private final Web3j web3j;
    private final BigInteger gasLimit;

    NodeGasPriceProvider(Web3j web3j, BigInteger gasLimit) {
        this.web3j = web3j;
        this.gasLimit = gasLimit;
    }

    @Override
    public BigInteger getGasPrice() {
        try {
            EthGasPrice quote = web3j.ethGasPrice().send();
            if (quote.hasError()) {
                throw new IllegalStateException("eth_gasPrice failed: " + quote.getError().getMessage());
            }
            return quote.getGasPrice();
        } catch (IOException e) {
            throw new UncheckedIOException("eth_gasPrice failed", e);
        }
    }

    @Override
    public BigInteger getGasLimit(Transaction transaction) {
        return gasLimit;
    }

    @Override
    public BigInteger getGasLimit() {
        return gasLimit;
    }
}
