// LightningGateway: hash-locked mints and burns of synths against Lightning payments. It gets MINTER_ROLE on
// every synth (the deployer still administers them here; the handover gives that to the Timelock later), its
// allow list and keepers from the config, and GUARDIAN_ROLE for the guardian through its constructor.
import type { Future } from "@nomicfoundation/ignition-core";
import {
  type AnyContract,
  type Context,
  DEFAULT_ADMIN_ROLE,
  futureId,
  role,
  token,
} from "./context.ts";
import type { Synths } from "./synths.ts";

export function deployLightning(ctx: Context, synths: Synths, treasury: AnyContract): AnyContract {
  const { m, config, deployer } = ctx;
  const l = config.lightning;
  const settings = {
    btcAsset: token(ctx, l.btcAsset),
    maxQuoteAge: l.maxQuoteAge,
    minTimelock: l.timelock.min,
    maxTimelock: l.timelock.max,
    mintFee: l.mintFee,
    burnFee: l.burnFee,
    priceTolerance: l.priceTolerance,
  };
  // The constructor checks the BTC asset has a feed: deploy after every feed and synth is set up.
  const gateway = m.contract(
    "LightningGateway",
    [
      deployer,
      ctx.account(config.roles.guardian),
      synths.oracle,
      synths.factory,
      treasury,
      settings,
      l.limits.mint,
      l.limits.burn,
    ],
    { after: [...ctx.setup] },
  );

  const calls: Future[] = [];
  for (const [assetId, synth] of ctx.synths) {
    calls.push(
      m.call(synth, "grantRole", [role("MINTER_ROLE"), gateway], {
        id: futureId("Synth", assetId, "minter_gateway"),
      }),
    );
  }
  for (const ref of l.synths) {
    calls.push(
      m.call(gateway, "setSynthAllowed", [token(ctx, ref), true], {
        id: futureId("Gateway_allow", ref),
      }),
    );
  }
  for (const ref of l.keepers) {
    calls.push(
      m.call(gateway, "grantRole", [role("KEEPER_ROLE"), ctx.account(ref)], {
        id: futureId("Gateway_keeper", ref),
      }),
    );
  }
  ctx.setup.push(...calls);
  ctx.held.push({
    contract: gateway,
    label: "LightningGateway",
    role: DEFAULT_ADMIN_ROLE,
    giveTo: "timelock",
  });
  return gateway;
}
