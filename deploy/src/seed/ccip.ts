// Cross-chain fees: every demo account gets 1,000 of the local CCIP fee token (the faucet LINK) to pay
// transfers in LINK instead of ether, on every chain that has a local router.
import { parseUnits } from "viem";
import { mockERC20Abi } from "../../generated/fluxion.ts";
import { actorNames, type SeedContext } from "./actors.ts";

export async function seedCcip(ctx: SeedContext): Promise<void> {
  const ccip = ctx.record.ccip;
  if (!ccip?.local) return;
  for (const name of actorNames) {
    await ctx.send(
      `LINK for ${name}`,
      ctx.wallets.deployer.writeContract({
        address: ccip.feeToken.address,
        abi: mockERC20Abi,
        functionName: "mint",
        args: [ctx.address(name), parseUnits("1000", ccip.feeToken.decimals)],
      }),
    );
  }
}
