// SPDX-License-Identifier: MIT
// The handler lives beside its invariants (Hardhat gives artifacts, so fuzz targets, only to test files).
// Failed calls are expected (caps, replays, pause): the handler records them instead of reverting.
// solhint-disable one-contract-per-file
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {StdInvariant} from "forge-std/StdInvariant.sol";
import {FiatMinter} from "../../src/fiat/FiatMinter.sol";
import {IFiatMinter} from "../../src/interfaces/IFiatMinter.sol";
import {SyntheticAsset} from "../../src/synths/SyntheticAsset.sol";
import {FiatMinterFixture} from "./utils/FiatMinterFixture.sol";

/// @notice Drives the minter with random payments (a small id pool, so replays are frequent), time passing across
///         UTC days, pauses, limit changes by governance and mints by the vault, and keeps a ghost ledger of what
///         each should have done.
contract FiatMinterHandler is Test {
    /// @notice What the handler believes one payment minted.
    struct Ghost {
        address to;
        uint64 mintedAt;
        uint8 synth;
        uint256 amount;
    }

    uint256 internal constant IDS = 48;

    FiatMinter public immutable minter;
    address public immutable reactor;
    address public immutable admin;
    address public immutable guardian;
    address public immutable vault;
    SyntheticAsset[2] public synths;
    address[3] public users;

    bytes32[] public processed;
    mapping(bytes32 paymentId => Ghost) public ghosts;
    mapping(bytes32 paymentId => bool) public isGhostProcessed;
    /// @notice Sum of the minter's successful mints, per synth index.
    uint256[2] public fiatMinted;
    /// @notice Synths the vault minted outside the minter, per synth index.
    uint256[2] public externalMints;
    mapping(uint8 synth => mapping(uint256 day => uint256)) public daily;
    uint256[] public days_;
    /// @notice A mint that succeeded for an id that had already minted. Must stay zero.
    uint256 public doubleMints;
    /// @notice A mint that took its synth's day above the `perDay` in force. Must stay zero.
    uint256 public overCapMints;
    /// @notice A mint whose outcome differed from the model's. Must stay zero.
    uint256 public modelMismatches;
    uint256 public successes;

    constructor(
        FiatMinter minter_,
        SyntheticAsset[2] memory synths_,
        address[3] memory users_,
        address[4] memory roles // reactor, admin, guardian, vault
    ) {
        minter = minter_;
        synths = synths_;
        users = users_;
        (reactor, admin, guardian, vault) = (roles[0], roles[1], roles[2], roles[3]);
        days_.push(block.timestamp / 1 days);
    }

    function processedCount() external view returns (uint256) {
        return processed.length;
    }

    function dayCount() external view returns (uint256) {
        return days_.length;
    }

    // ------------------------------------------------------------ actions

    function mint(uint256 idSeed, uint256 synthSeed, uint256 userSeed, uint256 amountSeed) external {
        bytes32 paymentId = keccak256(abi.encode("payment", idSeed % IDS));
        uint8 s = uint8(synthSeed % 2);
        address synth = address(synths[s]);
        IFiatMinter.Limits memory lim = minter.limits(synth);
        // Up to 1.5x the per-payment cap (or a small amount for a disallowed synth).
        uint256 amount = bound(amountSeed, 1, lim.perPayment == 0 ? 100e18 : lim.perPayment * 3 / 2);
        address to = users[userSeed % users.length];
        uint256 day = block.timestamp / 1 days;

        bool expected = !minter.paused() && !isGhostProcessed[paymentId] && lim.perPayment != 0 && lim.perDay != 0
            && amount <= lim.perPayment && daily[s][day] + amount <= lim.perDay;
        vm.prank(reactor);
        try minter.mint(paymentId, synth, to, amount) {
            if (isGhostProcessed[paymentId]) doubleMints++;
            if (daily[s][day] + amount > lim.perDay) overCapMints++;
            if (!expected) modelMismatches++;
            isGhostProcessed[paymentId] = true;
            processed.push(paymentId);
            ghosts[paymentId] = Ghost({to: to, mintedAt: uint64(block.timestamp), synth: s, amount: amount});
            daily[s][day] += amount;
            fiatMinted[s] += amount;
            successes++;
        } catch {
            if (expected) modelMismatches++;
        }
    }

    /// @notice Governance changes a synth's limits: sometimes to zero (disallowed), sometimes below today's total.
    function setLimits(uint256 synthSeed, uint256 perPaymentSeed, uint256 perDaySeed) external {
        uint256 perPayment = perPaymentSeed % 5 == 0 ? 0 : bound(perPaymentSeed, 1, 200e18);
        uint256 perDay = perDaySeed % 7 == 0 ? 0 : bound(perDaySeed, 1, 1_000e18);
        vm.prank(admin);
        minter.setLimits(address(synths[synthSeed % 2]), perPayment, perDay);
    }

    /// @notice The vault mints the same synths for positions: the minter's accounting must not count them.
    function vaultMint(uint256 synthSeed, uint256 userSeed, uint256 amountSeed) external {
        uint8 s = uint8(synthSeed % 2);
        uint256 amount = bound(amountSeed, 1, 1_000e18);
        vm.prank(vault);
        synths[s].mint(users[userSeed % users.length], amount);
        externalMints[s] += amount;
    }

    /// @notice Time passes, up to 10 hours: UTC days roll over.
    function warp(uint256 secondsSeed) external {
        vm.warp(block.timestamp + bound(secondsSeed, 1, 10 hours));
        uint256 day = block.timestamp / 1 days;
        if (days_[days_.length - 1] != day) days_.push(day);
    }

    function togglePause() external {
        if (minter.paused()) {
            vm.prank(admin);
            minter.unpause();
        } else {
            vm.prank(guardian);
            minter.pause();
        }
    }
}

/// @notice Invariants of the FiatMinter under random use.
/// @dev The synths' supply comes only from the minter and the handler's vault mints, so supply is an exact
///      identity over the ghost ledger.
contract FiatMinterInvariantsTest is StdInvariant, FiatMinterFixture {
    FiatMinterHandler internal handler;
    SyntheticAsset[2] internal pair;

    function setUp() public override {
        super.setUp();
        pair = [sUSD, sXAU];
        vm.startPrank(admin);
        minter.setLimits(address(sUSD), 100e18, 400e18);
        minter.setLimits(address(sXAU), 30e18, 100e18);
        vm.stopPrank();
        handler =
            new FiatMinterHandler(minter, pair, [alice, bob, stranger], [reactor, admin, guardian, address(vault)]);
        targetContract(address(handler));
        bytes4[] memory selectors = new bytes4[](8);
        selectors[0] = FiatMinterHandler.mint.selector;
        selectors[1] = FiatMinterHandler.mint.selector; // weighted: mints are what is under test
        selectors[2] = FiatMinterHandler.mint.selector;
        selectors[3] = FiatMinterHandler.setLimits.selector;
        selectors[4] = FiatMinterHandler.vaultMint.selector;
        selectors[5] = FiatMinterHandler.warp.selector;
        selectors[6] = FiatMinterHandler.warp.selector;
        selectors[7] = FiatMinterHandler.togglePause.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    /// @notice Each synth's supply grew by exactly the minter's successful mints (plus the vault's own).
    function invariant_supplyGrowsByExactlyTheSuccessfulMints() public view {
        for (uint256 s = 0; s < 2; ++s) {
            assertEq(pair[s].totalSupply(), handler.fiatMinted(s) + handler.externalMints(s));
        }
    }

    /// @notice No payment id ever minted twice, and every mint matched the model (caps, pause, allow list).
    function invariant_noIdMintsTwiceAndEveryOutcomeMatchesTheModel() public view {
        assertEq(handler.doubleMints(), 0);
        assertEq(handler.modelMismatches(), 0);
    }

    /// @notice No mint took a synth's UTC day above the `perDay` in force when it minted.
    function invariant_noMintExceedsTheDailyCap() public view {
        assertEq(handler.overCapMints(), 0);
    }

    /// @notice Each day's on-chain total is exactly the sum of that day's mints.
    function invariant_dailyTotalsMatchTheLedger() public view {
        uint256 n = handler.dayCount();
        for (uint256 i = 0; i < n; ++i) {
            uint256 day = handler.days_(i);
            for (uint8 s = 0; s < 2; ++s) {
                assertEq(minter.dailyMinted(address(pair[s]), day), handler.daily(s, day));
            }
        }
    }

    /// @notice Every processed id keeps the receipt of its one mint, forever.
    function invariant_receiptsMatchTheLedger() public view {
        uint256 n = handler.processedCount();
        assertEq(n, handler.successes());
        for (uint256 i = 0; i < n; ++i) {
            bytes32 paymentId = handler.processed(i);
            (address to, uint64 mintedAt, uint8 s, uint256 amount) = handler.ghosts(paymentId);
            IFiatMinter.Receipt memory receipt = minter.receiptOf(paymentId);
            assertTrue(minter.isProcessed(paymentId));
            assertEq(receipt.synth, address(pair[s]));
            assertEq(receipt.to, to);
            assertEq(receipt.amount, amount);
            assertEq(receipt.mintedAt, mintedAt);
        }
    }
}
