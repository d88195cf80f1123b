// PriceOracle, SyntheticAssetFactory, SynthVault, the collateral types and the synths.
import { stringToHex } from "viem";
import {
  type AnyContract,
  type Context,
  DEFAULT_ADMIN_ROLE,
  feedConfig,
  futureId,
  role,
  token,
} from "./context.ts";

export type Synths = { oracle: AnyContract; factory: AnyContract; vault: AnyContract };

export function deploySynths(ctx: Context, treasury: AnyContract): Synths {
  const { m, config, deployer } = ctx;
  const guardian = ctx.account(config.roles.guardian);
  const FEED_MANAGER_ROLE = role("FEED_MANAGER_ROLE");

  const oracle = m.contract("PriceOracle", [deployer]);
  const factory = m.contract("SyntheticAssetFactory", [deployer, oracle]);
  const vault = m.contract("SynthVault", [deployer, guardian, oracle, factory, treasury]);
  const setVault = m.call(factory, "setVault", [vault]);
  const factoryFeeds = m.call(oracle, "grantRole", [FEED_MANAGER_ROLE, factory], {
    id: "Oracle_feedManager_factory",
  });
  ctx.setup.push(setVault, factoryFeeds);

  for (const c of config.collateral) {
    const collateral = token(ctx, c.token);
    const id = futureId(c.token);
    const setFeed = m.call(oracle, "setFeed", [collateral, feedConfig(ctx, c.feed, c.breaker)], {
      id: futureId("Oracle_setFeed", id),
    });
    const params = {
      issuanceRatio: c.issuanceRatio,
      liquidationRatio: c.liquidationRatio,
      liquidationBonus: c.liquidationBonus,
      enabled: true,
    };
    ctx.setup.push(
      setFeed,
      m.call(vault, "setCollateral", [collateral, params], {
        id: futureId("Vault_setCollateral", id),
        after: [setFeed],
      }),
    );
  }

  for (const s of config.synths) {
    const create = m.call(
      factory,
      "createSynth",
      [
        stringToHex(s.assetId, { size: 32 }),
        s.name,
        s.symbol,
        feedConfig(ctx, s.feed, s.breaker),
        { debtCeiling: s.debtCeiling, mintFee: s.mintFee, burnFee: s.burnFee, active: true },
      ],
      { id: futureId("Factory_createSynth", s.assetId), after: [setVault, factoryFeeds] },
    );
    const address = m.readEventArgument(create, "SynthCreated", "synth", {
      id: futureId("SynthAddress", s.assetId),
    });
    const synth = m.contractAt("SyntheticAsset", address, { id: futureId("Synth", s.assetId) });
    ctx.synths.set(s.assetId, synth);
    ctx.setup.push(create);
    // createSynth makes its caller (the deployer, here) the synth's admin.
    ctx.held.push({
      contract: synth,
      label: `Synth ${s.assetId}`,
      role: DEFAULT_ADMIN_ROLE,
      giveTo: "timelock",
    });
  }

  ctx.held.push(
    { contract: oracle, label: "PriceOracle", role: FEED_MANAGER_ROLE, giveTo: "timelock" },
    { contract: oracle, label: "PriceOracle", role: DEFAULT_ADMIN_ROLE, giveTo: "timelock" },
    {
      contract: factory,
      label: "SyntheticAssetFactory",
      role: DEFAULT_ADMIN_ROLE,
      giveTo: "timelock",
    },
    { contract: vault, label: "SynthVault", role: DEFAULT_ADMIN_ROLE, giveTo: "timelock" },
  );
  return { oracle, factory, vault };
}
