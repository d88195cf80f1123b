// FiatMinter: mints a synth once per confirmed fiat payment (the API's reactor holds its MINTER_ROLE). It gets
// MINTER_ROLE on each configured synth (the deployer still administers them here; the handover gives that to the
// Timelock later), that synth's limits, its minters from the config, and GUARDIAN_ROLE for the guardian through
// its constructor. Synths it has no limits for stay disallowed.
import type { Future } from "@nomicfoundation/ignition-core";
import { type AnyContract, type Context, DEFAULT_ADMIN_ROLE, futureId, role } from "./context.ts";

export function deployFiat(ctx: Context): AnyContract {
  const { m, config, deployer } = ctx;
  const f = config.fiat;
  // After every earlier setup call, so adding it moved no other contract's address.
  const minter = m.contract("FiatMinter", [deployer, ctx.account(config.roles.guardian)], {
    after: [...ctx.setup],
  });

  const calls: Future[] = [];
  for (const s of f.synths) {
    // Config guarantees a "synth:" reference: the deployer can grant roles only on synths it created.
    const assetId = s.synth.slice("synth:".length);
    const synth = ctx.synths.get(assetId);
    if (!synth) throw new Error(`deploy module: ${s.synth} is not deployed before it is used`);
    calls.push(
      m.call(synth, "grantRole", [role("MINTER_ROLE"), minter], {
        id: futureId("Synth", assetId, "minter_fiat"),
      }),
      m.call(minter, "setLimits", [synth, s.perPayment, s.perDay], {
        id: futureId("Fiat_limits", s.synth),
      }),
    );
  }
  for (const ref of f.minters) {
    calls.push(
      m.call(minter, "grantRole", [role("MINTER_ROLE"), ctx.account(ref)], {
        id: futureId("Fiat_minter", ref),
      }),
    );
  }
  ctx.setup.push(...calls);
  ctx.held.push({
    contract: minter,
    label: "FiatMinter",
    role: DEFAULT_ADMIN_ROLE,
    giveTo: "timelock",
  });
  return minter;
}
