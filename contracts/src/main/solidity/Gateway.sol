// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {BankToken} from "./BankToken.sol";

/// @title Gateway — where a bank's customer starts a payment to a customer of another bank.
/// @notice Burns the payer's tokens and emits TransferInitiated; validators attest the event and
/// the destination bank's Executor mints. transferId = keccak256(abi.encode(chainid, gateway, nonce)).
contract Gateway {
    BankToken public immutable token;
    bytes32 public immutable localBank;
    address public owner;
    uint256 public nonce;

    mapping(bytes32 => bool) public registeredBanks;

    event TransferInitiated(
        bytes32 indexed transferId,
        address indexed sender,
        bytes32 indexed dstBank,
        address recipient,
        uint256 amount,
        uint256 nonce
    );
    event BankRegistered(bytes32 indexed bank);
    event BankUnregistered(bytes32 indexed bank);
    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);

    error NotOwner(address caller);
    error ZeroAddress();
    error ZeroAmount();
    error ZeroRecipient();
    error UnknownDestinationBank(bytes32 bank);
    error InvalidBankId(bytes32 bank);

    modifier onlyOwner() {
        if (msg.sender != owner) revert NotOwner(msg.sender);
        _;
    }

    constructor(BankToken token_, bytes32 localBank_) {
        if (address(token_) == address(0)) revert ZeroAddress();
        if (localBank_ == bytes32(0)) revert InvalidBankId(localBank_);
        token = token_;
        localBank = localBank_;
        owner = msg.sender;
        emit OwnershipTransferred(address(0), msg.sender);
    }

    function transferOwnership(address newOwner) external onlyOwner {
        if (newOwner == address(0)) revert ZeroAddress();
        emit OwnershipTransferred(owner, newOwner);
        owner = newOwner;
    }

    /// @notice Allows transfers to `bank`, a member of the consortium other than this one.
    function registerBank(bytes32 bank) external onlyOwner {
        if (bank == bytes32(0) || bank == localBank) revert InvalidBankId(bank);
        registeredBanks[bank] = true;
        emit BankRegistered(bank);
    }

    function unregisterBank(bytes32 bank) external onlyOwner {
        registeredBanks[bank] = false;
        emit BankUnregistered(bank);
    }

    /// @notice Pays `amount` of the caller's tokens to `recipient` at bank `dstBank`.
    function initiateTransfer(bytes32 dstBank, address recipient, uint256 amount)
        external
        returns (bytes32 transferId)
    {
        if (amount == 0) revert ZeroAmount();
        if (recipient == address(0)) revert ZeroRecipient();
        if (!registeredBanks[dstBank]) revert UnknownDestinationBank(dstBank);

        uint256 transferNonce = ++nonce;
        transferId = keccak256(abi.encode(block.chainid, address(this), transferNonce));
        token.gatewayBurn(msg.sender, amount);
        emit TransferInitiated(transferId, msg.sender, dstBank, recipient, amount, transferNonce);
    }
}
