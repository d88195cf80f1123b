// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

// forge-std resolves through remappings.txt, which solhint does not read.
import {Test} from "forge-std/Test.sol";
import {MockV3Aggregator} from "@chainlink/local/src/data-feeds/MockV3Aggregator.sol";
import {AggregatorV3Interface} from "@chainlink/contracts/src/v0.8/shared/interfaces/AggregatorV3Interface.sol";
import {IPriceOracle} from "../../../src/interfaces/IPriceOracle.sol";
import {ISynthVault} from "../../../src/interfaces/ISynthVault.sol";
import {ISyntheticAssetFactory} from "../../../src/interfaces/ISyntheticAssetFactory.sol";
import {MockERC20} from "../../../src/mocks/MockERC20.sol";
import {PriceOracle} from "../../../src/oracle/PriceOracle.sol";
import {SynthVault} from "../../../src/synths/SynthVault.sol";
import {SyntheticAsset} from "../../../src/synths/SyntheticAsset.sol";
import {SyntheticAssetFactory} from "../../../src/synths/SyntheticAssetFactory.sol";

/// @notice The whole synth stack wired as deployment wires it, with two collaterals and one synth.
/// @dev Prices: WETH $3,000 (18 decimals), USDC $1 (6 decimals), sXAU $2,000. So 1 WETH backs exactly
///      1 sXAU at the 150% issuance ratio, and WETH at $2,400 puts that position exactly at 120%.
///      Feeds: 8 decimals, 1-day heartbeat, 50% deviation bound, 2 re-arm rounds. Fees start at zero.
// A fixture holds the whole deployment on purpose, so tests read it without plumbing.
// solhint-disable-next-line max-states-count
abstract contract SynthsFixture is Test {
    uint256 internal constant START = 1_700_000_000;
    uint32 internal constant HEARTBEAT = 1 days;
    uint64 internal constant MAX_DEVIATION = 0.5e18;
    uint8 internal constant REARM_ROUNDS = 2;
    uint128 internal constant DEBT_CEILING = 1_000_000e18;
    uint64 internal constant ISSUANCE_RATIO = 1.5e18;
    uint64 internal constant LIQUIDATION_RATIO = 1.2e18;
    uint64 internal constant LIQUIDATION_BONUS = 0.1e18;
    bytes32 internal constant XAU = "sXAU";

    address internal admin = makeAddr("admin");
    address internal guardian = makeAddr("guardian");
    address internal treasury = makeAddr("treasury");
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");
    address internal liquidator = makeAddr("liquidator");
    address internal stranger = makeAddr("stranger");

    PriceOracle internal oracle;
    SyntheticAssetFactory internal factory;
    SynthVault internal vault;

    MockERC20 internal weth;
    MockERC20 internal usdc;
    MockV3Aggregator internal wethFeed;
    MockV3Aggregator internal usdcFeed;
    MockV3Aggregator internal xauFeed;
    SyntheticAsset internal sXAU;

    function setUp() public virtual {
        vm.warp(START);
        oracle = new PriceOracle(admin);
        factory = new SyntheticAssetFactory(admin, oracle);
        vault = new SynthVault(admin, guardian, oracle, factory, treasury);

        vm.startPrank(admin);
        oracle.grantRole(oracle.FEED_MANAGER_ROLE(), address(factory));
        factory.setVault(address(vault));
        vm.stopPrank();

        weth = new MockERC20("Wrapped Ether", "WETH", 18);
        usdc = new MockERC20("USD Coin", "USDC", 6);
        wethFeed = _listCollateral(weth, 3000e8);
        usdcFeed = _listCollateral(usdc, 1e8);
        (sXAU, xauFeed) = _createSynth(XAU, "Synthetic Gold", "sXAU", 2000e8);
    }

    // ------------------------------------------------------------ deployment helpers

    function _feedConfig(MockV3Aggregator aggregator) internal pure returns (IPriceOracle.FeedConfig memory) {
        return IPriceOracle.FeedConfig({
            aggregator: AggregatorV3Interface(address(aggregator)),
            heartbeat: HEARTBEAT,
            maxDeviation: MAX_DEVIATION,
            rearmRounds: REARM_ROUNDS
        });
    }

    function _defaultParams() internal pure returns (ISyntheticAssetFactory.SynthParams memory) {
        return ISyntheticAssetFactory.SynthParams({debtCeiling: DEBT_CEILING, mintFee: 0, burnFee: 0, active: true});
    }

    function _defaultCollateral() internal pure returns (ISynthVault.CollateralParams memory) {
        return ISynthVault.CollateralParams({
            issuanceRatio: ISSUANCE_RATIO,
            liquidationRatio: LIQUIDATION_RATIO,
            liquidationBonus: LIQUIDATION_BONUS,
            enabled: true
        });
    }

    function _listCollateral(MockERC20 token, int256 price) internal returns (MockV3Aggregator aggregator) {
        aggregator = new MockV3Aggregator(8, price);
        vm.startPrank(admin);
        oracle.setFeed(address(token), _feedConfig(aggregator));
        vault.setCollateral(address(token), _defaultCollateral());
        vm.stopPrank();
    }

    function _createSynth(bytes32 assetId, string memory name, string memory symbol, int256 price)
        internal
        returns (SyntheticAsset synth, MockV3Aggregator aggregator)
    {
        aggregator = new MockV3Aggregator(8, price);
        vm.prank(admin);
        synth = SyntheticAsset(factory.createSynth(assetId, name, symbol, _feedConfig(aggregator), _defaultParams()));
    }

    function _setFees(SyntheticAsset synth, uint64 mintFee, uint64 burnFee) internal {
        ISyntheticAssetFactory.SynthParams memory params = factory.synthConfig(address(synth));
        params.mintFee = mintFee;
        params.burnFee = burnFee;
        vm.prank(admin);
        factory.setSynthParams(address(synth), params);
    }

    function _setCeiling(SyntheticAsset synth, uint128 ceiling) internal {
        ISyntheticAssetFactory.SynthParams memory params = factory.synthConfig(address(synth));
        params.debtCeiling = ceiling;
        vm.prank(admin);
        factory.setSynthParams(address(synth), params);
    }

    function _disable(MockERC20 token) internal {
        ISynthVault.CollateralParams memory params = vault.collateralParams(address(token));
        params.enabled = false;
        vm.prank(admin);
        vault.setCollateral(address(token), params);
    }

    function _deactivate(SyntheticAsset synth) internal {
        ISyntheticAssetFactory.SynthParams memory params = factory.synthConfig(address(synth));
        params.active = false;
        vm.prank(admin);
        factory.setSynthParams(address(synth), params);
    }

    // ------------------------------------------------------------ user helpers

    function _fund(address user, MockERC20 token, uint256 amount) internal {
        token.mint(user, amount);
        vm.prank(user);
        token.approve(address(vault), type(uint256).max);
    }

    function _deposit(address user, MockERC20 token, SyntheticAsset synth, uint256 amount) internal {
        _fund(user, token, amount);
        vm.prank(user);
        vault.deposit(address(token), address(synth), amount);
    }

    function _open(address user, MockERC20 token, SyntheticAsset synth, uint256 collateral, uint256 minted)
        internal
    {
        _fund(user, token, collateral);
        vm.prank(user);
        vault.depositAndMint(address(token), address(synth), collateral, minted);
    }

    /// @dev Hands `to` synths outside any position (the vault is a minter), e.g. for liquidators.
    function _giveSynth(address to, SyntheticAsset synth, uint256 amount) internal {
        vm.prank(address(vault));
        synth.mint(to, amount);
    }

    /// @dev Publishes a new round one second later; the next checked price syncs it.
    function _setPrice(MockV3Aggregator aggregator, int256 answer) internal {
        vm.warp(block.timestamp + 1);
        aggregator.updateAnswer(answer);
    }

    /// @dev Trips `aggregator`'s breaker for `asset` (a 75% jump) and records it with a sync.
    function _trip(MockV3Aggregator aggregator, address asset) internal {
        (, int256 answer,,,) = aggregator.latestRoundData();
        _setPrice(aggregator, answer * 7 / 4);
        assertTrue(oracle.sync(asset), "tripped");
    }

    function _debt(address user, MockERC20 token, SyntheticAsset synth) internal view returns (uint256 debt) {
        (, debt) = vault.position(user, address(token), address(synth));
    }

    function _collateral(address user, MockERC20 token, SyntheticAsset synth) internal view returns (uint256 amount) {
        (amount,) = vault.position(user, address(token), address(synth));
    }

    function _ratio(address user, MockERC20 token, SyntheticAsset synth) internal view returns (uint256 ratio) {
        (,,,, ratio,) = vault.positionOf(user, address(token), address(synth));
    }
}
