// The chains the app knows: one per deployment in @fluxion/deploy, each reached through this origin's
// `/rpc/<chainId>` proxy (see vite.config.ts), so the bundle carries no node URLs. A chain's name is
// the one its CCIP peers know it by ("Fluxion Local A"), so two dev chains are told apart.
import { type Chain, defineChain } from "viem";
import { hardhat } from "viem/chains";
import { deployedChainIds, deploymentOf } from "./deployment.ts";

export function rpcUrl(chainId: number): string {
  const origin = typeof location === "undefined" ? "http://127.0.0.1:5173" : location.origin;
  return `${origin}/rpc/${chainId}`;
}

/** The name the other deployments' CCIP peers give `chainId`, if any. */
function peerName(chainId: number): string | undefined {
  for (const id of deployedChainIds) {
    const peer = deploymentOf(id)?.ccip?.peers.find((p) => p.chainId === chainId);
    if (peer?.name) return peer.name;
  }
  return undefined;
}

function chainFor(chainId: number): Chain {
  const name = peerName(chainId);
  if (chainId === hardhat.id) {
    return {
      ...hardhat,
      name: name ?? "Fluxion dev chain",
      rpcUrls: { default: { http: [rpcUrl(chainId)] } },
    };
  }
  return defineChain({
    id: chainId,
    name: name ?? `Chain ${chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl(chainId)] } },
  });
}

export const appChains = deployedChainIds.map(chainFor) as [Chain, ...Chain[]];

export function chainName(chainId: number | undefined): string {
  return appChains.find((c) => c.id === chainId)?.name ?? `chain ${chainId ?? "?"}`;
}
