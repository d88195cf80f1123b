// The slice of a viem public client that sign-in needs to verify contract-wallet signatures
// (ERC-1271 via isValidSignature, ERC-6492 for undeployed wallets). Decorated as
// `app.publicClient`; tests pass an in-process Hardhat network's client.
import { createPublicClient, type Hex, http } from "viem";

export type ChainReader = {
  getCode(args: { address: `0x${string}` }): Promise<Hex | undefined>;
  verifyMessage(args: {
    address: `0x${string}`;
    message: string;
    signature: Hex;
  }): Promise<boolean>;
};

declare module "fastify" {
  interface FastifyInstance {
    /** Chain access for ERC-1271 / ERC-6492 signature checks (BuildAppOptions.publicClient). */
    publicClient: ChainReader;
  }
}

/** The default: JSON-RPC over HTTP to API_RPC_URL, failing fast so sign-in answers 503 quickly. */
export function createChainReader(rpcUrl: string): ChainReader {
  return createPublicClient({ transport: http(rpcUrl, { timeout: 5_000, retryCount: 1 }) });
}
