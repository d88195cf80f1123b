import { liquidityPoolManagerAbi } from "@fluxion/deploy";
import { type Abi, type Address, decodeFunctionData, encodeFunctionData, type Hex } from "viem";
import { describe, expect, it } from "vitest";
import type { ContractCall } from "../../tx/lifecycle.ts";
import {
  addProportionalCall,
  addSingleCall,
  removeProportionalCall,
  removeSingleCall,
  swapCall,
} from "./calls.ts";
import type { Route } from "./routing.ts";

const manager = "0x00000000000000000000000000000000000000Ee" as Address;
const me = "0x0000000000000000000000000000000000000009" as Address;
const WETH = "0x0000000000000000000000000000000000000001" as Address;
const SUSD = "0x0000000000000000000000000000000000000002" as Address;
const USDC = "0x0000000000000000000000000000000000000003" as Address;
const P1 = `0x${"1".repeat(64)}` as Hex;
const P2 = `0x${"2".repeat(64)}` as Hex;
const common = { manager, recipient: me, deadline: 1_700_001_800n, label: "x" };

const direct: Route = {
  tokenIn: WETH,
  steps: [{ poolId: P1, tokenOut: SUSD }],
  path: [WETH, SUSD],
};
const twoHop: Route = {
  tokenIn: WETH,
  steps: [
    { poolId: P1, tokenOut: SUSD },
    { poolId: P2, tokenOut: USDC },
  ],
  path: [WETH, SUSD, USDC],
};

/** Encodes the call against the real ABI (proving the arguments fit it) and decodes it back. */
function roundTrip(call: ContractCall) {
  const data = encodeFunctionData({
    abi: call.abi as Abi,
    functionName: call.functionName,
    args: call.args,
  } as never);
  const decoded = decodeFunctionData({ abi: liquidityPoolManagerAbi, data });
  expect(call.address).toBe(manager);
  return decoded;
}

describe("swap calls", () => {
  it("exact-in on one pool is swapExactIn with minAmountOut", () => {
    const call = swapCall({ ...common, route: direct, mode: "exactIn", amount: 10n, limit: 9n });
    expect(roundTrip(call)).toEqual({
      functionName: "swapExactIn",
      args: [P1, WETH, SUSD, 10n, 9n, me, 1_700_001_800n],
    });
  });
  it("exact-out on one pool is swapExactOut with maxAmountIn", () => {
    const call = swapCall({ ...common, route: direct, mode: "exactOut", amount: 10n, limit: 12n });
    expect(roundTrip(call)).toEqual({
      functionName: "swapExactOut",
      args: [P1, WETH, SUSD, 10n, 12n, me, 1_700_001_800n],
    });
  });
  it("two hops use the multi-hop functions with the route's steps", () => {
    const exactIn = roundTrip(
      swapCall({ ...common, route: twoHop, mode: "exactIn", amount: 10n, limit: 9n }),
    );
    expect(exactIn.functionName).toBe("swapExactInMultiHop");
    expect(exactIn.args).toEqual([
      WETH,
      [
        { poolId: P1, tokenOut: SUSD },
        { poolId: P2, tokenOut: USDC },
      ],
      10n,
      9n,
      me,
      1_700_001_800n,
    ]);
    const exactOut = roundTrip(
      swapCall({ ...common, route: twoHop, mode: "exactOut", amount: 10n, limit: 11n }),
    );
    expect(exactOut.functionName).toBe("swapExactOutMultiHop");
    expect(exactOut.args?.[3]).toBe(11n);
  });
  it("refuses an empty route", () => {
    expect(() =>
      swapCall({
        ...common,
        route: { tokenIn: WETH, steps: [], path: [WETH] },
        mode: "exactIn",
        amount: 1n,
        limit: 1n,
      }),
    ).toThrow();
  });
});

describe("liquidity calls", () => {
  it("proportional join: max amounts per token and the exact LP out", () => {
    const call = addProportionalCall({ ...common, poolId: P1, maxAmountsIn: [5n, 7n], lpOut: 3n });
    expect(roundTrip(call)).toEqual({
      functionName: "addLiquidity",
      args: [P1, [5n, 7n], 3n, me, 1_700_001_800n],
    });
  });
  it("single-sided join: token, amount and min LP out", () => {
    const call = addSingleCall({
      ...common,
      poolId: P1,
      tokenIn: SUSD,
      amountIn: 5n,
      minLpOut: 4n,
    });
    expect(roundTrip(call)).toEqual({
      functionName: "addLiquiditySingle",
      args: [P1, SUSD, 5n, 4n, me, 1_700_001_800n],
    });
  });
  it("proportional exit: LP in and min amounts per token", () => {
    const call = removeProportionalCall({
      ...common,
      poolId: P1,
      lpIn: 3n,
      minAmountsOut: [1n, 2n],
    });
    expect(roundTrip(call)).toEqual({
      functionName: "removeLiquidity",
      args: [P1, 3n, [1n, 2n], me, 1_700_001_800n],
    });
  });
  it("single-sided exit: LP in, token out and min out", () => {
    const call = removeSingleCall({
      ...common,
      poolId: P1,
      lpIn: 3n,
      tokenOut: WETH,
      minAmountOut: 2n,
    });
    expect(roundTrip(call)).toEqual({
      functionName: "removeLiquiditySingle",
      args: [P1, 3n, WETH, 2n, me, 1_700_001_800n],
    });
  });
});
