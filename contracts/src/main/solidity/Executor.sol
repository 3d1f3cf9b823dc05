// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {BankToken} from "./BankToken.sol";

/// @title Executor — mints on the destination chain what a threshold of validators signed.
/// @notice threshold(n) = floor(2n/3) + 1. A mint command's digest is
/// keccak256(abi.encodePacked(commandId, recipient, amount, block.chainid, address(this))), signed
/// as an Ethereum signed message. Signatures must be 65 bytes r||s||v, low-s, from current
/// validators, with recovered signers strictly ascending (which rejects duplicates). A command
/// executes at most once. Validator-set changes are themselves commands signed by the current set.
/// A batch of mint commands can be authorised by one set of signatures over a batch digest
/// (executeBatch); each command in it is still executed at most once.
contract Executor {
    /// keccak256("astra-clear.validator-set.v1")
    bytes32 public constant VALIDATOR_SET_TYPE_TAG = keccak256("astra-clear.validator-set.v1");
    /// keccak256("astra-clear.mint-batch.v1")
    bytes32 public constant MINT_BATCH_TYPE_TAG = keccak256("astra-clear.mint-batch.v1");
    uint256 public constant MAX_VALIDATORS = 64;
    /// Keeps a worst-case batch (every entry a new processed slot and a new token holder, about
    /// 50,000 gas each) well under a 30M block and the 2^24 per-transaction gas cap of EIP-7825.
    uint256 public constant MAX_BATCH_SIZE = 256;
    uint256 private constant HALF_CURVE_ORDER =
        0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0;

    BankToken public immutable token;
    address[] private validators;
    mapping(address => bool) public isValidator;
    /// The nonce the next validator-set update must carry (the deployment's set is nonce 0).
    uint256 public validatorSetNonce;
    mapping(bytes32 => bool) public processedCommands;

    event CommandExecuted(bytes32 indexed commandId, address indexed recipient, uint256 amount);
    event ValidatorSetUpdated(uint256 indexed nonce, address[] validators, uint256 threshold);
    /// A batch entry that was not minted and will never be by this entry: already processed (done
    /// before, by either path) or unexecutable (zero amount, zero recipient).
    event CommandSkipped(bytes32 indexed commandId, SkipReason reason);
    /// A batch entry whose mint reverted in the token; it is left unprocessed, so it can be retried.
    event CommandFailed(bytes32 indexed commandId, bytes reason);

    /// Why executeBatch skipped an entry (ABI: uint8).
    enum SkipReason {
        AlreadyProcessed,
        ZeroAmount,
        ZeroRecipient
    }

    error CommandAlreadyProcessed(bytes32 commandId);
    error ZeroAmount();
    error ZeroRecipient();
    error InsufficientSignatures(uint256 provided, uint256 required);
    error InvalidSignatureLength(uint256 index, uint256 length);
    error SignatureHighS(uint256 index);
    error InvalidSignatureV(uint256 index, uint8 v);
    error InvalidSignature(uint256 index);
    error SignersNotAscending(uint256 index, address signer);
    error NotValidator(uint256 index, address signer);
    error StaleValidatorSetNonce(uint256 expected, uint256 provided);
    error InvalidValidatorSet(string reason);
    error EmptyBatch();
    error BatchTooLarge(uint256 size, uint256 maxSize);
    error BatchLengthMismatch(uint256 commandIds, uint256 recipients, uint256 amounts);

    constructor(BankToken token_, address[] memory validators_) {
        if (address(token_) == address(0)) revert InvalidValidatorSet("token is the zero address");
        token = token_;
        _setValidators(0, validators_);
        validatorSetNonce = 1;
    }

    function getValidators() external view returns (address[] memory) {
        return validators;
    }

    function validatorCount() external view returns (uint256) {
        return validators.length;
    }

    function threshold() public view returns (uint256) {
        return (validators.length * 2) / 3 + 1;
    }

    /// @notice The digest validators sign for a mint command on this Executor.
    function mintDigest(bytes32 commandId, address recipient, uint256 amount) public view returns (bytes32) {
        return keccak256(abi.encodePacked(commandId, recipient, amount, block.chainid, address(this)));
    }

    /// @notice The digest validators sign for a validator-set update on this Executor.
    function validatorSetDigest(uint256 nonce, address[] calldata newValidators) public view returns (bytes32) {
        return keccak256(abi.encode(VALIDATOR_SET_TYPE_TAG, block.chainid, address(this), nonce, newValidators));
    }

    /// @notice The digest validators sign for a batch of mint commands on this Executor:
    /// keccak256(abi.encode(MINT_BATCH_TYPE_TAG, block.chainid, address(this),
    ///     keccak256(abi.encode(commandIds, recipients, amounts)))).
    /// The arrays are hashed in their canonical ABI encoding, not as sent in calldata, so a relayer
    /// cannot make one signed batch look like another by re-encoding it.
    function batchDigest(bytes32[] calldata commandIds, address[] calldata recipients, uint256[] calldata amounts)
        public
        view
        returns (bytes32)
    {
        bytes32 entries = keccak256(abi.encode(commandIds, recipients, amounts));
        return keccak256(abi.encode(MINT_BATCH_TYPE_TAG, block.chainid, address(this), entries));
    }

    /// @notice Mints `amount` to `recipient` if a threshold of validators signed the command.
    function execute(bytes32 commandId, address recipient, uint256 amount, bytes[] calldata signatures) external {
        if (processedCommands[commandId]) revert CommandAlreadyProcessed(commandId);
        if (amount == 0) revert ZeroAmount();
        if (recipient == address(0)) revert ZeroRecipient();
        _checkSignatures(mintDigest(commandId, recipient, amount), signatures);
        processedCommands[commandId] = true; // before the external call: no re-entrant replay
        token.executorMint(recipient, amount);
        emit CommandExecuted(commandId, recipient, amount);
    }

    /// @notice Mints every entry of a batch that a threshold of validators signed as a whole.
    /// The batch's shape and its signatures are all-or-nothing (custom errors, as in execute); after
    /// that, each entry stands alone: an entry already processed (by execute or an earlier batch), or
    /// with amount 0 or recipient 0, is skipped (CommandSkipped); an entry whose mint reverts in the
    /// token is left unprocessed (CommandFailed) so that it can be retried; every other entry is
    /// marked processed, minted and reported by CommandExecuted, exactly as execute does. Replaying
    /// a batch therefore mints nothing twice, and a relayer that loses a race loses no other entry.
    function executeBatch(
        bytes32[] calldata commandIds,
        address[] calldata recipients,
        uint256[] calldata amounts,
        bytes[] calldata signatures
    ) external {
        uint256 size = commandIds.length;
        if (size == 0) revert EmptyBatch();
        if (size > MAX_BATCH_SIZE) revert BatchTooLarge(size, MAX_BATCH_SIZE);
        if (recipients.length != size || amounts.length != size) {
            revert BatchLengthMismatch(size, recipients.length, amounts.length);
        }
        _checkSignatures(batchDigest(commandIds, recipients, amounts), signatures);
        for (uint256 i = 0; i < size; ) {
            _executeBatchEntry(commandIds[i], recipients[i], amounts[i]);
            unchecked {
                ++i;
            }
        }
    }

    function _executeBatchEntry(bytes32 commandId, address recipient, uint256 amount) private {
        if (processedCommands[commandId]) {
            emit CommandSkipped(commandId, SkipReason.AlreadyProcessed);
            return;
        }
        if (amount == 0) {
            emit CommandSkipped(commandId, SkipReason.ZeroAmount);
            return;
        }
        if (recipient == address(0)) {
            emit CommandSkipped(commandId, SkipReason.ZeroRecipient);
            return;
        }
        processedCommands[commandId] = true; // before the external call: no re-entrant replay
        try token.executorMint(recipient, amount) {
            emit CommandExecuted(commandId, recipient, amount);
        } catch (bytes memory reason) {
            // Not minted, so not processed: the same signatures (or a single execute) may retry it.
            // This also covers a relayer starving the call of gas; it only wastes its own gas.
            processedCommands[commandId] = false;
            emit CommandFailed(commandId, reason);
        }
    }

    /// @notice Replaces the validator set; signed by a threshold of the current set.
    function updateValidators(uint256 nonce, address[] calldata newValidators, bytes[] calldata signatures) external {
        if (nonce != validatorSetNonce) revert StaleValidatorSetNonce(validatorSetNonce, nonce);
        _checkSignatures(validatorSetDigest(nonce, newValidators), signatures);
        validatorSetNonce = nonce + 1;
        _setValidators(nonce, newValidators);
    }

    function _setValidators(uint256 appliedNonce, address[] memory newValidators) private {
        uint256 count = newValidators.length;
        if (count == 0) revert InvalidValidatorSet("empty");
        if (count > MAX_VALIDATORS) revert InvalidValidatorSet("more than MAX_VALIDATORS");
        address previous = address(0);
        for (uint256 i = 0; i < count; i++) {
            address validator = newValidators[i];
            if (validator <= previous) revert InvalidValidatorSet("validators must be non-zero and strictly ascending");
            previous = validator;
        }
        for (uint256 i = 0; i < validators.length; i++) {
            isValidator[validators[i]] = false;
        }
        for (uint256 i = 0; i < count; i++) {
            isValidator[newValidators[i]] = true;
        }
        validators = newValidators;
        emit ValidatorSetUpdated(appliedNonce, newValidators, threshold());
    }

    function _checkSignatures(bytes32 digest, bytes[] calldata signatures) private view {
        uint256 required = threshold();
        if (signatures.length < required) revert InsufficientSignatures(signatures.length, required);
        bytes32 ethHash = keccak256(abi.encodePacked("\x19Ethereum Signed Message:\n32", digest));
        address previous = address(0);
        for (uint256 i = 0; i < signatures.length; i++) {
            bytes calldata signature = signatures[i];
            if (signature.length != 65) revert InvalidSignatureLength(i, signature.length);
            bytes32 r;
            bytes32 s;
            uint8 v;
            assembly ("memory-safe") {
                r := calldataload(signature.offset)
                s := calldataload(add(signature.offset, 32))
                v := byte(0, calldataload(add(signature.offset, 64)))
            }
            if (uint256(s) > HALF_CURVE_ORDER) revert SignatureHighS(i);
            if (v != 27 && v != 28) revert InvalidSignatureV(i, v);
            address signer = ecrecover(ethHash, v, r, s);
            if (signer == address(0)) revert InvalidSignature(i);
            if (signer <= previous) revert SignersNotAscending(i, signer);
            if (!isValidator[signer]) revert NotValidator(i, signer);
            previous = signer;
        }
    }
}
