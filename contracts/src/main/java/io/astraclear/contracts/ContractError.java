package io.astraclear.contracts;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A decoded revert: a custom error of our contracts, Solidity's {@code Error(string)} or
 * {@code Panic(uint256)}. Arguments are plain Java values: {@code BigInteger} for integers,
 * {@link io.astraclear.ports.domain.Address} for addresses, {@link io.astraclear.ports.domain.Bytes32}
 * for {@code bytes32}, {@code String}, {@code Boolean}, and 0x-hex strings for other bytes.
 *
 * @param signature e.g. {@code SignersNotAscending(uint256,address)}
 */
public record ContractError(String name, String signature, List<Object> arguments) {
    public ContractError {
        arguments = List.copyOf(arguments);
    }

    @Override
    public String toString() {
        return name + arguments.stream().map(String::valueOf).collect(Collectors.joining(", ", "(", ")"));
    }
}
