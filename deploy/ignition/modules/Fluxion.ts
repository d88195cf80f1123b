// The whole Fluxion protocol as one Ignition module, built from a per-network config file
// (deploy/networks/<network>.json). Local chains also get mock feeds and faucet collateral.
// Order: mocks -> governance + treasury -> oracle, factory, vault, synths -> pools -> supply
// chain -> Lightning gateway -> fiat minter -> CCIP router and gateway (when the config has a `ccip`
// section) -> reward tokens -> handover of every admin role to the Timelock (the CCIP gateway's follows
// in FluxionLanes.ts, once its peers are known).
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { Future } from "@nomicfoundation/ignition-core";
import type { NetworkConfig } from "../../src/config.ts";
import { deployCcip } from "./parts/ccip.ts";
import { createContext, futureId, token } from "./parts/context.ts";
import { deployFiat } from "./parts/fiat.ts";
import { deployGovernance } from "./parts/governance.ts";
import { handOver } from "./parts/handover.ts";
import { deployLightning } from "./parts/lightning.ts";
import { deployMocks } from "./parts/mocks.ts";
import { deployPools } from "./parts/pools.ts";
import { deploySupplyChain } from "./parts/supplyChain.ts";
import { deploySynths } from "./parts/synths.ts";

/** `chainId` picks this chain's CCIP selector (and its peers) from the config's `ccip.chains`. */
export function fluxionModule(config: NetworkConfig, chainId: number) {
  return buildModule("Fluxion", (m) => {
    const ctx = createContext(m, config);
    deployMocks(ctx);
    const governance = deployGovernance(ctx);
    const synths = deploySynths(ctx, governance.treasury);
    const pools = deployPools(ctx, synths.oracle, governance.treasury);
    const supplyChainTracker = deploySupplyChain(ctx);
    const lightningGateway = deployLightning(ctx, synths, governance.treasury);
    const fiatMinter = deployFiat(ctx);
    const ccip = config.ccip
      ? deployCcip(ctx, chainId, { factory: synths.factory, poolManager: pools.manager })
      : undefined;
    // Chained so FLX lists its reward tokens in config order.
    let previous: Future | undefined;
    for (const ref of config.treasury.rewardTokens) {
      previous = m.call(governance.token, "addRewardToken", [token(ctx, ref)], {
        id: futureId("FLX_addRewardToken", ref),
        after: previous ? [previous] : [],
      });
      ctx.setup.push(previous);
    }
    handOver(ctx, governance.timelock);

    return {
      fluxionGovernanceToken: governance.token,
      fluxionTimelock: governance.timelock,
      fluxionGovernor: governance.governor,
      treasury: governance.treasury,
      priceOracle: synths.oracle,
      syntheticAssetFactory: synths.factory,
      synthVault: synths.vault,
      liquidityPoolManager: pools.manager,
      supplyChainTracker,
      lightningGateway,
      fiatMinter,
      ...(ccip
        ? {
            crossChainGateway: ccip.gateway,
            ...(typeof ccip.router === "string" ? {} : { localCCIPRouter: ccip.router }),
            ...(typeof ccip.feeToken === "string" ? {} : { ccipFeeToken: ccip.feeToken }),
          }
        : {}),
      ...Object.fromEntries([...ctx.synths].map(([id, f]) => [`synth_${id}`, f])),
      ...Object.fromEntries([...ctx.mockTokens].map(([sym, f]) => [`token_${sym}`, f])),
      ...Object.fromEntries([...ctx.mockFeeds].map(([pair, f]) => [futureId("feed", pair), f])),
    };
  });
}
