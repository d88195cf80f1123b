// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

/// @title MockERC1271Wallet
/// @notice Contract-wallet stand-in for tests of Sign-In with Ethereum: it approves exactly the
///         signatures its owner EOA made over the hash it is asked about (the EIP-191 hash of the
///         SIWE message when the API verifies it), and rejects everything else.
/// @dev Tests only; never deployed by the Ignition modules.
contract MockERC1271Wallet is IERC1271 {
    /// @notice The EOA whose signatures this wallet accepts.
    address public immutable owner;

    /// @notice Thrown when the wallet is deployed without an owner.
    error ZeroOwner();

    /// @param owner_ The EOA whose signatures the wallet approves.
    constructor(address owner_) {
        if (owner_ == address(0)) revert ZeroOwner();
        owner = owner_;
    }

    /// @notice ERC-1271: the magic value 0x1626ba7e when `signature` is the owner's over `hash`,
    ///         0xffffffff otherwise (malformed signatures included, never a revert).
    /// @param hash The signed digest (for SIWE: the EIP-191 personal-message hash).
    /// @param signature The owner's 65-byte ECDSA signature over `hash`.
    /// @return magicValue IERC1271.isValidSignature.selector on success, 0xffffffff otherwise.
    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4 magicValue) {
        (address signer, ECDSA.RecoverError error, ) = ECDSA.tryRecover(hash, signature);
        if (error == ECDSA.RecoverError.NoError && signer == owner) {
            return IERC1271.isValidSignature.selector;
        }
        return 0xffffffff;
    }
}
