import { useConnection } from "wagmi";
import { deployedChainIds } from "../lib/deployment.ts";

/** The chain the app works on: the wallet's when Fluxion is deployed there, else the first deployed. */
export function useAppChainId(): number {
  const { chainId } = useConnection();
  if (chainId !== undefined && deployedChainIds.includes(chainId)) return chainId;
  return deployedChainIds[0] ?? 31337;
}
