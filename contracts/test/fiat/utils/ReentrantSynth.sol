// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IFiatMinter} from "../../../src/interfaces/IFiatMinter.sol";

/// @notice A hostile "synth" whose `mint` calls back into the FiatMinter, to prove the guard and that the receipt
///         is recorded before the synth is called. Governance would never allow it; the test does.
contract ReentrantSynth {
    IFiatMinter private immutable _minter;
    bytes32 private _replayId;

    /// @notice What the callback saw: whether the payment was already marked processed, and the revert data of
    ///         its attempt to mint again.
    bool public sawProcessed;
    bytes public reentryError;

    constructor(IFiatMinter minter_) {
        _minter = minter_;
    }

    function armReplay(bytes32 paymentId) external {
        _replayId = paymentId;
    }

    function mint(address to, uint256 amount) external {
        bytes32 paymentId = _replayId;
        sawProcessed = _minter.isProcessed(paymentId);
        try _minter.mint(paymentId, address(this), to, amount) {
            reentryError = "";
        } catch (bytes memory reason) {
            reentryError = reason;
        }
    }
}
