// Dev market, local chains only: a trader that makes a small swap in one of the seeded pools each run
// (a random pool, direction and size: 0.1% to 0.5% of what the pool holds of the token sold), so pools
// have volume and candles on their own. It pays with faucet tokens (minted on the mocks) or with synths
// from the keeper's inventory (inventory.ts).
import { liquidityPoolManagerAbi, mockERC20Abi } from "@fluxion/deploy";
import { type Address, encodeFunctionData, erc20Abi, type Hex } from "viem";
import { KeeperError } from "../../errors.ts";
import type { Protocol } from "../protocol.ts";
import type { Schedule } from "../schedule.ts";
import type { Job } from "../types.ts";
import { approveOnce, runPurposes, sendAndWait } from "./send.ts";

export function marketTraderJob(
  protocol: Protocol,
  settings: { schedule: Schedule; random?: () => number },
): Job {
  const random = settings.random ?? Math.random;
  const manager = protocol.poolManager;
  return {
    name: "market-trader",
    schedule: settings.schedule,
    async run(ctx) {
      const pools = Object.entries(protocol.record.pools);
      if (!manager || pools.length === 0) return { swapped: false, reason: "no pools" };
      const [name, pool] = pools[Math.floor(random() * pools.length)]!;
      const [tokens, balances] = await ctx.client.readContract({
        address: manager,
        abi: liquidityPoolManagerAbi,
        functionName: "getPoolState",
        args: [pool.poolId as Hex],
      });
      const i = Math.floor(random() * tokens.length);
      const j = (i + 1 + Math.floor(random() * (tokens.length - 1))) % tokens.length;
      const tokenIn = tokens[i]! as Address;
      const tokenOut = tokens[j]! as Address;
      const amountIn =
        (balances[i]! * BigInt(Math.round((0.001 + 0.004 * random()) * 1e6))) / 10n ** 6n;
      if (amountIn === 0n) return { swapped: false, reason: "empty pool" };
      const purpose = runPurposes("market-trader");
      const held = await ctx.client.readContract({
        address: tokenIn,
        abi: erc20Abi,
        functionName: "balanceOf",
        args: [ctx.signer.address],
      });
      if (held < amountIn) {
        const asset = protocol.byAddress.get(tokenIn.toLowerCase());
        if (asset?.kind !== "collateral") {
          return { swapped: false, reason: `not enough ${asset?.symbol ?? tokenIn} (inventory)` };
        }
        // Faucet collateral: the local mocks mint to anyone.
        await sendAndWait(
          ctx,
          purpose("faucet"),
          tokenIn,
          encodeFunctionData({
            abi: mockERC20Abi,
            functionName: "mint",
            args: [ctx.signer.address, amountIn * 10n],
          }),
        );
      }
      await approveOnce(ctx, tokenIn, manager);
      const quote = await ctx.client.readContract({
        address: manager,
        abi: liquidityPoolManagerAbi,
        functionName: "quoteSwap",
        args: [pool.poolId as Hex, tokenIn, tokenOut, amountIn],
      });
      const now = (await ctx.client.getBlock()).timestamp;
      const swapped = await sendAndWait(
        ctx,
        purpose("swap"),
        manager,
        encodeFunctionData({
          abi: liquidityPoolManagerAbi,
          functionName: "swapExactIn",
          args: [
            pool.poolId as Hex,
            tokenIn,
            tokenOut,
            amountIn,
            (quote * 99n) / 100n,
            ctx.signer.address,
            now + 300n,
          ],
        }),
      ).then(
        () => true,
        (error: unknown) => {
          // A tripped breaker stops trading in the pool: the simulation says so, nothing is sent.
          if (error instanceof KeeperError && error.code === "keepers.tx_would_revert") {
            return error.message;
          }
          throw error;
        },
      );
      if (swapped !== true) return { swapped: false, pool: name, reason: swapped };
      return {
        swapped: true,
        pool: name,
        tokenIn: protocol.byAddress.get(tokenIn.toLowerCase())?.symbol ?? tokenIn,
        tokenOut: protocol.byAddress.get(tokenOut.toLowerCase())?.symbol ?? tokenOut,
        amountIn: amountIn.toString(),
      };
    },
  };
}
