// The second step of a cross-chain deployment, once every chain's Fluxion is deployed: the gateway's lane to
// each peer chain (the peer's gateway as the only sender accepted and the receiver sent to, gas limits) and
// the per-synth rate limits, then the gateway's admin role to the Timelock (the deployer renounces it). A
// chain deployed alone runs it with no peers: the handover still happens, and governance adds lanes later.
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { Future } from "@nomicfoundation/ignition-core";
import type { Address } from "viem";
import type { NetworkConfig } from "../../src/config.ts";
import { ccipChains } from "./parts/ccip.ts";
import { DEFAULT_ADMIN_ROLE, futureId } from "./parts/context.ts";

export type LanePeer = { chainId: number; gateway: Address };

export function lanesModule(
  config: NetworkConfig,
  chainId: number,
  contracts: { gateway: Address; timelock: Address; synths: Record<string, Address> },
  peers: LanePeer[],
) {
  return buildModule("FluxionLanes", (m) => {
    const ccip = config.ccip!;
    const { peers: known } = ccipChains(ccip, chainId);
    const deployer = m.getAccount(0);
    const gateway = m.contractAt("CrossChainGateway", contracts.gateway);
    const calls: Future[] = [];
    for (const peer of peers) {
      const chain = known.find((c) => c.chainId === peer.chainId);
      if (!chain)
        throw new Error(`deploy lanes: chain ${peer.chainId} is not a peer in ccip.chains`);
      const lane = {
        enabled: true,
        peer: peer.gateway,
        transferGasLimit: ccip.gateway.transferGasLimit,
        liquidityGasLimit: ccip.gateway.liquidityGasLimit,
        liquidityAllowed: ccip.gateway.liquidityAllowed,
      };
      const setLane = m.call(gateway, "setLane", [chain.selector, lane], {
        id: futureId("Gateway_lane", String(peer.chainId)),
      });
      calls.push(setLane);
      for (const limit of ccip.gateway.rateLimits) {
        const assetId = limit.synth.slice("synth:".length);
        const synth = contracts.synths[assetId];
        if (!synth) throw new Error(`deploy lanes: ${limit.synth} is not deployed`);
        calls.push(
          m.call(gateway, "setRateLimits", [chain.selector, synth, limit.outbound, limit.inbound], {
            id: futureId("Gateway_limits", String(peer.chainId), assetId),
            after: [setLane],
          }),
        );
      }
    }
    const grant = m.call(gateway, "grantRole", [DEFAULT_ADMIN_ROLE, contracts.timelock], {
      id: "Gateway_handover_grant",
      after: calls,
    });
    m.call(gateway, "renounceRole", [DEFAULT_ADMIN_ROLE, deployer], {
      id: "Gateway_handover_renounce",
      after: [grant],
    });
    return { gateway };
  });
}
