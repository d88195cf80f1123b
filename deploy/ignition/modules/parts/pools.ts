// LiquidityPoolManager (hot-path contract + delegatecall extension) and the configured pools.
import {
  type AnyContract,
  type Context,
  DEFAULT_ADMIN_ROLE,
  futureId,
  role,
  token,
} from "./context.ts";

/** LiquidityPoolManager takes A x AMP_PRECISION. */
export const AMP_PRECISION = 1_000n;

/** LP token name and symbol of a configured pool; the deploy record finds pools by this name. */
export function lpTokenMetadata(poolName: string): { name: string; symbol: string } {
  return {
    name: `Fluxion LP ${poolName}`,
    symbol: `FLP-${poolName.split(" ")[0]!.replaceAll("/", "-")}`,
  };
}

export type Pools = {
  manager: AnyContract;
  created: Map<string, { create: ReturnType<Context["m"]["call"]> }>;
};

export function deployPools(ctx: Context, oracle: AnyContract, treasury: AnyContract): Pools {
  const { m, config, deployer } = ctx;
  const extension = m.contract("LiquidityPoolManagerExtension");
  const manager = m.contract("LiquidityPoolManager", [
    deployer,
    ctx.account(config.roles.guardian),
    oracle,
    treasury,
    config.pools.protocolFeeShare,
    extension,
  ]);
  const created: Pools["created"] = new Map();
  for (const pool of config.pools.list) {
    const tokens = pool.tokens.map((t) => token(ctx, t));
    const lp = lpTokenMetadata(pool.name);
    const args =
      pool.kind === "weighted"
        ? [tokens, pool.weights, pool.swapFee, lp.name, lp.symbol]
        : [tokens, BigInt(pool.amp) * AMP_PRECISION, pool.swapFee, lp.name, lp.symbol];
    const create = m.call(
      manager,
      pool.kind === "weighted" ? "createWeightedPool" : "createStablePool",
      args,
      {
        id: futureId("Pools_create", pool.name),
      },
    );
    created.set(pool.name, { create });
    ctx.setup.push(create);
  }
  ctx.held.push(
    {
      contract: manager,
      label: "LiquidityPoolManager",
      role: role("POOL_CREATOR_ROLE"),
      giveTo: "timelock",
    },
    {
      contract: manager,
      label: "LiquidityPoolManager",
      role: DEFAULT_ADMIN_ROLE,
      giveTo: "timelock",
    },
  );
  return { manager, created };
}
