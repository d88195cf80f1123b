// wagmi: every chain Fluxion is deployed on, any EIP-6963 wallet the browser announces (wagmi's
// multi-injected discovery), and the dev burner wallet where a local chain is deployed.
import { createConfig, createStorage, http, injected } from "wagmi";
import { appChains, rpcUrl } from "../lib/chains.ts";
import { deployedChainIds, isLocalChain } from "../lib/deployment.ts";
import { burner } from "./burner.ts";

const hasLocalChain = deployedChainIds.some(isLocalChain);

export const wagmiConfig = createConfig({
  chains: appChains,
  connectors: hasLocalChain ? [injected(), burner()] : [injected()],
  multiInjectedProviderDiscovery: true,
  storage: createStorage({ storage: typeof window === "undefined" ? undefined : localStorage }),
  transports: Object.fromEntries(appChains.map((chain) => [chain.id, http(rpcUrl(chain.id))])),
  // Local chains mine at once: poll receipts and blocks often.
  pollingInterval: 250,
});

declare module "wagmi" {
  interface Register {
    config: typeof wagmiConfig;
  }
}
