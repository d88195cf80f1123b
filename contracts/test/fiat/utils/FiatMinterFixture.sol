// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MockV3Aggregator} from "@chainlink/local/src/data-feeds/MockV3Aggregator.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {FiatMinter} from "../../../src/fiat/FiatMinter.sol";
import {SyntheticAsset} from "../../../src/synths/SyntheticAsset.sol";
import {SynthsFixture} from "../../synths/utils/SynthsFixture.sol";

/// @notice The synth stack plus a FiatMinter wired as deployment wires it (deploy/ignition/modules/parts/fiat.ts):
///         `MINTER_ROLE` on sUSD and sXAU, their limits, and the API's reactor key as its minter. `admin` stands
///         for the Timelock (see FiatMinterGovernance.t.sol for the real handover).
/// @dev Limits: sUSD 100,000 per payment and 1,000,000 per UTC day; sXAU 50 and 200. sBTC is a synth the minter
///      holds `MINTER_ROLE` on but has no limits for, so it is not allowed.
abstract contract FiatMinterFixture is SynthsFixture {
    bytes32 internal constant USD = "sUSD";
    bytes32 internal constant BTC = "sBTC";
    uint256 internal constant USD_PER_PAYMENT = 100_000e18;
    uint256 internal constant USD_PER_DAY = 1_000_000e18;
    uint256 internal constant XAU_PER_PAYMENT = 50e18;
    uint256 internal constant XAU_PER_DAY = 200e18;
    bytes32 internal constant PAYMENT = keccak256("provider:pay_001");

    address internal reactor = makeAddr("reactor");

    FiatMinter internal minter;
    SyntheticAsset internal sUSD;
    SyntheticAsset internal sBTC;
    MockV3Aggregator internal usdFeed;

    function setUp() public virtual override {
        super.setUp();
        (sUSD, usdFeed) = _createSynth(USD, "Synthetic USD", "sUSD", 1e8);
        (sBTC,) = _createSynth(BTC, "Synthetic Bitcoin", "sBTC", 60_000e8);
        minter = new FiatMinter(admin, guardian);

        vm.startPrank(admin);
        SyntheticAsset[3] memory synths = [sUSD, sXAU, sBTC];
        for (uint256 i = 0; i < synths.length; ++i) {
            synths[i].grantRole(synths[i].MINTER_ROLE(), address(minter));
        }
        minter.setLimits(address(sUSD), USD_PER_PAYMENT, USD_PER_DAY);
        minter.setLimits(address(sXAU), XAU_PER_PAYMENT, XAU_PER_DAY);
        minter.grantRole(minter.MINTER_ROLE(), reactor);
        vm.stopPrank();
    }

    // ------------------------------------------------------------ helpers

    /// @dev The reactor mints `amount` of `synth` to `to` for `paymentId`.
    function _mint(bytes32 paymentId, SyntheticAsset synth, address to, uint256 amount) internal {
        vm.prank(reactor);
        minter.mint(paymentId, address(synth), to, amount);
    }

    /// @dev A distinct payment id per `n` (never zero).
    function _id(uint256 n) internal pure returns (bytes32) {
        return keccak256(abi.encode("payment", n));
    }

    /// @dev The revert data of `account` calling a `role`-only function.
    function _unauthorized(address account, bytes32 role) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, account, role);
    }

    function _today() internal view returns (uint256) {
        return block.timestamp / 1 days;
    }

    /// @dev The first second of the next UTC day.
    function _warpToNextDay() internal {
        vm.warp((block.timestamp / 1 days + 1) * 1 days);
    }
}
