// Cross-chain (Chainlink CCIP): the router (on local chains our LocalCCIPRouter, playing Chainlink's router,
// on-ramp, commit store and off-ramp, with a faucet LINK as fee token; elsewhere Chainlink's router by address)
// and Fluxion's CrossChainGateway, which gets MINTER_ROLE on every synth (it burns on send, mints on delivery).
// The router stays with the deployer (the CCIP operator, not Fluxion's governance). The gateway's lanes need the
// peer chains' gateways, so its admin role stays with the deployer until the lanes module (FluxionLanes.ts)
// sets them and hands it to the Timelock.
import type { Future } from "@nomicfoundation/ignition-core";
import type { CcipChain, CcipConfig } from "../../../src/config.ts";
import { type AnyContract, type Context, futureId, role } from "./context.ts";

export type Ccip = {
  router: AnyContract | string;
  gateway: AnyContract;
  feeToken: AnyContract | string;
};

/** This chain's entry in `ccip.chains`, and the others (its peers). */
export function ccipChains(
  ccip: CcipConfig,
  chainId: number,
): { self: CcipChain; peers: CcipChain[] } {
  const self = ccip.chains.find((c) => c.chainId === chainId);
  if (!self) throw new Error(`deploy module: chain ${chainId} is not listed in ccip.chains`);
  return { self, peers: ccip.chains.filter((c) => c.chainId !== chainId) };
}

export function deployCcip(
  ctx: Context,
  chainId: number,
  protocol: { factory: AnyContract; poolManager: AnyContract },
): Ccip {
  const { m, config, deployer } = ctx;
  const ccip = config.ccip!;
  const { self, peers } = ccipChains(ccip, chainId);
  const after = [...ctx.setup];
  const calls: Future[] = [];

  let router: AnyContract | string = ccip.router;
  let feeToken: AnyContract | string = ccip.feeToken;
  if (ccip.router === "local") {
    const local = ccip.local!;
    const symbol = ccip.feeToken.slice("mock:".length);
    const link = m.contract("MockERC20", ["Chainlink Token (mock)", symbol, 18], {
      id: futureId("Token", symbol),
      after,
    });
    const localRouter = m.contract("LocalCCIPRouter", [self.selector, deployer], { after });
    calls.push(
      m.call(localRouter, "setFeeToken", [link, local.feeTokenPrice], { id: "Router_feeToken" }),
      m.call(localRouter, "setPermissionlessExecutionThreshold", [local.permissionlessThreshold], {
        id: "Router_threshold",
      }),
    );
    for (const ref of local.relayers) {
      calls.push(
        m.call(localRouter, "grantRole", [role("RELAYER_ROLE"), ctx.account(ref)], {
          id: futureId("Router_relayer", ref),
        }),
      );
    }
    for (const peer of peers) {
      calls.push(
        m.call(localRouter, "setLane", [peer.selector, { enabled: true, ...local.lane }], {
          id: futureId("Router_lane", String(peer.chainId)),
        }),
        m.call(localRouter, "setSourceChain", [peer.selector, true], {
          id: futureId("Router_source", String(peer.chainId)),
        }),
      );
    }
    router = localRouter;
    feeToken = link;
  }

  const gateway = m.contract(
    "CrossChainGateway",
    [router, protocol.factory, protocol.poolManager, deployer, ctx.account(config.roles.guardian)],
    { after },
  );
  for (const [assetId, synth] of ctx.synths) {
    calls.push(
      m.call(synth, "grantRole", [role("MINTER_ROLE"), gateway], {
        id: futureId("Synth", assetId, "minter_ccip"),
      }),
    );
  }
  ctx.setup.push(...calls);
  return { router, gateway, feeToken };
}
