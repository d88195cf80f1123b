// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MockV3Aggregator} from "@chainlink/local/src/data-feeds/MockV3Aggregator.sol";
import {ILightningGateway} from "../../../src/interfaces/ILightningGateway.sol";
import {LightningGateway} from "../../../src/lightning/LightningGateway.sol";
import {SyntheticAsset} from "../../../src/synths/SyntheticAsset.sol";
import {SynthsFixture} from "../../synths/utils/SynthsFixture.sol";

/// @notice The synth stack plus a Lightning gateway wired as deployment wires it: `MINTER_ROLE` on every synth,
///         a keeper, sBTC as the BTC price asset, and sBTC, sUSD and sXAU on the allow list.
/// @dev Prices: BTC $60,000, sUSD $1, sXAU $2,000 (8-decimal feeds). So 100,000 sats ($60) are 1e15 sBTC, 60e18
///      sUSD or 0.03e18 sXAU. Fees: 0.2% on mints, 0.1% on burns; 1% tolerance; quotes up to 10 minutes old;
///      timelocks 1 hour to 1 day; 1,000 to 10,000,000 sats per swap, 20,000,000 per day and direction.
// solhint-disable-next-line max-states-count
abstract contract GatewayFixture is SynthsFixture {
    bytes32 internal constant BTC = "sBTC";
    bytes32 internal constant USD = "sUSD";
    uint64 internal constant MINT_FEE = 0.002e18;
    uint64 internal constant BURN_FEE = 0.001e18;
    uint64 internal constant TOLERANCE = 0.01e18;
    uint32 internal constant QUOTE_AGE = 10 minutes;
    uint32 internal constant MIN_TIMELOCK = 1 hours;
    uint32 internal constant MAX_TIMELOCK_ = 1 days;
    uint64 internal constant MIN_SATS = 1_000;
    uint64 internal constant MAX_SATS = 10_000_000;
    uint64 internal constant DAILY_SATS = 20_000_000;
    uint64 internal constant SATS = 100_000;
    bytes32 internal constant PREIMAGE = keccak256("preimage");

    ILightningGateway.Direction internal constant MINT = ILightningGateway.Direction.Mint;
    ILightningGateway.Direction internal constant BURN = ILightningGateway.Direction.Burn;

    address internal keeper = makeAddr("keeper");

    /// @dev Payment hashes of `PREIMAGE`, "a", "b" and "c", computed once (see `_hash`).
    bytes32 internal H;
    bytes32 internal HA;
    bytes32 internal HB;
    bytes32 internal HC;

    LightningGateway internal gateway;
    SyntheticAsset internal sBTC;
    SyntheticAsset internal sUSD;
    MockV3Aggregator internal btcFeed;
    MockV3Aggregator internal usdFeed;

    function setUp() public virtual override {
        super.setUp();
        (H, HA, HB, HC) = (_hash(PREIMAGE), _hash("a"), _hash("b"), _hash("c"));
        (sBTC, btcFeed) = _createSynth(BTC, "Synthetic Bitcoin", "sBTC", 60_000e8);
        (sUSD, usdFeed) = _createSynth(USD, "Synthetic USD", "sUSD", 1e8);
        gateway = new LightningGateway(
            admin, guardian, oracle, factory, treasury, _defaultSettings(), _defaultLimits(), _defaultLimits()
        );

        vm.startPrank(admin);
        gateway.grantRole(gateway.KEEPER_ROLE(), keeper);
        SyntheticAsset[3] memory synths = [sBTC, sUSD, sXAU];
        for (uint256 i = 0; i < synths.length; ++i) {
            synths[i].grantRole(synths[i].MINTER_ROLE(), address(gateway));
            gateway.setSynthAllowed(address(synths[i]), true);
        }
        vm.stopPrank();
    }

    function _defaultSettings() internal view returns (ILightningGateway.Settings memory) {
        return ILightningGateway.Settings({
            btcAsset: address(sBTC),
            maxQuoteAge: QUOTE_AGE,
            minTimelock: MIN_TIMELOCK,
            maxTimelock: MAX_TIMELOCK_,
            mintFee: MINT_FEE,
            burnFee: BURN_FEE,
            priceTolerance: TOLERANCE
        });
    }

    function _defaultLimits() internal pure returns (ILightningGateway.Limits memory) {
        return ILightningGateway.Limits({minSats: MIN_SATS, maxSats: MAX_SATS, dailySats: DAILY_SATS});
    }

    // ------------------------------------------------------------ helpers

    /// @dev sha256 is a precompile call: compute hashes before `vm.prank`/`vm.expectRevert`, which the call
    ///      would otherwise consume.
    function _hash(bytes32 preimage) internal pure returns (bytes32) {
        return sha256(abi.encodePacked(preimage));
    }

    function _timelock() internal view returns (uint64) {
        return uint64(block.timestamp + 2 hours);
    }

    function _now() internal view returns (uint64) {
        return uint64(block.timestamp);
    }

    function _fee(uint256 amount, uint256 rate) internal pure returns (uint256) {
        return (amount * rate + 1e18 - 1) / 1e18;
    }

    /// @dev The keeper locks a mint of `amount` `synth` for `sats` to `recipient`.
    function _lockMint(bytes32 paymentHash, address recipient, SyntheticAsset synth, uint64 sats, uint256 amount)
        internal
    {
        vm.prank(keeper);
        gateway.lockMint(paymentHash, recipient, address(synth), sats, amount, _now(), _timelock());
    }

    /// @dev The keeper locks the exact oracle value of `SATS` sBTC (1e15) to alice.
    function _lockMintDefault(bytes32 paymentHash) internal {
        _lockMint(paymentHash, alice, sBTC, SATS, 1e15);
    }

    /// @dev Gives `user` `amount` synths and approves the gateway.
    function _fundSynth(address user, SyntheticAsset synth, uint256 amount) internal {
        _giveSynth(user, synth, amount);
        vm.prank(user);
        synth.approve(address(gateway), type(uint256).max);
    }

    /// @dev `user` locks `amount` synths to have `sats` paid.
    function _lockBurn(bytes32 paymentHash, address user, SyntheticAsset synth, uint256 amount, uint64 sats)
        internal
    {
        _fundSynth(user, synth, amount);
        vm.prank(user);
        gateway.lockBurn(paymentHash, address(synth), amount, sats, _timelock());
    }

    /// @dev Bob locks 1.001e15 sBTC (the value of `SATS` plus the 0.1% fee, rounded up) for `SATS`.
    function _lockBurnDefault(bytes32 paymentHash) internal {
        _lockBurn(paymentHash, bob, sBTC, 1.001e15, SATS);
    }

    function _status(bytes32 paymentHash) internal view returns (ILightningGateway.Status) {
        return gateway.swapOf(paymentHash).status;
    }
}
