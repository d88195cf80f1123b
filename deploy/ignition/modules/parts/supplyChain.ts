// SupplyChainTracker with its attestors (who sign checkpoints) and inspectors (who clear flags).
import { type AnyContract, type Context, DEFAULT_ADMIN_ROLE, futureId, role } from "./context.ts";

export function deploySupplyChain(ctx: Context): AnyContract {
  const { m, config, deployer } = ctx;
  const tracker = m.contract("SupplyChainTracker", [deployer, ctx.account(config.roles.guardian)]);
  for (const [kind, refs] of [
    ["ATTESTOR_ROLE", config.roles.attestors],
    ["INSPECTOR_ROLE", config.roles.inspectors],
  ] as const) {
    for (const ref of refs) {
      ctx.setup.push(
        m.call(tracker, "grantRole", [role(kind), ctx.account(ref)], {
          id: futureId("SupplyChain", kind, ref),
        }),
      );
    }
  }
  ctx.held.push({
    contract: tracker,
    label: "SupplyChainTracker",
    role: DEFAULT_ADMIN_ROLE,
    giveTo: "timelock",
  });
  return tracker;
}
