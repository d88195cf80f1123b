// The chains the app knows: one per deployment in @fluxion/deploy, each reached through this origin's
// `/rpc/<chainId>` proxy (see vite.config.ts), so the bundle carries no node URLs.
import { type Chain, defineChain } from "viem";
import { hardhat } from "viem/chains";
import { deployedChainIds } from "./deployment.ts";

export function rpcUrl(chainId: number): string {
  const origin = typeof location === "undefined" ? "http://127.0.0.1:5173" : location.origin;
  return `${origin}/rpc/${chainId}`;
}

function chainFor(chainId: number): Chain {
  if (chainId === hardhat.id) {
    return {
      ...hardhat,
      name: "Fluxion dev chain",
      rpcUrls: { default: { http: [rpcUrl(chainId)] } },
    };
  }
  return defineChain({
    id: chainId,
    name: `Chain ${chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl(chainId)] } },
  });
}

export const appChains = deployedChainIds.map(chainFor) as [Chain, ...Chain[]];

export function chainName(chainId: number | undefined): string {
  return appChains.find((c) => c.id === chainId)?.name ?? `chain ${chainId ?? "?"}`;
}
