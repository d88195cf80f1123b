// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

// forge-std resolves through remappings.txt, which solhint does not read.
import {Test} from "forge-std/Test.sol";
import {Vm} from "forge-std/Vm.sol";
import {Client} from "@chainlink/contracts-ccip/contracts/libraries/Client.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {LocalCCIPRouter} from "../../../src/ccip/LocalCCIPRouter.sol";
import {ILocalCCIPRouter} from "../../../src/interfaces/ILocalCCIPRouter.sol";
import {MockCCIPReceiver} from "../../../src/mocks/MockCCIPReceiver.sol";
import {MockERC20} from "../../../src/mocks/MockERC20.sol";

/// @notice Two local routers on the one EVM standing for two chains (A and B), each with a lane to the other, a
///         relayer and LINK as a fee token, and a recording receiver on B. Every `ccipSend` is read back from the
///         logs (`_sent`), as the relay keeper reads `CCIPMessageSent`.
/// @dev Fees: 0.001 ETH base + 1 gwei per gas of the limit + 16 wei per data byte; LINK at 0.005 ETH.
abstract contract RouterFixture is Test {
    /// @notice Thrown by `_sent` when no message was sent since the last read.
    error NoMessageSent();

    uint64 internal constant CHAIN_A = 16_015_286_601_757_825_753;
    uint64 internal constant CHAIN_B = 3_478_487_238_524_512_106;
    uint96 internal constant BASE_FEE = 0.001 ether;
    uint96 internal constant GAS_PRICE = 1 gwei;
    uint32 internal constant FEE_PER_BYTE = 16;
    uint32 internal constant MAX_GAS_LIMIT = 3_000_000;
    uint32 internal constant MAX_DATA_BYTES = 10_000;
    uint256 internal constant LINK_PRICE = 0.005 ether;
    uint32 internal constant THRESHOLD = 8 hours;

    address internal operator = makeAddr("operator");
    address internal relayer = makeAddr("relayer");
    address internal sender = makeAddr("sender");
    address internal stranger = makeAddr("stranger");

    LocalCCIPRouter internal routerA;
    LocalCCIPRouter internal routerB;
    MockCCIPReceiver internal receiverB;
    MockERC20 internal link;

    function setUp() public virtual {
        vm.warp(1_700_000_000);
        routerA = new LocalCCIPRouter(CHAIN_A, operator);
        routerB = new LocalCCIPRouter(CHAIN_B, operator);
        link = new MockERC20("Chainlink", "LINK", 18);
        _wire(routerA, CHAIN_B);
        _wire(routerB, CHAIN_A);
        receiverB = new MockCCIPReceiver(address(routerB));
        vm.deal(sender, 100 ether);
        link.mint(sender, 1_000e18);
        vm.prank(sender);
        link.approve(address(routerA), type(uint256).max);
        vm.recordLogs();
    }

    function _wire(LocalCCIPRouter router, uint64 peer) internal {
        vm.startPrank(operator);
        router.setLane(peer, _lane());
        router.setSourceChain(peer, true);
        router.setFeeToken(address(link), LINK_PRICE);
        router.setPermissionlessExecutionThreshold(THRESHOLD);
        router.grantRole(router.RELAYER_ROLE(), relayer);
        vm.stopPrank();
    }

    function _lane() internal pure returns (ILocalCCIPRouter.Lane memory) {
        return ILocalCCIPRouter.Lane({
            enabled: true,
            baseFee: BASE_FEE,
            gasPrice: GAS_PRICE,
            feePerByte: FEE_PER_BYTE,
            maxGasLimit: MAX_GAS_LIMIT,
            maxDataBytes: MAX_DATA_BYTES
        });
    }

    // ------------------------------------------------------------ messages

    function _message(address receiver, bytes memory data, uint256 gasLimit, address feeToken)
        internal
        pure
        returns (Client.EVM2AnyMessage memory)
    {
        return Client.EVM2AnyMessage({
            receiver: abi.encode(receiver),
            data: data,
            tokenAmounts: new Client.EVMTokenAmount[](0),
            feeToken: feeToken,
            extraArgs: Client._argsToBytes(
                Client.GenericExtraArgsV2({gasLimit: gasLimit, allowOutOfOrderExecution: true})
            )
        });
    }

    function _nativeFee(uint256 gasLimit, uint256 dataLength) internal pure returns (uint256) {
        return BASE_FEE + gasLimit * GAS_PRICE + dataLength * FEE_PER_BYTE;
    }

    /// @dev `sender` sends `data` from A to B's receiver with `gasLimit`, paying the exact native fee.
    function _sendToB(bytes memory data, uint256 gasLimit) internal returns (ILocalCCIPRouter.LocalMessage memory) {
        Client.EVM2AnyMessage memory message = _message(address(receiverB), data, gasLimit, address(0));
        uint256 fee = routerA.getFee(CHAIN_B, message);
        vm.prank(sender);
        routerA.ccipSend{value: fee}(CHAIN_B, message);
        return _sent();
    }

    /// @dev The last message sent since the previous read (the relay's view of `CCIPMessageSent`).
    function _sent() internal returns (ILocalCCIPRouter.LocalMessage memory message) {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i = logs.length; i > 0; --i) {
            if (logs[i - 1].topics[0] == ILocalCCIPRouter.CCIPMessageSent.selector) {
                return abi.decode(logs[i - 1].data, (ILocalCCIPRouter.LocalMessage));
            }
        }
        revert NoMessageSent();
    }

    /// @dev The fields of the last `ExecutionStateChanged` since the previous read.
    struct Execution {
        bytes32 messageId;
        ILocalCCIPRouter.ExecutionState state;
        bytes returnData;
        bool manual;
        address executor;
        uint256 gasLimit;
        uint256 gasUsed;
    }

    function _lastExecution() internal returns (Execution memory e) {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i = logs.length; i > 0; --i) {
            if (logs[i - 1].topics[0] == ILocalCCIPRouter.ExecutionStateChanged.selector) {
                e.messageId = logs[i - 1].topics[3];
                (e.state, e.returnData, e.manual, e.executor, e.gasLimit, e.gasUsed) = abi.decode(
                    logs[i - 1].data, (ILocalCCIPRouter.ExecutionState, bytes, bool, address, uint256, uint256)
                );
                return e;
            }
        }
        revert NoMessageSent();
    }

    function _routerOf(uint64 selector) internal view returns (LocalCCIPRouter) {
        return selector == CHAIN_A ? routerA : routerB;
    }

    function _commit(ILocalCCIPRouter.LocalMessage memory message) internal {
        bytes32[] memory ids = new bytes32[](1);
        ids[0] = message.messageId;
        vm.prank(relayer);
        _routerOf(message.destChainSelector).commit(message.sourceChainSelector, ids);
    }

    function _execute(ILocalCCIPRouter.LocalMessage memory message) internal returns (ILocalCCIPRouter.ExecutionState) {
        vm.prank(relayer);
        return _routerOf(message.destChainSelector).execute(message);
    }

    /// @dev Commit and execute, as the relay does.
    function _relay(ILocalCCIPRouter.LocalMessage memory message) internal returns (ILocalCCIPRouter.ExecutionState) {
        _commit(message);
        return _execute(message);
    }

    function _unauthorized(address account, bytes32 role) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, account, role);
    }
}
