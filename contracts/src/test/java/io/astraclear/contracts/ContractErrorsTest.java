package io.astraclear.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.astraclear.ports.domain.Address;
import io.astraclear.ports.domain.Bytes32;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;

class ContractErrorsTest {
    private final ContractErrors errors = ContractErrors.bundled();

    @Test
    void knowsEveryCustomErrorOfTheThreeContracts() {
        assertThat(errors.signatures()).contains(
                "CommandAlreadyProcessed(bytes32)",
                "InsufficientSignatures(uint256,uint256)",
                "InvalidSignature(uint256)",
                "InvalidSignatureLength(uint256,uint256)",
                "InvalidSignatureV(uint256,uint8)",
                "NotValidator(uint256,address)",
                "SignatureHighS(uint256)",
                "SignersNotAscending(uint256,address)",
                "StaleValidatorSetNonce(uint256,uint256)",
                "InvalidValidatorSet(string)",
                "UnknownDestinationBank(bytes32)",
                "NotGateway(address)",
                "NotExecutor(address)",
                "NotOwner(address)",
                "InsufficientBalance(address,uint256,uint256)",
                "ZeroAmount()",
                "Error(string)",
                "Panic(uint256)");
    }

    @Test
    void decodesNameAndArgumentsFromRevertData() {
        Address signer = Address.of("0x00000000000000000000000000000000000000aa");
        String revertData = encodeError("SignersNotAscending",
                new Uint256(2), new org.web3j.abi.datatypes.Address(signer.value()));

        ContractError error = errors.decode(revertData).orElseThrow();

        assertThat(error.name()).isEqualTo("SignersNotAscending");
        assertThat(error.signature()).isEqualTo("SignersNotAscending(uint256,address)");
        assertThat(error.arguments()).containsExactly(BigInteger.TWO, signer);
        assertThat(error).hasToString("SignersNotAscending(2, " + signer + ")");
    }

    @Test
    void decodesBytes32StringsAndQuotedJsonData() {
        Bytes32 commandId = Bytes32.of("0x" + "ab".repeat(32));
        String quoted = "\"" + encodeError("CommandAlreadyProcessed", new org.web3j.abi.datatypes.generated.Bytes32(commandId.toByteArray())) + "\"";
        assertThat(errors.decode(quoted).orElseThrow().arguments()).containsExactly(commandId);

        String reason = encodeError("InvalidValidatorSet", new Utf8String("empty"));
        assertThat(errors.decode(reason).orElseThrow().arguments()).containsExactly("empty");
    }

    @Test
    void decodesSolidityPanics() {
        ContractError panic = errors.decode(encodeError("Panic", new Uint256(0x11))).orElseThrow();

        assertThat(panic.name()).isEqualTo("Panic");
        assertThat(panic.arguments()).containsExactly(BigInteger.valueOf(0x11));
    }

    @Test
    void leavesUnknownOrMalformedDataUndecoded() {
        assertThat(errors.decode(null)).isEmpty();
        assertThat(errors.decode("0x")).isEmpty();
        assertThat(errors.decode("0xdeadbeef")).isEmpty();
        assertThat(errors.decode(ContractErrors.selectorOf("NotValidator(uint256,address)") + "00")).isEmpty();
        assertThat(errors.describe("0xdeadbeef")).contains("0xdeadbeef");
    }

    private static String encodeError(String name, org.web3j.abi.datatypes.Type<?>... arguments) {
        return FunctionEncoder.encode(new Function(name, List.of(arguments), List.of()));
    }
}
