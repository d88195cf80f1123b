// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

// forge-std resolves through remappings.txt, which solhint does not read.
import {CommonBase} from "forge-std/Base.sol";
import {StdCheats} from "forge-std/StdCheats.sol";
import {StdUtils} from "forge-std/StdUtils.sol";
import {MockV3Aggregator} from "@chainlink/local/src/data-feeds/MockV3Aggregator.sol";
import {PriceOracle} from "../../../src/oracle/PriceOracle.sol";
import {SynthVault} from "../../../src/synths/SynthVault.sol";
import {SyntheticAsset} from "../../../src/synths/SyntheticAsset.sol";
import {MockERC20} from "../../../src/mocks/MockERC20.sol";

/// @notice Drives the vault with random deposits, mints, burns, withdrawals, liquidations, price moves
///         (within and beyond the breaker bound), syncs and pauses, across several users, collaterals and
///         synths, and records what the invariants need.
/// @dev The liquidator funds itself by minting against a stable collateral the handler never reprices, so
///      every synth in existence comes from a position and supply identities stay exact.
contract SynthVaultHandler is CommonBase, StdCheats, StdUtils {
    SynthVault public immutable vault;
    PriceOracle public immutable oracle;
    address public immutable liquidator;
    MockERC20 public immutable liquidatorCollateral;
    address public immutable admin;
    address public immutable guardian;

    address[] public actors;
    MockERC20[] public collaterals;
    SyntheticAsset[] public synths;
    MockV3Aggregator[] public feeds;
    address[] public feedAssets;
    int256[] public startPrices;

    /// @notice Successful mints or withdrawals that left a position below its issuance ratio.
    uint256 public issuanceViolations;
    /// @notice Mints that succeeded above `quoteMint`'s `maxMintable`.
    uint256 public quoteViolations;
    /// @notice Burns within the caller's debt and balance that failed.
    uint256 public burnFailures;
    /// @notice Deposits of enabled collateral that failed.
    uint256 public depositFailures;
    /// @notice Fees each synth paid the treasury, from the quotes of successful mints and burns.
    mapping(address synth => uint256) public feesPaid;
    /// @notice Calls that succeeded, per action, to show the run exercised every path.
    mapping(bytes32 action => uint256) public succeeded;
    /// @notice Calls the vault rejected, per action (expected: unhealthy, paused, tripped, over limits).
    mapping(bytes32 action => uint256) public reverted;

    constructor(
        SynthVault vault_,
        PriceOracle oracle_,
        address[] memory actors_,
        MockERC20[] memory collaterals_,
        SyntheticAsset[] memory synths_,
        MockV3Aggregator[] memory feeds_,
        address[] memory feedAssets_,
        address liquidator_,
        MockERC20 liquidatorCollateral_,
        address admin_,
        address guardian_
    ) {
        vault = vault_;
        oracle = oracle_;
        actors = actors_;
        collaterals = collaterals_;
        synths = synths_;
        feeds = feeds_;
        feedAssets = feedAssets_;
        for (uint256 i; i < feeds_.length; ++i) {
            (, int256 answer,,,) = feeds_[i].latestRoundData();
            startPrices.push(answer);
        }
        liquidator = liquidator_;
        liquidatorCollateral = liquidatorCollateral_;
        admin = admin_;
        guardian = guardian_;
    }

    // ------------------------------------------------------------ actions

    function deposit(uint256 actorSeed, uint256 collateralSeed, uint256 synthSeed, uint256 amount) external {
        (address actor, MockERC20 collateral, SyntheticAsset synth) = _pick(actorSeed, collateralSeed, synthSeed);
        // Up to ~$300k per call at starting prices, whatever the token's decimals.
        amount = bound(amount, 1, collateral.decimals() == 6 ? 300_000e6 : 100e18);
        collateral.mint(actor, amount);
        vm.startPrank(actor);
        collateral.approve(address(vault), amount);
        try vault.deposit(address(collateral), address(synth), amount) {
            ++succeeded["deposit"];
        } catch {
            // Deposits of enabled collateral work in every state, paused and tripped included.
            ++depositFailures;
        }
        vm.stopPrank();
    }

    function mint(uint256 actorSeed, uint256 collateralSeed, uint256 synthSeed, uint256 amount) external {
        (address actor, MockERC20 collateral, SyntheticAsset synth) = _pick(actorSeed, collateralSeed, synthSeed);
        // Like a front end refreshing before it quotes: the quote reads breakers as of the last sync.
        oracle.sync(address(collateral));
        oracle.sync(address(synth));
        (,,, uint256 max) = vault.quoteMint(actor, address(collateral), address(synth), 0);
        // Mostly close to the limit (so later price moves create liquidatable positions), sometimes beyond
        // it (which must fail).
        if (max == 0) amount = bound(amount, 1, 1e18);
        else if (amount % 8 == 0) amount = bound(amount, max + 1, max + max / 4 + 1);
        else amount = bound(amount, max / 2 + 1, max);
        (uint256 fee,,,) = vault.quoteMint(actor, address(collateral), address(synth), amount);
        vm.prank(actor);
        try vault.mint(address(collateral), address(synth), amount) {
            ++succeeded["mint"];
            feesPaid[address(synth)] += fee;
            _checkIssuance(actor, collateral, synth);
            // quoteMint's limit is exact: nothing above it may ever go through.
            if (amount > max) ++quoteViolations;
        } catch {
            ++reverted["mint"];
        }
    }

    function burn(uint256 actorSeed, uint256 collateralSeed, uint256 synthSeed, uint256 amount) external {
        (address actor, MockERC20 collateral, SyntheticAsset synth) = _pick(actorSeed, collateralSeed, synthSeed);
        (, uint256 debt) = vault.position(actor, address(collateral), address(synth));
        uint256 max = vault.burnAmountFor(address(synth), debt);
        uint256 balance = synth.balanceOf(actor);
        if (balance < max) max = balance;
        if (max == 0) return;
        amount = bound(amount, 1, max);
        (uint256 fee,) = vault.quoteBurn(address(synth), amount);
        vm.prank(actor);
        try vault.burn(address(collateral), address(synth), amount) {
            ++succeeded["burn"];
            feesPaid[address(synth)] += fee;
        } catch {
            // Repaying within one's debt and balance needs no price and works while paused: never fails.
            ++burnFailures;
        }
    }

    function withdraw(uint256 actorSeed, uint256 collateralSeed, uint256 synthSeed, uint256 amount) external {
        (address actor, MockERC20 collateral, SyntheticAsset synth) = _pick(actorSeed, collateralSeed, synthSeed);
        (uint256 available, uint256 debt) = vault.position(actor, address(collateral), address(synth));
        if (available == 0) return;
        amount = bound(amount, 1, available);
        vm.prank(actor);
        try vault.withdraw(address(collateral), address(synth), amount) {
            ++succeeded["withdraw"];
            if (debt != 0) _checkIssuance(actor, collateral, synth);
        } catch {
            ++reverted["withdraw"];
        }
    }

    function liquidate(uint256 ownerSeed, uint256 collateralSeed, uint256 synthSeed, uint256 repay) external {
        (address owner, MockERC20 collateral, SyntheticAsset synth) =
            _findLiquidatable(ownerSeed, collateralSeed, synthSeed);
        (, uint256 debt) = vault.position(owner, address(collateral), address(synth));
        if (debt == 0) return;
        // Partial repayments, full ones, and more than the debt (capped by the vault).
        repay = bound(repay, 1, debt + debt / 4);
        _fundLiquidator(synth, repay);
        vm.prank(liquidator);
        try vault.liquidate(owner, address(collateral), address(synth), repay) {
            ++succeeded["liquidate"];
        } catch {
            ++reverted["liquidate"];
        }
    }

    /// @notice Moves one feed: mostly within +-25%, one time in eight by 60-90% either way, which trips the
    ///         breaker (50% bound). Prices stay within 1/5x..5x of where they started.
    function movePrice(uint256 feedSeed, uint256 moveSeed, bool syncNow) external {
        uint256 i = feedSeed % feeds.length;
        MockV3Aggregator feed = feeds[i];
        (, int256 answer,,,) = feed.latestRoundData();
        int256 moveBps = moveSeed % 8 == 0
            ? int256(bound(moveSeed >> 8, 6000, 9000)) * (moveSeed % 16 == 0 ? int256(1) : int256(-1))
            : int256(bound(moveSeed >> 8, 0, 5000)) - 2500;
        int256 next = answer * (10_000 + moveBps) / 10_000;
        int256 start = startPrices[i];
        if (next < start / 5) next = start / 5;
        if (next > start * 5) next = start * 5;
        vm.warp(block.timestamp + 1);
        feed.updateAnswer(next);
        if (syncNow) oracle.sync(feedAssets[i]);
        ++succeeded["movePrice"];
    }

    function sync(uint256 feedSeed) external {
        oracle.sync(feedAssets[feedSeed % feedAssets.length]);
    }

    /// @notice Unpauses a paused vault; pauses a running one a quarter of the time.
    function togglePause(uint256 seed) external {
        if (vault.paused()) {
            vm.prank(admin);
            vault.unpause();
        } else if (seed % 4 == 0) {
            vm.prank(guardian);
            vault.pause();
        }
    }

    // ------------------------------------------------------------ views for the invariants

    function actorCount() external view returns (uint256) {
        return actors.length;
    }

    function collateralCount() external view returns (uint256) {
        return collaterals.length;
    }

    function synthCount() external view returns (uint256) {
        return synths.length;
    }

    // ------------------------------------------------------------ internals

    function _pick(uint256 actorSeed, uint256 collateralSeed, uint256 synthSeed)
        private
        view
        returns (address, MockERC20, SyntheticAsset)
    {
        return (
            actors[actorSeed % actors.length],
            collaterals[collateralSeed % collaterals.length],
            synths[synthSeed % synths.length]
        );
    }

    /// @dev The position must be at or above the issuance ratio right after the call that created it. The
    ///      vault priced it with `checkedPrice` in this same transaction, which `price` now repeats.
    function _checkIssuance(address actor, MockERC20 collateral, SyntheticAsset synth) private {
        (,,,, uint256 ratio,) = vault.positionOf(actor, address(collateral), address(synth));
        if (ratio < vault.collateralParams(address(collateral)).issuanceRatio) ++issuanceViolations;
    }

    /// @dev Starting from the seeded position, the first liquidatable one (or the seeded one if none is).
    function _findLiquidatable(uint256 ownerSeed, uint256 collateralSeed, uint256 synthSeed)
        private
        view
        returns (address, MockERC20, SyntheticAsset)
    {
        uint256 count = actors.length * collaterals.length * synths.length;
        uint256 start = ownerSeed % count;
        for (uint256 k; k < count; ++k) {
            uint256 index = (start + k) % count;
            address owner = actors[index % actors.length];
            MockERC20 collateral = collaterals[(index / actors.length) % collaterals.length];
            SyntheticAsset synth = synths[index / (actors.length * collaterals.length)];
            (,,,,, bool liquidatable) = vault.positionOf(owner, address(collateral), address(synth));
            if (liquidatable) return (owner, collateral, synth);
        }
        return _pick(ownerSeed, collateralSeed, synthSeed);
    }

    function _fundLiquidator(SyntheticAsset synth, uint256 amount) private {
        uint256 balance = synth.balanceOf(liquidator);
        if (balance >= amount) return;
        uint256 missing = amount - balance;
        (uint256 fee,,, uint256 max) =
            vault.quoteMint(liquidator, address(liquidatorCollateral), address(synth), missing);
        if (missing > max) return;
        vm.prank(liquidator);
        try vault.mint(address(liquidatorCollateral), address(synth), missing) {
            feesPaid[address(synth)] += fee;
        } catch {
            ++reverted["fundLiquidator"];
        }
    }
}
