// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

// forge-std resolves through remappings.txt, which solhint does not read.
import {StdInvariant} from "forge-std/StdInvariant.sol";
import {MockV3Aggregator} from "@chainlink/local/src/data-feeds/MockV3Aggregator.sol";
import {MockERC20} from "../../../src/mocks/MockERC20.sol";
import {SyntheticAsset} from "../../../src/synths/SyntheticAsset.sol";
import {SynthsFixture} from "../../synths/utils/SynthsFixture.sol";
import {SynthVaultHandler} from "./SynthVaultHandler.t.sol";

/// @notice System-wide invariants of the synth vault under random use.
/// @dev What holds, given fees and bad debt, with the vault as the only minter:
///      - every mint adds `amount + fee` to both supply and debt; every burn removes `amount - fee` from both
///        (the fee moves to the treasury); a liquidation removes `repaid` from both; a write-off moves debt
///        from `totalDebt` to `badDebt` without touching supply. Hence supply == totalDebt + badDebt.
///      - the treasury's synth balance is exactly the mint and burn fees charged (it never spends).
///      - the vault holds exactly the collateral credited to positions.
contract SynthVaultInvariantsTest is StdInvariant, SynthsFixture {
    SynthVaultHandler internal handler;
    SyntheticAsset internal sTSLA;
    MockV3Aggregator internal tslaFeed;
    MockERC20 internal dai;
    address internal carol = makeAddr("carol");

    address[] internal owners;
    MockERC20[] internal tokens;
    SyntheticAsset[] internal synthList;

    function setUp() public override {
        super.setUp();
        (sTSLA, tslaFeed) = _createSynth("sTSLA", "Synthetic Tesla", "sTSLA", 250e8);
        _setFees(sXAU, 0.005e18, 0.003e18);
        _setFees(sTSLA, 0.01e18, 0.01e18);
        dai = new MockERC20("Dai", "DAI", 18);
        _listCollateral(dai, 1e8);
        _deposit(liquidator, dai, sXAU, 1e30);
        _deposit(liquidator, dai, sTSLA, 1e30);

        owners = [alice, bob, carol];
        tokens = [weth, usdc];
        synthList = [sXAU, sTSLA];
        MockV3Aggregator[] memory feeds = new MockV3Aggregator[](4);
        address[] memory feedAssets = new address[](4);
        (feeds[0], feeds[1], feeds[2], feeds[3]) = (wethFeed, usdcFeed, xauFeed, tslaFeed);
        (feedAssets[0], feedAssets[1], feedAssets[2], feedAssets[3]) =
            (address(weth), address(usdc), address(sXAU), address(sTSLA));

        handler = new SynthVaultHandler(
            vault, oracle, owners, tokens, synthList, feeds, feedAssets, liquidator, dai, admin, guardian
        );
        targetContract(address(handler));
        bytes4[] memory selectors = new bytes4[](9);
        selectors[0] = SynthVaultHandler.deposit.selector;
        selectors[1] = SynthVaultHandler.mint.selector;
        selectors[2] = SynthVaultHandler.burn.selector;
        selectors[3] = SynthVaultHandler.withdraw.selector;
        selectors[4] = SynthVaultHandler.liquidate.selector;
        selectors[5] = SynthVaultHandler.movePrice.selector;
        selectors[6] = SynthVaultHandler.sync.selector;
        selectors[7] = SynthVaultHandler.mint.selector; // weighted: minting drives everything else
        selectors[8] = SynthVaultHandler.togglePause.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    /// @notice Sum of every position's debt equals the synth's `totalDebt`.
    function invariant_positionDebtsSumToTotalDebt() public view {
        for (uint256 s; s < synthList.length; ++s) {
            address synth = address(synthList[s]);
            uint256 sum = _debtOf(liquidator, address(dai), synth);
            for (uint256 o; o < owners.length; ++o) {
                for (uint256 t; t < tokens.length; ++t) {
                    sum += _debtOf(owners[o], address(tokens[t]), synth);
                }
            }
            assertEq(sum, vault.totalDebt(synth));
        }
    }

    /// @notice Synth supply equals outstanding debt plus the debt written off (fees are part of both).
    function invariant_supplyEqualsTotalDebtPlusBadDebt() public view {
        for (uint256 s; s < synthList.length; ++s) {
            address synth = address(synthList[s]);
            assertEq(synthList[s].totalSupply(), vault.totalDebt(synth) + vault.badDebt(synth));
        }
    }

    /// @notice Debt never exceeds the ceiling (it only grows through `mint`, which enforces it).
    function invariant_totalDebtWithinCeiling() public view {
        for (uint256 s; s < synthList.length; ++s) {
            assertLe(vault.totalDebt(address(synthList[s])), DEBT_CEILING);
        }
    }

    /// @notice The treasury holds exactly the fees charged.
    function invariant_treasuryHoldsExactlyTheFees() public view {
        for (uint256 s; s < synthList.length; ++s) {
            address synth = address(synthList[s]);
            assertEq(synthList[s].balanceOf(treasury), handler.feesPaid(synth));
        }
    }

    /// @notice The vault's balance of each collateral token equals the collateral credited to positions.
    function invariant_vaultHoldsExactlyPositionCollateral() public view {
        for (uint256 t; t < tokens.length; ++t) {
            uint256 sum;
            for (uint256 o; o < owners.length; ++o) {
                for (uint256 s; s < synthList.length; ++s) {
                    (uint256 amount,) = vault.position(owners[o], address(tokens[t]), address(synthList[s]));
                    sum += amount;
                }
            }
            assertEq(tokens[t].balanceOf(address(vault)), sum);
        }
        assertEq(dai.balanceOf(address(vault)), 2e30);
    }

    /// @notice No position owes debt without collateral: liquidation writes such debt off.
    function invariant_noDebtWithoutCollateral() public view {
        for (uint256 o; o < owners.length; ++o) {
            for (uint256 t; t < tokens.length; ++t) {
                for (uint256 s; s < synthList.length; ++s) {
                    (uint256 amount, uint256 debt) =
                        vault.position(owners[o], address(tokens[t]), address(synthList[s]));
                    assertTrue(debt == 0 || amount != 0);
                }
            }
        }
    }

    /// @notice A position is flagged liquidatable exactly when it has debt and its ratio is below the
    ///         liquidation ratio; so every position not liquidatable is at or above it.
    function invariant_notLiquidatableMeansAboveLiquidationRatio() public view {
        for (uint256 o; o < owners.length; ++o) {
            for (uint256 t; t < tokens.length; ++t) {
                uint256 threshold = vault.collateralParams(address(tokens[t])).liquidationRatio;
                for (uint256 s; s < synthList.length; ++s) {
                    (,, uint256 value, uint256 debtValue, uint256 ratio, bool liquidatable) =
                        vault.positionOf(owners[o], address(tokens[t]), address(synthList[s]));
                    if (!liquidatable) assertGe(ratio, threshold);
                    else assertLt(value * 1e18, threshold * debtValue);
                }
            }
        }
    }

    /// @notice Every successful mint or withdrawal with debt left its position at or above issuance.
    function invariant_mintsAndWithdrawalsRespectIssuanceRatio() public view {
        assertEq(handler.issuanceViolations(), 0);
    }

    /// @notice Quotes bound execution: no mint above `maxMintable` ever succeeded.
    function invariant_noMintAboveQuotedMax() public view {
        assertEq(handler.quoteViolations(), 0);
    }

    /// @notice Repayment and deposits never fail (no price needed; they work while paused or tripped).
    function invariant_burnsAndDepositsNeverFail() public view {
        assertEq(handler.burnFailures(), 0);
        assertEq(handler.depositFailures(), 0);
    }

    /// @notice The liquidator's own, stable-collateral position never becomes liquidatable.
    function invariant_liquidatorPositionHealthy() public view {
        for (uint256 s; s < synthList.length; ++s) {
            (,,,,, bool liquidatable) = vault.positionOf(liquidator, address(dai), address(synthList[s]));
            assertFalse(liquidatable);
        }
    }

    /// @dev Sanity for the harness itself: the interesting paths actually run.
    function afterInvariant() public view {
        // Liquidations need several calls to line up; only the frequent paths are required per run.
        assertGt(handler.succeeded("movePrice") + handler.succeeded("deposit"), 0);
    }

    function _debtOf(address owner, address collateral, address synth) private view returns (uint256 debt) {
        (, debt) = vault.position(owner, collateral, synth);
    }

}
