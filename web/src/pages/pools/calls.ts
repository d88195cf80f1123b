// The manager calls each form sends, exactly as ILiquidityPoolManager defines them: swaps (direct or
// multi-hop, exact-in with `minAmountOut` or exact-out with `maxAmountIn`), proportional and
// single-sided joins and exits, every one with the recipient and a deadline in chain time.
import { liquidityPoolManagerAbi } from "@fluxion/deploy";
import type { Address, Hex } from "viem";
import type { ContractCall } from "../../tx/lifecycle.ts";
import type { Route, SwapMode } from "./routing.ts";

type Common = { manager: Address; recipient: Address; deadline: bigint; label: string };

export function swapCall(
  input: Common & {
    route: Route;
    mode: SwapMode;
    /** exact-in: the amount sold; exact-out: the amount bought. */
    amount: bigint;
    /** exact-in: minimum received; exact-out: maximum sold. */
    limit: bigint;
  },
): ContractCall {
  const { manager, recipient, deadline, label, route, mode, amount, limit } = input;
  const base = { label, address: manager, abi: liquidityPoolManagerAbi };
  if (route.steps.length === 0) throw new Error("empty route");
  if (route.steps.length === 1) {
    const step = route.steps[0]!;
    return {
      ...base,
      functionName: mode === "exactIn" ? "swapExactIn" : "swapExactOut",
      args: [step.poolId, route.tokenIn, step.tokenOut, amount, limit, recipient, deadline],
    };
  }
  return {
    ...base,
    functionName: mode === "exactIn" ? "swapExactInMultiHop" : "swapExactOutMultiHop",
    args: [
      route.tokenIn,
      route.steps.map((s) => ({ poolId: s.poolId, tokenOut: s.tokenOut })),
      amount,
      limit,
      recipient,
      deadline,
    ],
  };
}

export function addProportionalCall(
  input: Common & { poolId: Hex; maxAmountsIn: readonly bigint[]; lpOut: bigint },
): ContractCall {
  return {
    label: input.label,
    address: input.manager,
    abi: liquidityPoolManagerAbi,
    functionName: "addLiquidity",
    args: [input.poolId, [...input.maxAmountsIn], input.lpOut, input.recipient, input.deadline],
  };
}

export function addSingleCall(
  input: Common & { poolId: Hex; tokenIn: Address; amountIn: bigint; minLpOut: bigint },
): ContractCall {
  return {
    label: input.label,
    address: input.manager,
    abi: liquidityPoolManagerAbi,
    functionName: "addLiquiditySingle",
    args: [
      input.poolId,
      input.tokenIn,
      input.amountIn,
      input.minLpOut,
      input.recipient,
      input.deadline,
    ],
  };
}

export function removeProportionalCall(
  input: Common & { poolId: Hex; lpIn: bigint; minAmountsOut: readonly bigint[] },
): ContractCall {
  return {
    label: input.label,
    address: input.manager,
    abi: liquidityPoolManagerAbi,
    functionName: "removeLiquidity",
    args: [input.poolId, input.lpIn, [...input.minAmountsOut], input.recipient, input.deadline],
  };
}

export function removeSingleCall(
  input: Common & { poolId: Hex; lpIn: bigint; tokenOut: Address; minAmountOut: bigint },
): ContractCall {
  return {
    label: input.label,
    address: input.manager,
    abi: liquidityPoolManagerAbi,
    functionName: "removeLiquiditySingle",
    args: [
      input.poolId,
      input.lpIn,
      input.tokenOut,
      input.minAmountOut,
      input.recipient,
      input.deadline,
    ],
  };
}
