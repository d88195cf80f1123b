// SPDX-License-Identifier: MIT
// The handler lives beside its invariants (Hardhat gives artifacts, so fuzz targets, only to test files).
// Failed calls are expected (limits, windows, pause): the handler swallows them with empty catch blocks.
// solhint-disable one-contract-per-file, no-empty-blocks
pragma solidity 0.8.30;

// forge-std resolves through remappings.txt, which solhint does not read.
import {Test} from "forge-std/Test.sol";
import {StdInvariant} from "forge-std/StdInvariant.sol";
import {MockV3Aggregator} from "@chainlink/local/src/data-feeds/MockV3Aggregator.sol";
import {ILightningGateway} from "../../../src/interfaces/ILightningGateway.sol";
import {LightningGateway} from "../../../src/lightning/LightningGateway.sol";
import {SyntheticAsset} from "../../../src/synths/SyntheticAsset.sol";
import {GatewayFixture} from "../../lightning/utils/GatewayFixture.sol";

/// @notice Drives the gateway with random locks, claims and refunds in both directions, time passing (across UTC
///         days and timelocks) and pauses, and keeps a ghost ledger of what every swap should have done.
contract GatewayHandler is Test {
    /// @notice What the handler believes about one payment hash.
    struct Ghost {
        bytes32 preimage;
        ILightningGateway.Status status;
        ILightningGateway.Direction direction;
        uint8 synth;
        uint64 sats;
        uint64 timelock;
        uint256 day;
        uint256 amount;
        uint256 fee;
    }

    LightningGateway public immutable gateway;
    address public immutable keeper;
    address public immutable minter;
    address public immutable admin;
    address public immutable guardian;
    address public immutable treasury;
    SyntheticAsset[2] public synths;
    MockV3Aggregator[2] public feeds;
    address[3] public users;

    bytes32[] public hashes;
    mapping(bytes32 paymentHash => Ghost) public ghosts;
    /// @notice Synths handed to users outside the gateway (to lock burns with), per synth index.
    uint256[2] public externalMints;
    /// @notice Amounts (fee included) of claimed mints, per synth index.
    uint256[2] public claimedMints;
    /// @notice Amounts burned by claimed burns (net of their fee), per synth index.
    uint256[2] public burned;
    /// @notice Fees sent to the treasury, per synth index.
    uint256[2] public fees;
    /// @notice Amounts of burns still locked, per synth index.
    uint256[2] public lockedBurns;
    /// @notice Sats locked per direction and day, less refunds.
    mapping(ILightningGateway.Direction direction => mapping(uint256 day => uint256)) public usage;
    uint256[] public days_;
    /// @notice Claims or refunds of a locked swap, inside their window, that failed. Must stay zero.
    uint256 public strandedAttempts;
    mapping(bytes32 action => uint256) public succeeded;

    constructor(
        LightningGateway gateway_,
        SyntheticAsset[2] memory synths_,
        MockV3Aggregator[2] memory feeds_,
        address[3] memory users_,
        address[5] memory roles // keeper, synth minter, admin, guardian, treasury
    ) {
        gateway = gateway_;
        synths = synths_;
        feeds = feeds_;
        users = users_;
        (keeper, minter, admin, guardian, treasury) = (roles[0], roles[1], roles[2], roles[3], roles[4]);
        days_.push(block.timestamp / 1 days);
    }

    function hashCount() external view returns (uint256) {
        return hashes.length;
    }

    function dayCount() external view returns (uint256) {
        return days_.length;
    }

    // ------------------------------------------------------------ actions

    function lockMint(uint256 userSeed, uint256 synthSeed, uint256 satsSeed, uint256 amountSeed, uint256 lockSeed)
        external
    {
        uint8 s = uint8(synthSeed % 2);
        uint64 sats = uint64(bound(satsSeed, 1_000, 10_000_000));
        (uint256 quoted,) = gateway.quoteMint(address(synths[s]), sats);
        uint256 amount = bound(amountSeed, 1, quoted);
        (bytes32 preimage, bytes32 paymentHash) = _next();
        uint64 timelock = _timelock(lockSeed);
        address recipient = users[userSeed % users.length];
        vm.prank(keeper);
        try gateway.lockMint(
            paymentHash, recipient, address(synths[s]), sats, amount, uint64(block.timestamp), timelock
        ) {
            _record(preimage, paymentHash, ILightningGateway.Direction.Mint, s, sats, timelock, amount);
        } catch {}
    }

    function lockBurn(uint256 userSeed, uint256 synthSeed, uint256 satsSeed, uint256 extraSeed, uint256 lockSeed)
        external
    {
        uint8 s = uint8(synthSeed % 2);
        uint64 sats = uint64(bound(satsSeed, 1_000, 10_000_000));
        (uint256 quoted,) = gateway.quoteBurn(address(synths[s]), sats);
        uint256 amount = quoted + bound(extraSeed, 0, quoted / 10);
        address user = users[userSeed % users.length];
        vm.prank(minter);
        synths[s].mint(user, amount);
        externalMints[s] += amount;
        vm.prank(user);
        synths[s].approve(address(gateway), amount);
        (bytes32 preimage, bytes32 paymentHash) = _next();
        uint64 timelock = _timelock(lockSeed);
        vm.prank(user);
        try gateway.lockBurn(paymentHash, address(synths[s]), amount, sats, timelock) {
            _record(preimage, paymentHash, ILightningGateway.Direction.Burn, s, sats, timelock, amount);
            lockedBurns[s] += amount;
        } catch {}
    }

    function claim(uint256 seed) external {
        if (hashes.length == 0) return;
        bytes32 paymentHash = hashes[seed % hashes.length];
        Ghost storage g = ghosts[paymentHash];
        bool mint = g.direction == ILightningGateway.Direction.Mint;
        bool ok;
        if (mint) {
            try gateway.claimMint(g.preimage) {
                ok = true;
            } catch {}
        } else {
            vm.prank(keeper);
            try gateway.claimBurn(g.preimage) {
                ok = true;
            } catch {}
        }
        bool expected = g.status == ILightningGateway.Status.Locked && block.timestamp < g.timelock;
        if (expected && !ok) strandedAttempts++;
        if (!ok) return;
        assertTrue(expected, "claimed outside the window");
        g.status = ILightningGateway.Status.Claimed;
        fees[g.synth] += g.fee;
        if (mint) {
            claimedMints[g.synth] += g.amount;
        } else {
            burned[g.synth] += g.amount - g.fee;
            lockedBurns[g.synth] -= g.amount;
        }
        succeeded[mint ? bytes32("claimMint") : bytes32("claimBurn")]++;
    }

    function refund(uint256 seed, uint256 callerSeed) external {
        if (hashes.length == 0) return;
        bytes32 paymentHash = hashes[seed % hashes.length];
        Ghost storage g = ghosts[paymentHash];
        bool mint = g.direction == ILightningGateway.Direction.Mint;
        address caller = users[callerSeed % users.length];
        uint256 balanceBefore = synths[g.synth].balanceOf(ghostAccount(paymentHash));
        vm.prank(caller);
        bool ok;
        if (mint) {
            try gateway.refundMint(paymentHash) {
                ok = true;
            } catch {}
        } else {
            try gateway.refundBurn(paymentHash) {
                ok = true;
            } catch {}
        }
        bool expected = g.status == ILightningGateway.Status.Locked && block.timestamp >= g.timelock;
        if (expected && !ok) strandedAttempts++;
        if (!ok) return;
        assertTrue(expected, "refunded outside the window");
        g.status = ILightningGateway.Status.Refunded;
        usage[g.direction][g.day] -= g.sats;
        if (!mint) {
            lockedBurns[g.synth] -= g.amount;
            // Whoever triggered it, the locker got exactly its synths back.
            assertEq(synths[g.synth].balanceOf(ghostAccount(paymentHash)), balanceBefore + g.amount);
        }
        succeeded[mint ? bytes32("refundMint") : bytes32("refundBurn")]++;
    }

    /// @notice Time passes (up to half a day: timelocks expire, UTC days roll over); feeds post fresh rounds.
    function warp(uint256 secondsSeed) external {
        vm.warp(block.timestamp + bound(secondsSeed, 1, 12 hours));
        for (uint256 i = 0; i < feeds.length; ++i) {
            (, int256 answer,,,) = feeds[i].latestRoundData();
            feeds[i].updateAnswer(answer);
        }
        uint256 day = block.timestamp / 1 days;
        if (days_[days_.length - 1] != day) days_.push(day);
    }

    function togglePause() external {
        if (gateway.paused()) {
            vm.prank(admin);
            gateway.unpause();
        } else {
            vm.prank(guardian);
            gateway.pause();
        }
    }

    // ------------------------------------------------------------ helpers

    /// @notice The swap's recipient (mint) or locker (burn), as recorded by the gateway.
    function ghostAccount(bytes32 paymentHash) public view returns (address) {
        return gateway.swapOf(paymentHash).account;
    }

    function _next() private view returns (bytes32 preimage, bytes32 paymentHash) {
        preimage = keccak256(abi.encode("preimage", hashes.length, block.timestamp));
        paymentHash = sha256(abi.encodePacked(preimage));
    }

    function _timelock(uint256 seed) private view returns (uint64) {
        return uint64(block.timestamp + bound(seed, 1 hours, 1 days));
    }

    function _record(
        bytes32 preimage,
        bytes32 paymentHash,
        ILightningGateway.Direction direction,
        uint8 s,
        uint64 sats,
        uint64 timelock,
        uint256 amount
    ) private {
        ILightningGateway.Settings memory settings = gateway.settings();
        uint256 rate = direction == ILightningGateway.Direction.Mint ? settings.mintFee : settings.burnFee;
        uint256 day = block.timestamp / 1 days;
        ghosts[paymentHash] = Ghost({
            preimage: preimage,
            status: ILightningGateway.Status.Locked,
            direction: direction,
            synth: s,
            sats: sats,
            timelock: timelock,
            day: day,
            amount: amount,
            fee: (amount * rate + 1e18 - 1) / 1e18
        });
        hashes.push(paymentHash);
        usage[direction][day] += sats;
        succeeded[direction == ILightningGateway.Direction.Mint ? bytes32("lockMint") : bytes32("lockBurn")]++;
    }
}

/// @notice Invariants of the Lightning gateway under random use in both directions.
/// @dev The users' synths come only from the handler (as the vault would mint them) or from claimed mints, so
///      supply, balances and fees are exact identities over the ghost ledger.
contract LightningGatewayInvariantsTest is StdInvariant, GatewayFixture {
    GatewayHandler internal handler;
    SyntheticAsset[2] internal synthPair;

    function setUp() public override {
        super.setUp();
        synthPair = [sBTC, sUSD];
        handler = new GatewayHandler(
            gateway,
            synthPair,
            [btcFeed, usdFeed],
            [alice, bob, stranger],
            [keeper, address(vault), admin, guardian, treasury]
        );
        targetContract(address(handler));
        bytes4[] memory selectors = new bytes4[](8);
        selectors[0] = GatewayHandler.lockMint.selector;
        selectors[1] = GatewayHandler.lockBurn.selector;
        selectors[2] = GatewayHandler.claim.selector;
        selectors[3] = GatewayHandler.refund.selector;
        selectors[4] = GatewayHandler.warp.selector;
        selectors[5] = GatewayHandler.togglePause.selector;
        selectors[6] = GatewayHandler.lockMint.selector; // weighted: locks feed everything else
        selectors[7] = GatewayHandler.lockBurn.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    /// @notice The gateway holds exactly the synths of burns still locked.
    function invariant_gatewayHoldsExactlyTheLockedBurns() public view {
        for (uint256 s = 0; s < 2; ++s) {
            assertEq(synthPair[s].balanceOf(address(gateway)), handler.lockedBurns(s));
        }
    }

    /// @notice Supply = synths minted outside + claimed mints (fees included) - burned by claimed burns: the
    ///         gateway mints exactly the claimed mint amounts and nothing else.
    function invariant_supplyMatchesClaimedMintsAndBurns() public view {
        for (uint256 s = 0; s < 2; ++s) {
            assertEq(
                synthPair[s].totalSupply(),
                handler.externalMints(s) + handler.claimedMints(s) - handler.burned(s)
            );
        }
    }

    /// @notice The treasury received exactly the fees of claimed swaps, nothing for refunded ones.
    function invariant_treasuryHoldsExactlyTheClaimedFees() public view {
        for (uint256 s = 0; s < 2; ++s) {
            assertEq(synthPair[s].balanceOf(treasury), handler.fees(s));
        }
    }

    /// @notice Every hash's on-chain record matches the ghost: a status, once Claimed or Refunded, never changes,
    ///         and no record's terms move.
    function invariant_swapRecordsMatchTheLedger() public view {
        uint256 n = handler.hashCount();
        for (uint256 i = 0; i < n; ++i) {
            bytes32 paymentHash = handler.hashes(i);
            (,, ILightningGateway.Direction direction,,, uint64 timelock,, uint256 amount, uint256 fee) =
                handler.ghosts(paymentHash);
            ILightningGateway.Swap memory swap = gateway.swapOf(paymentHash);
            assertEq(uint8(swap.status), uint8(_ghostStatus(paymentHash)));
            assertEq(uint8(swap.direction), uint8(direction));
            assertEq(swap.timelock, timelock);
            assertEq(swap.amount, amount);
            assertEq(swap.fee, fee);
        }
    }

    /// @notice Daily usage is the sats locked that day less those refunded, within the limit.
    function invariant_dailyUsageIsLocksLessRefunds() public view {
        uint256 n = handler.dayCount();
        for (uint256 i = 0; i < n; ++i) {
            uint256 day = handler.days_(i);
            for (uint8 d = 0; d < 2; ++d) {
                ILightningGateway.Direction direction = ILightningGateway.Direction(d);
                assertEq(gateway.dailyUsage(direction, day), handler.usage(direction, day));
                assertLe(gateway.dailyUsage(direction, day), DAILY_SATS);
            }
        }
    }

    /// @notice Nothing is stranded: a locked swap can always be claimed before its timelock and refunded from it,
    ///         paused or not.
    function invariant_claimsAndRefundsAlwaysWorkInTheirWindow() public view {
        assertEq(handler.strandedAttempts(), 0);
    }

    function _ghostStatus(bytes32 paymentHash) private view returns (ILightningGateway.Status status) {
        (, status,,,,,,,) = handler.ghosts(paymentHash);
    }
}
