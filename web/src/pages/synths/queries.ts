// The Synths page's chain reads, straight from the contracts (never the indexer: what the page checks
// before signing must be what the vault will check): the synths and enabled collateral, the vault's
// parameters for one pair, both assets' oracle state, and the connected account's position and balances.
import {
  mockPriceFeedAbi,
  priceOracleAbi,
  syntheticAssetFactoryAbi,
  synthVaultAbi,
} from "@fluxion/deploy";
import { useQuery } from "@tanstack/react-query";
import { type Address, erc20Abi } from "viem";
import { useConfig } from "wagmi";
import { getBlock, readContract } from "wagmi/actions";
import { gql } from "../../indexer/client.ts";
import { contractAddress, type TokenInfo, tokensOf } from "../../lib/deployment.ts";
import { type DecodedError, decodeError } from "../../tx/decodeError.ts";
import type { wagmiConfig } from "../../wallet/config.ts";
import type { AssetOracle } from "./oracle.ts";

/** Oracle prices and positions move between blocks nobody here sends: poll. */
export const liveInterval = 4_000;

type Config = typeof wagmiConfig;
type Settled<T> = { ok: true; value: T } | { ok: false; error: DecodedError };

async function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    return { ok: false, error: decodeError(error) };
  }
}

export type CollateralParams = {
  issuanceRatio: bigint;
  liquidationRatio: bigint;
  liquidationBonus: bigint;
  enabled: boolean;
};

export type SynthParams = {
  debtCeiling: bigint;
  mintFee: bigint;
  burnFee: bigint;
  active: boolean;
};

export type Catalog = {
  synths: (TokenInfo & { params: SynthParams })[];
  /** Collateral tokens the vault has enabled. */
  collaterals: (TokenInfo & { params: CollateralParams })[];
};

/** Every synth (with its fees and whether minting is on) and every collateral the vault accepts. */
export function useCatalog(chainId: number) {
  const config = useConfig();
  return useQuery({
    queryKey: ["synths", "catalog", chainId],
    staleTime: 30_000,
    queryFn: async (): Promise<Catalog> => {
      const tokens = tokensOf(chainId);
      const vault = contractAddress(chainId, "SynthVault");
      const factory = contractAddress(chainId, "SyntheticAssetFactory");
      const synthTokens = tokens.filter((t) => t.kind === "synth");
      const collateralTokens = tokens.filter((t) => t.kind === "collateral");
      const [synths, collaterals] = await Promise.all([
        Promise.all(
          synthTokens.map(async (t) => ({
            ...t,
            params: await readContract(config, {
              chainId,
              address: factory,
              abi: syntheticAssetFactoryAbi,
              functionName: "synthConfig",
              args: [t.address],
            }),
          })),
        ),
        Promise.all(
          collateralTokens.map(async (t) => ({
            ...t,
            params: await readContract(config, {
              chainId,
              address: vault,
              abi: synthVaultAbi,
              functionName: "collateralParams",
              args: [t.address],
            }),
          })),
        ),
      ]);
      return { synths, collaterals: collaterals.filter((c) => c.params.enabled) };
    },
  });
}

async function readAssetOracle(
  config: Config,
  chainId: number,
  asset: Address,
  symbol: string,
): Promise<AssetOracle> {
  const oracle = contractAddress(chainId, "PriceOracle");
  const read = <F extends "price" | "feedOf" | "breakerOf">(functionName: F) =>
    readContract(config, {
      chainId,
      address: oracle,
      abi: priceOracleAbi,
      functionName,
      args: [asset],
    } as never) as Promise<
      F extends "price"
        ? bigint
        : F extends "feedOf"
          ? {
              aggregator: Address;
              heartbeat: number;
              maxDeviation: bigint;
              rearmRounds: number;
            }
          : { tripped: boolean; inBoundStreak: number; lastRoundId: bigint; referencePrice: bigint }
    >;
  const [price, feed, breaker] = await Promise.all([
    settle(read("price")),
    settle(read("feedOf")),
    settle(read("breakerOf")),
  ]);
  const result: AssetOracle = { symbol };
  if (price.ok) result.price = price.value;
  else result.priceError = price.error;
  if (!feed.ok) result.error = feed.error;
  else if (feed.value.aggregator !== "0x0000000000000000000000000000000000000000") {
    result.feed = feed.value;
  }
  if (breaker.ok) result.breaker = breaker.value;
  else result.error ??= breaker.error;
  if (result.feed) {
    const aggregator = result.feed.aggregator;
    const [round, decimals] = await Promise.all([
      settle(
        readContract(config, {
          chainId,
          address: aggregator,
          abi: mockPriceFeedAbi,
          functionName: "latestRoundData",
        }),
      ),
      settle(
        readContract(config, {
          chainId,
          address: aggregator,
          abi: mockPriceFeedAbi,
          functionName: "decimals",
        }),
      ),
    ]);
    if (round.ok) {
      const [roundId, answer, , updatedAt] = round.value;
      result.round = { roundId, answer, updatedAt };
    } else result.error ??= round.error;
    if (decimals.ok) result.feedDecimals = decimals.value;
  }
  return result;
}

export type Market = {
  paused: boolean;
  params: CollateralParams;
  collateralDecimals: number;
  synthParams: SynthParams;
  totalDebt: bigint;
  /** The latest block's timestamp (unix seconds), and the local clock when it was read. */
  blockTime: number;
  readAt: number;
  collateralOracle: AssetOracle;
  synthOracle: AssetOracle;
};

/** The vault's parameters for a pair and both assets' oracle state, refreshed live. */
export function useMarket(
  chainId: number,
  synth: TokenInfo | undefined,
  collateral: TokenInfo | undefined,
) {
  const config = useConfig();
  return useQuery({
    queryKey: ["synths", "market", chainId, synth?.address, collateral?.address],
    enabled: synth !== undefined && collateral !== undefined,
    refetchInterval: liveInterval,
    queryFn: async (): Promise<Market> => {
      const s = synth!;
      const c = collateral!;
      const vault = contractAddress(chainId, "SynthVault");
      const factory = contractAddress(chainId, "SyntheticAssetFactory");
      const [paused, params, collateralDecimals, synthParams, totalDebt, block, co, so] =
        await Promise.all([
          readContract(config, {
            chainId,
            address: vault,
            abi: synthVaultAbi,
            functionName: "paused",
          }),
          readContract(config, {
            chainId,
            address: vault,
            abi: synthVaultAbi,
            functionName: "collateralParams",
            args: [c.address],
          }),
          readContract(config, {
            chainId,
            address: vault,
            abi: synthVaultAbi,
            functionName: "collateralDecimals",
            args: [c.address],
          }),
          readContract(config, {
            chainId,
            address: factory,
            abi: syntheticAssetFactoryAbi,
            functionName: "synthConfig",
            args: [s.address],
          }),
          readContract(config, {
            chainId,
            address: vault,
            abi: synthVaultAbi,
            functionName: "totalDebt",
            args: [s.address],
          }),
          getBlock(config, { chainId }),
          readAssetOracle(config, chainId, c.address, c.symbol),
          readAssetOracle(config, chainId, s.address, s.symbol),
        ]);
      return {
        paused,
        params,
        collateralDecimals,
        synthParams,
        totalDebt,
        blockTime: Number(block.timestamp),
        readAt: Math.floor(Date.now() / 1000),
        collateralOracle: co,
        synthOracle: so,
      };
    },
  });
}

export type Valued = {
  collateralAmount: bigint;
  debt: bigint;
  collateralValueUsd: bigint;
  debtValueUsd: bigint;
  collateralRatio: bigint;
  liquidatable: boolean;
};

export type AccountPosition = {
  position: { collateral: bigint; debt: bigint };
  /** positionOf: valued at the oracle's prices; reverts (valuedError) when a needed price is unusable. */
  valued?: Valued;
  valuedError?: DecodedError;
  balances: { collateral: bigint; synth: bigint };
};

/** The account's position in the pair (raw and valued) and its wallet balances of both tokens. */
export function useAccountPosition(
  chainId: number,
  owner: Address | undefined,
  synth: TokenInfo | undefined,
  collateral: TokenInfo | undefined,
) {
  const config = useConfig();
  return useQuery({
    queryKey: ["synths", "account", chainId, owner, synth?.address, collateral?.address],
    enabled: owner !== undefined && synth !== undefined && collateral !== undefined,
    refetchInterval: liveInterval,
    queryFn: async (): Promise<AccountPosition> => {
      const s = synth!.address;
      const c = collateral!.address;
      const vault = contractAddress(chainId, "SynthVault");
      const [position, valued, collateralBalance, synthBalance] = await Promise.all([
        readContract(config, {
          chainId,
          address: vault,
          abi: synthVaultAbi,
          functionName: "position",
          args: [owner!, c, s],
        }),
        settle(
          readContract(config, {
            chainId,
            address: vault,
            abi: synthVaultAbi,
            functionName: "positionOf",
            args: [owner!, c, s],
          }),
        ),
        readContract(config, {
          chainId,
          address: c,
          abi: erc20Abi,
          functionName: "balanceOf",
          args: [owner!],
        }),
        readContract(config, {
          chainId,
          address: s,
          abi: erc20Abi,
          functionName: "balanceOf",
          args: [owner!],
        }),
      ]);
      const result: AccountPosition = {
        position: { collateral: position[0], debt: position[1] },
        balances: { collateral: collateralBalance, synth: synthBalance },
      };
      if (valued.ok) {
        const [
          collateralAmount,
          debt,
          collateralValueUsd,
          debtValueUsd,
          collateralRatio,
          liquidatable,
        ] = valued.value;
        result.valued = {
          collateralAmount,
          debt,
          collateralValueUsd,
          debtValueUsd,
          collateralRatio,
          liquidatable,
        };
      } else result.valuedError = valued.error;
      return result;
    },
  });
}

export type ChainQuote =
  | {
      action: "mint";
      amount: bigint;
      fee: bigint;
      debtAfter: bigint;
      ratioAfter: bigint;
      maxMintable: bigint;
    }
  | { action: "burn"; amount: bigint; fee: bigint; debtReduction: bigint }
  | { action: "repay"; debtReduction: bigint; burnAmount: bigint };

/**
 * The vault's own quote for what the user typed (`quoteMint`, `quoteBurn`, `burnAmountFor`): the page's
 * preview is computed the vault's way, and this confirms it from the contract itself.
 */
export function useChainQuote(
  chainId: number,
  owner: Address | undefined,
  synth: Address | undefined,
  collateral: Address | undefined,
  request: { action: "mint" | "burn" | "repay"; amount: bigint } | undefined,
) {
  const config = useConfig();
  return useQuery({
    queryKey: [
      "synths",
      "quote",
      chainId,
      owner,
      synth,
      collateral,
      request?.action,
      request?.amount.toString(),
    ],
    enabled: request !== undefined && synth !== undefined && collateral !== undefined,
    retry: false,
    queryFn: async (): Promise<ChainQuote> => {
      const vault = contractAddress(chainId, "SynthVault");
      const r = request!;
      if (r.action === "mint") {
        const [fee, debtAfter, ratioAfter, maxMintable] = await readContract(config, {
          chainId,
          address: vault,
          abi: synthVaultAbi,
          functionName: "quoteMint",
          args: [
            owner ?? "0x0000000000000000000000000000000000000000",
            collateral!,
            synth!,
            r.amount,
          ],
        });
        return { action: "mint", amount: r.amount, fee, debtAfter, ratioAfter, maxMintable };
      }
      if (r.action === "burn") {
        const [fee, debtReduction] = await readContract(config, {
          chainId,
          address: vault,
          abi: synthVaultAbi,
          functionName: "quoteBurn",
          args: [synth!, r.amount],
        });
        return { action: "burn", amount: r.amount, fee, debtReduction };
      }
      const burnAmount = await readContract(config, {
        chainId,
        address: vault,
        abi: synthVaultAbi,
        functionName: "burnAmountFor",
        args: [synth!, r.amount],
      });
      return { action: "repay", debtReduction: r.amount, burnAmount };
    },
  });
}

export type IndexedPosition = {
  collateral: string;
  synth: string;
  collateralAmount: string;
  debt: string;
  collateralRatio: string | null;
  health: string;
};

/**
 * Every open position of the account on this chain, as indexed and valued at the indexed prices
 * (`positionValues`, computed as read), for switching between pairs.
 */
export function useMyPositions(chainId: number, owner: Address | undefined) {
  return useQuery({
    queryKey: ["synths", "positions", chainId, owner?.toLowerCase()],
    enabled: owner !== undefined,
    refetchInterval: liveInterval,
    queryFn: async (): Promise<IndexedPosition[]> => {
      const data = await gql<{ positionValues: { items: IndexedPosition[] } }>(
        `query Positions($owner: String!, $chainId: Int!) {
          positionValues(where: { owner: $owner, chainId: $chainId }, limit: 100) {
            items { collateral synth collateralAmount debt collateralRatio health }
          }
        }`,
        { owner: owner!.toLowerCase(), chainId },
      );
      return data.positionValues.items.filter((p) => p.collateralAmount !== "0" || p.debt !== "0");
    },
  });
}
