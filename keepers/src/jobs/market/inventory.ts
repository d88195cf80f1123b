// The liquidator's inventory on local chains: liquidations repay debt with the keeper's own synths, so
// this job keeps every synth's balance worth at least half of KEEPER_INVENTORY_USD by minting more
// against faucet USDC at a 300% collateral ratio (USDC, not a volatile asset: a crash must not put the
// liquidator's own position at risk). On a real network the operator funds the keeper's address with
// synths instead, and this job stays off.
import { mockERC20Abi, priceOracleAbi, synthVaultAbi } from "@fluxion/deploy";
import { type Address, encodeFunctionData, erc20Abi } from "viem";
import { KeeperError } from "../../errors.ts";
import type { Protocol } from "../protocol.ts";
import type { Schedule } from "../schedule.ts";
import type { Job } from "../types.ts";
import { approveOnce, runPurposes, sendAndWait } from "./send.ts";

const WAD = 10n ** 18n;

export function inventoryJob(
  protocol: Protocol,
  settings: { schedule: Schedule; targetUsd: bigint; collateral: string },
): Job {
  const usdc = protocol.assets.find(
    (a) => a.symbol === settings.collateral && a.kind === "collateral",
  );
  if (!usdc) {
    throw new KeeperError(
      "config.invalid",
      `no collateral ${settings.collateral} on chain ${protocol.chainId}`,
    );
  }
  const synths = protocol.assets.filter((a) => a.kind === "synth");
  return {
    name: "inventory",
    schedule: settings.schedule,
    // Each keeper repays liquidations from its own balance: each keeps its own inventory.
    scope: "signer",
    async run(ctx) {
      const purpose = runPurposes("inventory");
      const me = ctx.signer.address;
      const minted: Record<string, string> = {};
      // What each synth needs, then one faucet mint of USDC for all of them (fewer blocks: a local node's
      // clock runs a second ahead per block).
      const needs: { synth: (typeof synths)[number]; amount: bigint; deposit: bigint }[] = [];
      for (const synth of synths) {
        const [balance, price] = await Promise.all([
          ctx.client.readContract({
            address: synth.address,
            abi: erc20Abi,
            functionName: "balanceOf",
            args: [me],
          }),
          ctx.client
            .readContract({
              address: protocol.oracle,
              abi: priceOracleAbi,
              functionName: "price",
              args: [synth.address],
            })
            .catch(() => undefined),
        ]);
        if (!price) continue;
        const valueUsd = (balance * price) / WAD;
        if (valueUsd * 2n >= settings.targetUsd) continue;
        const amount = ((settings.targetUsd - valueUsd) * WAD) / price;
        // USDC worth 3x the synths minted (USDC priced at one dollar).
        const deposit =
          (((settings.targetUsd - valueUsd) * 3n) / WAD) * 10n ** BigInt(usdc.decimals);
        if (deposit > 0n && amount > 0n) needs.push({ synth, amount, deposit });
      }
      if (needs.length === 0) return { minted };
      await sendAndWait(
        ctx,
        purpose("faucet"),
        usdc.address,
        encodeFunctionData({
          abi: mockERC20Abi,
          functionName: "mint",
          args: [me, needs.reduce((sum, n) => sum + n.deposit, 0n)],
        }),
      );
      await approveOnce(ctx, usdc.address, protocol.vault);
      for (const { synth, amount, deposit } of needs) {
        await sendAndWait(
          ctx,
          purpose(`mint:${synth.symbol}`),
          protocol.vault,
          encodeFunctionData({
            abi: synthVaultAbi,
            functionName: "depositAndMint",
            args: [usdc.address, synth.address as Address, deposit, amount],
          }),
        ).catch((error: unknown) => {
          // A debt ceiling or a tripped breaker: try again next run, the others still get theirs.
          if (error instanceof KeeperError && error.code === "keepers.tx_would_revert") {
            ctx.logger.warn({ synth: synth.symbol, err: error.message }, "inventory mint refused");
            return;
          }
          throw error;
        });
        minted[synth.symbol] = amount.toString();
      }
      return { minted };
    },
  };
}
