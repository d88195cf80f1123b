// What the scheduled jobs know of one deployment: the contracts they call and every priced asset, taken
// from a deployment record (@fluxion/deploy's, or KEEPER_DEPLOYMENT_FILE), and the reads several jobs
// share: prices and breaker states at the oracle, chain time.
import {
  type DeploymentRecord,
  lightningGatewayAbi,
  priceOracleAbi,
  synthVaultAbi,
  treasuryAbi,
} from "@fluxion/deploy";
import { type Abi, type Address, getAddress, type PublicClient } from "viem";
import { KeeperError } from "../errors.ts";

export type Asset = {
  address: Address;
  symbol: string;
  decimals: number;
  kind: "synth" | "collateral";
};

export type Protocol = {
  chainId: number;
  vault: Address;
  oracle: Address;
  treasury: Address;
  gateway: Address | undefined;
  poolManager: Address | undefined;
  assets: Asset[];
  /** Lowercase address -> asset. */
  byAddress: Map<string, Asset>;
  record: DeploymentRecord;
};

/** The custom errors a liquidation, a sync or a distribution can revert with, for readable refusals. */
export const protocolErrors = [
  ...synthVaultAbi.filter((item) => item.type === "error"),
  ...priceOracleAbi.filter((item) => item.type === "error"),
  ...treasuryAbi.filter((item) => item.type === "error"),
  ...lightningGatewayAbi.filter((item) => item.type === "error"),
] as Abi;

export function protocolOf(record: DeploymentRecord): Protocol {
  const contract = (name: string) => {
    const address = record.contracts[name]?.address;
    if (!address) {
      throw new KeeperError(
        "config.invalid",
        `the deployment on chain ${record.chainId} has no ${name}`,
      );
    }
    return getAddress(address);
  };
  const assets: Asset[] = [
    ...Object.values(record.collateral).map((t) => ({
      address: getAddress(t.address),
      symbol: t.symbol,
      decimals: t.decimals,
      kind: "collateral" as const,
    })),
    ...Object.values(record.synths).map((t) => ({
      address: getAddress(t.address),
      symbol: t.symbol,
      decimals: t.decimals,
      kind: "synth" as const,
    })),
  ];
  return {
    chainId: record.chainId,
    vault: contract("SynthVault"),
    oracle: contract("PriceOracle"),
    treasury: contract("Treasury"),
    gateway: record.contracts.LightningGateway
      ? getAddress(record.contracts.LightningGateway.address)
      : undefined,
    poolManager: record.contracts.LiquidityPoolManager
      ? getAddress(record.contracts.LiquidityPoolManager.address)
      : undefined,
    assets,
    byAddress: new Map(assets.map((a) => [a.address.toLowerCase(), a])),
    record,
  };
}

export type PriceState = {
  /** USD per whole token, 18 decimals; undefined when the oracle refuses (stale, invalid, no feed). */
  price: bigint | undefined;
  tripped: boolean;
};

/** Each asset's oracle price and breaker state, read at one block (one batched request). */
export async function readPrices(
  client: PublicClient,
  protocol: Protocol,
  assets: Address[],
  blockNumber?: bigint,
): Promise<Map<string, PriceState>> {
  const at = blockNumber === undefined ? {} : { blockNumber };
  const results = await Promise.all(
    assets.map(async (asset) => {
      const [price, tripped] = await Promise.all([
        client
          .readContract({
            address: protocol.oracle,
            abi: priceOracleAbi,
            functionName: "price",
            args: [asset],
            ...at,
          })
          .catch(() => undefined),
        client.readContract({
          address: protocol.oracle,
          abi: priceOracleAbi,
          functionName: "isTripped",
          args: [asset],
          ...at,
        }),
      ]);
      return [asset.toLowerCase(), { price, tripped }] as const;
    }),
  );
  return new Map(results);
}

/** The asset whose oracle price prices the chain's native coin (gas), if any: WETH's on local chains. */
export function nativeAsset(protocol: Protocol, symbol: string): Asset | undefined {
  return protocol.assets.find((a) => a.symbol === symbol);
}

/** USD (18 decimals) that `gas` costs at `gasPrice` wei when the native coin is worth `nativePrice`. */
export function gasCostUsd(gas: bigint, gasPrice: bigint, nativePrice: bigint): bigint {
  return (gas * gasPrice * nativePrice) / 10n ** 18n;
}

/**
 * Gas for one oracle sync catching up on every round it may meet (PriceOracle.MAX_ROUNDS_PER_SYNC, 16):
 * rounds that arrive between a transaction's estimate and its inclusion are processed too, and a limit
 * sized for fewer would run out. Only gas used is paid.
 */
export const syncCatchUpGas = 250_000n;
