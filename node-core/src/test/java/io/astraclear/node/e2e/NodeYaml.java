package io.astraclear.node.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.astraclear.node.config.NodeConfig;
import io.astraclear.ports.domain.Address;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A node's configuration as the YAML file {@code astra node --config} reads, written from a
 * {@link NodeConfig} (a dev network's, say) with the keys ConfigLoader knows.
 */
final class NodeYaml {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private NodeYaml() {}

    static Path write(NodeConfig config, Path file) {
        try {
            Files.writeString(file, YAML.writeValueAsString(tree(config)));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    static ObjectNode tree(NodeConfig config) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.putObject("node").put("name", config.nodeName()).put("dev_mode", config.devMode());
        NodeConfig.Protocol protocol = config.protocol();
        root.putObject("protocol")
                .put("block_time_ms", protocol.blockTime().toMillis())
                .put("voting_timeout_blocks", protocol.votingTimeoutBlocks())
                .put("netting_interval_blocks", protocol.nettingIntervalBlocks())
                .put("retry_max", protocol.retryMax())
                .put("max_batch_size", protocol.maxBatchSize())
                .put("token_decimals", protocol.tokenDecimals())
                .put("poll_interval_ms", protocol.pollInterval().toMillis());
        root.putObject("hub")
                .put("chain_id", config.hub().chainId())
                .put("engine", config.hub().engine())
                .put("max_block_transactions", config.hub().maxBlockTransactions());
        ObjectNode api = root.putObject("api").put("host", config.api().host()).put("port", config.api().port());
        ArrayNode tokens = api.putArray("tokens");
        config.api().tokens().forEach(token -> tokens.addObject().put("name", token.name()).put("sha256", token.sha256Hex()).put("role", token.role()));
        root.putObject("storage").put("url", config.storage().url()).put("pool_size", config.storage().poolSize())
                .put("wait_queue_size", config.storage().waitQueueSize());
        root.putObject("plugins").put("directory", config.plugins().directory().toString()).put("signer", config.plugins().signerProvider())
                .put("netting", config.plugins().nettingStrategy());
        ObjectNode signer = root.putObject("signer");
        config.signer().devPrivateKey().ifPresent(key -> signer.put("dev_private_key", key));
        config.signer().keystore().ifPresent(keystore -> signer.put("keystore", keystore.toString()));
        config.signer().passwordFile().ifPresent(password -> signer.put("password_file", password.toString()));
        config.signer().passwordEnv().ifPresent(variable -> signer.put("password_env", variable));
        root.putObject("relayer").put("private_key", config.relayer().privateKeyHex())
                .put("fallback_ms", config.relayer().fallback().toMillis())
                .put("resubmit_after_ms", config.relayer().resubmitAfter().toMillis());
        ArrayNode validators = root.putArray("validators");
        config.validators().stream().map(Address::value).forEach(validators::add);
        ArrayNode banks = root.putArray("banks");
        for (NodeConfig.Bank bank : config.banks()) {
            ObjectNode node = banks.addObject()
                    .put("id", bank.id().value())
                    .put("chain_id", bank.chainId())
                    .put("rpc_url", bank.rpcUrl())
                    .put("token", bank.token().value())
                    .put("gateway", bank.gateway().value())
                    .put("executor", bank.executor().value())
                    .put("finality_depth", bank.finalityDepth())
                    .put("fee_mode", bank.feeMode());
            bank.operator().ifPresent(operator -> node.put("operator", operator.value()));
        }
        ArrayNode operators = root.putArray("operators");
        for (NodeConfig.OperatorKey operator : config.operators()) {
            ObjectNode node = operators.addObject().put("bank", operator.bank().value());
            operator.key().devPrivateKey().ifPresent(key -> node.put("dev_private_key", key));
            operator.key().keystore().ifPresent(keystore -> node.put("keystore", keystore.toString()));
            operator.key().passwordFile().ifPresent(password -> node.put("password_file", password.toString()));
        }
        return root;
    }
}
