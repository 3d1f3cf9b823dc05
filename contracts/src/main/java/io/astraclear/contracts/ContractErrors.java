package io.astraclear.contracts;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Bytes32;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Type;
import org.web3j.crypto.Hash;
import org.web3j.protocol.ObjectMapperFactory;
import org.web3j.protocol.core.methods.response.AbiDefinition;
import org.web3j.utils.Numeric;

/**
 * Maps revert data ({@code selector || abi-encoded arguments}) to the error it encodes, using the
 * ABIs of BankToken, Gateway and Executor as compiled into this jar. A relayer needs this to tell
 * {@code CommandAlreadyProcessed} (someone else relayed first: done) from a real rejection.
 */
public final class ContractErrors {
    /** The compiled ABIs ship in this jar (see the contracts pom's resources). */
    private static final String ABI_RESOURCE_DIRECTORY = "/io/astraclear/contracts/solidity/";
    private static final List<String> BUNDLED_CONTRACTS = List.of("BankToken", "Gateway", "Executor");
    private static final ContractErrors BUNDLED = loadBundled();

    private final Map<String, ErrorDefinition> bySelector;

    private record ErrorDefinition(String name, String signature, List<String> argumentTypes) {}

    private ContractErrors(Map<String, ErrorDefinition> bySelector) {
        this.bySelector = Map.copyOf(bySelector);
    }

    /** The errors of our three contracts plus Solidity's built-in {@code Error(string)} and {@code Panic(uint256)}. */
    public static ContractErrors bundled() {
        return BUNDLED;
    }

    /** Errors declared in the given ABI JSON documents (arrays of ABI entries), plus the built-ins. */
    public static ContractErrors fromAbis(List<String> abiJsonDocuments) {
        ObjectMapper json = ObjectMapperFactory.getObjectMapper();
        Map<String, ErrorDefinition> bySelector = new LinkedHashMap<>();
        register(bySelector, "Error", List.of("string"));
        register(bySelector, "Panic", List.of("uint256"));
        for (String document : abiJsonDocuments) {
            AbiDefinition[] entries;
            try {
                entries = json.readValue(document, AbiDefinition[].class);
            } catch (IOException e) {
                throw new IllegalArgumentException("not an ABI JSON array: " + e.getMessage(), e);
            }
            for (AbiDefinition entry : entries) {
                if ("error".equals(entry.getType())) {
                    register(bySelector, entry.getName(),
                            entry.getInputs().stream().map(AbiDefinition.NamedType::getType).toList());
                }
            }
        }
        return new ContractErrors(bySelector);
    }

    private static void register(Map<String, ErrorDefinition> bySelector, String name, List<String> argumentTypes) {
        String signature = name + "(" + String.join(",", argumentTypes) + ")";
        bySelector.putIfAbsent(selectorOf(signature), new ErrorDefinition(name, signature, argumentTypes));
    }

    /** The 4-byte selector, {@code keccak256(signature)[0..4]}, as 0x-prefixed lower-case hex. */
    public static String selectorOf(String signature) {
        return Hash.sha3String(signature).substring(0, 10).toLowerCase(Locale.ROOT);
    }

    /** Every known error signature, e.g. {@code NotValidator(uint256,address)}. */
    public List<String> signatures() {
        return bySelector.values().stream().map(ErrorDefinition::signature).sorted().toList();
    }

    /**
     * Decodes revert data; empty when it is missing, shorter than a selector, of an unknown error,
     * or its arguments do not decode.
     */
    @SuppressWarnings("rawtypes") // web3j's decoder speaks raw Type
    public Optional<ContractError> decode(String revertData) {
        String data = unquoted(revertData);
        if (data == null || !data.startsWith("0x") || data.length() < 10) {
            return Optional.empty();
        }
        ErrorDefinition definition = bySelector.get(data.substring(0, 10).toLowerCase(Locale.ROOT));
        if (definition == null) {
            return Optional.empty();
        }
        try {
            List<TypeReference<Type>> types = new ArrayList<>();
            for (String argumentType : definition.argumentTypes()) {
                @SuppressWarnings("unchecked")
                TypeReference<Type> reference = TypeReference.makeTypeReference(argumentType);
                types.add(reference);
            }
            List<Type> decoded = definition.argumentTypes().isEmpty()
                    ? List.of()
                    : FunctionReturnDecoder.decode("0x" + data.substring(10), types);
            if (decoded.size() != definition.argumentTypes().size()) {
                return Optional.empty();
            }
            List<Object> arguments = new ArrayList<>(decoded.size());
            for (int i = 0; i < decoded.size(); i++) {
                arguments.add(toJava(definition.argumentTypes().get(i), decoded.get(i)));
            }
            return Optional.of(new ContractError(definition.name(), definition.signature(), arguments));
        } catch (ClassNotFoundException | RuntimeException malformed) {
            return Optional.empty();
        }
    }

    /** web3j hands the JSON-RPC error's data over as raw JSON, so a hex string arrives in quotes. */
    private static String unquoted(String revertData) {
        if (revertData == null) {
            return null;
        }
        String trimmed = revertData.strip();
        return trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"")
                ? trimmed.substring(1, trimmed.length() - 1)
                : trimmed;
    }

    /** A readable form for messages: the decoded error, else the raw data. */
    public String describe(String revertData) {
        return decode(revertData).map(ContractError::toString).orElseGet(() -> "undecoded revert data " + revertData);
    }

    private static Object toJava(String solidityType, Type<?> value) {
        Object raw = value.getValue();
        return switch (solidityType) {
            case "address" -> Address.of(value.toString());
            case "bytes32" -> new Bytes32((byte[]) raw);
            default -> raw instanceof byte[] bytes ? Numeric.toHexString(bytes) : raw;
        };
    }

    private static ContractErrors loadBundled() {
        List<String> documents = new ArrayList<>();
        for (String contract : BUNDLED_CONTRACTS) {
            String resource = ABI_RESOURCE_DIRECTORY + contract + ".abi";
            try (InputStream in = ContractErrors.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("ABI resource " + resource + " is missing: the contracts module was not built");
                }
                documents.add(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            }
        }
        return fromAbis(documents);
    }

    @Override
    public String toString() {
        return bySelector.values().stream().map(ErrorDefinition::signature).collect(Collectors.joining(", ", "ContractErrors[", "]"));
    }
}
