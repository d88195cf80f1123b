// The pools page's data: the indexer's pools, tokens, clock, 24 h swaps and recent swaps; the chain's
// live pool state and the account's balances; the quote reader the router uses; chain time.
import { liquidityPoolManagerAbi, poolLpTokenAbi } from "@fluxion/deploy";
import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { type Address, erc20Abi, type Hex } from "viem";
import { useConfig } from "wagmi";
import { getBlock, readContract } from "wagmi/actions";
import { gql } from "../../indexer/client.ts";
import { contractAddress, poolsOf, tokensOf } from "../../lib/deployment.ts";
import type { wagmiConfig } from "../../wallet/config.ts";
import {
  type IndexedPool,
  type IndexedToken,
  type PoolMeta,
  poolDirectory,
  type TokenMeta,
  tokenDirectory,
} from "./directory.ts";
import { dayStats, dayWindow, type PoolDayStats, type SwapRow } from "./math.ts";
import type { QuoteReader } from "./routing.ts";

export const liveInterval = 5_000;
type Config = typeof wagmiConfig;

type PoolsData = {
  pools: { items: IndexedPool[] };
  tokens: { items: IndexedToken[] };
  chainClock: { timestamp: string } | null;
};

/** The indexer's pools and tokens, and its latest block time (the chain's "now"). */
export function useIndexedPools(chainId: number) {
  return useQuery({
    queryKey: ["pools", "indexed", chainId],
    refetchInterval: liveInterval,
    queryFn: async () => {
      const data = await gql<PoolsData>(
        `query Pools($chainId: Int!) {
          pools(where: { chainId: $chainId }, orderBy: "tvlUsd", orderDirection: "desc", limit: 200) {
            items { poolId kind lpToken tokens balances weights amp swapFee lpSupply tvlUsd tvlComplete swapCount }
          }
          tokens(where: { chainId: $chainId }, limit: 1000) {
            items { address symbol decimals priceUsd }
          }
          chainClock(chainId: $chainId) { timestamp }
        }`,
        { chainId },
      );
      return {
        pools: data.pools.items,
        tokens: data.tokens.items,
        chainNow: data.chainClock ? BigInt(data.chainClock.timestamp) : undefined,
      };
    },
  });
}

export type Directory = {
  pools: PoolMeta[];
  tokens: Map<string, TokenMeta>;
  chainNow: bigint | undefined;
};

/** Pools and tokens from the deployment at once, completed by the indexer once it answers. */
export function useDirectory(chainId: number): Directory & {
  query: ReturnType<typeof useIndexedPools>;
} {
  const query = useIndexedPools(chainId);
  const { data } = query;
  const directory = useMemo(() => {
    const tokens = tokenDirectory(tokensOf(chainId), data?.tokens);
    return { pools: poolDirectory(poolsOf(chainId), data?.pools, tokens), tokens };
  }, [chainId, data]);
  return { ...directory, chainNow: data?.chainNow, query };
}

type SwapPage = {
  swaps: {
    items: SwapRow[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
};

/** At most this many pages of 1,000 swaps are summed; a busier day is marked partial. */
export const MAX_SWAP_PAGES = 20;

/** Volume and fees per pool over the last 24 h of chain time (see `dayStats` for the valuation). */
export function useDayStats(
  chainId: number,
  chainNow: bigint | undefined,
  tokens: ReadonlyMap<string, TokenMeta>,
  pools: readonly PoolMeta[],
) {
  const from = chainNow === undefined ? undefined : dayWindow(chainNow).from;
  const swaps = useQuery({
    queryKey: ["pools", "day-swaps", chainId, from?.toString()],
    enabled: from !== undefined,
    refetchInterval: liveInterval,
    queryFn: async () => {
      const rows: SwapRow[] = [];
      let after: string | null = null;
      for (let page = 0; page < MAX_SWAP_PAGES; page++) {
        const data: SwapPage = await gql<SwapPage>(
          `query DaySwaps($chainId: Int!, $from: BigInt!, $after: String) {
            swaps(where: { chainId: $chainId, timestamp_gte: $from }, orderBy: "timestamp", limit: 1000, after: $after) {
              items { poolId tokenIn tokenOut amountIn amountOut }
              pageInfo { hasNextPage endCursor }
            }
          }`,
          { chainId, from: String(from), after },
        );
        rows.push(...data.swaps.items);
        if (!data.swaps.pageInfo.hasNextPage) return { rows, partial: false };
        after = data.swaps.pageInfo.endCursor;
      }
      return { rows, partial: true };
    },
  });
  const stats = useMemo(() => {
    if (!swaps.data) return undefined;
    const fees = new Map(
      pools.map((p) => [p.poolId.toLowerCase(), BigInt(p.indexed?.swapFee ?? "0")]),
    );
    return dayStats(swaps.data.rows, tokens, fees);
  }, [swaps.data, tokens, pools]);
  return { query: swaps, stats, partial: swaps.data?.partial ?? false };
}

export type { PoolDayStats };

export type RecentSwap = {
  id: string;
  sender: string;
  tokenIn: string;
  tokenOut: string;
  amountIn: string;
  amountOut: string;
  timestamp: string;
  transactionHash: string;
};

export function useRecentSwaps(chainId: number, poolId: string) {
  return useQuery({
    queryKey: ["pools", "recent-swaps", chainId, poolId.toLowerCase()],
    refetchInterval: liveInterval,
    queryFn: async () => {
      const data = await gql<{ swaps: { items: RecentSwap[] } }>(
        `query RecentSwaps($chainId: Int!, $poolId: String!) {
          swaps(where: { chainId: $chainId, poolId: $poolId }, orderBy: "timestamp", orderDirection: "desc", limit: 20) {
            items { id sender tokenIn tokenOut amountIn amountOut timestamp transactionHash }
          }
        }`,
        { chainId, poolId: poolId.toLowerCase() },
      );
      return data.swaps.items;
    },
  });
}

// ---------------------------------------------------------------- chain

export function managerAddress(chainId: number): Address {
  return contractAddress(chainId, "LiquidityPoolManager");
}

export type PoolChainState = {
  tokens: readonly Address[];
  balances: readonly bigint[];
  weights: readonly bigint[];
  amp: bigint;
  swapFee: bigint;
  lpSupply: bigint;
  /** The account's LP shares and pool-token balances (zeros without an account). */
  lpBalance: bigint;
  walletBalances: bigint[];
};

/** The pool as the chain has it now, with the connected account's balances. */
export function usePoolChainState(chainId: number, pool: PoolMeta, account: Address | undefined) {
  const config = useConfig();
  return useQuery({
    queryKey: ["pools", "chain-state", chainId, pool.poolId.toLowerCase(), account ?? null],
    refetchInterval: liveInterval,
    queryFn: async (): Promise<PoolChainState> => {
      const manager = managerAddress(chainId);
      const [state, lpSupply, lpBalance, walletBalances] = await Promise.all([
        readContract(config, {
          chainId,
          address: manager,
          abi: liquidityPoolManagerAbi,
          functionName: "getPoolState",
          args: [pool.poolId],
        }),
        readContract(config, {
          chainId,
          address: pool.lpToken,
          abi: poolLpTokenAbi,
          functionName: "totalSupply",
        }),
        account
          ? readContract(config, {
              chainId,
              address: pool.lpToken,
              abi: poolLpTokenAbi,
              functionName: "balanceOf",
              args: [account],
            })
          : Promise.resolve(0n),
        Promise.all(
          pool.tokens.map((t) =>
            account
              ? readContract(config, {
                  chainId,
                  address: t.address,
                  abi: erc20Abi,
                  functionName: "balanceOf",
                  args: [account],
                })
              : Promise.resolve(0n),
          ),
        ),
      ]);
      const [tokens, balances, weights, amp, swapFee] = state;
      return { tokens, balances, weights, amp, swapFee, lpSupply, lpBalance, walletBalances };
    },
  });
}

/** The account's balance of one token (for the swap form). */
export function useTokenBalance(
  chainId: number,
  token: Address | undefined,
  account: Address | undefined,
) {
  const config = useConfig();
  return useQuery({
    queryKey: ["pools", "balance", chainId, token?.toLowerCase() ?? null, account ?? null],
    enabled: token !== undefined && account !== undefined,
    refetchInterval: liveInterval,
    queryFn: () =>
      readContract(config, {
        chainId,
        address: token!,
        abi: erc20Abi,
        functionName: "balanceOf",
        args: [account!],
      }),
  });
}

/** The manager's quote functions, for the router. */
export function quoteReader(config: Config, chainId: number): QuoteReader {
  const address = managerAddress(chainId);
  const balances = new Map<string, Promise<readonly [readonly Address[], readonly bigint[]]>>();
  return {
    quoteSwap: (poolId, tokenIn, tokenOut, amountIn) =>
      readContract(config, {
        chainId,
        address,
        abi: liquidityPoolManagerAbi,
        functionName: "quoteSwap",
        args: [poolId, tokenIn, tokenOut, amountIn],
      }),
    quoteSwapExactOut: (poolId, tokenIn, tokenOut, amountOut) =>
      readContract(config, {
        chainId,
        address,
        abi: liquidityPoolManagerAbi,
        functionName: "quoteSwapExactOut",
        args: [poolId, tokenIn, tokenOut, amountOut],
      }),
    poolBalance: async (poolId: Hex, token: Address) => {
      let state = balances.get(poolId);
      if (!state) {
        state = readContract(config, {
          chainId,
          address,
          abi: liquidityPoolManagerAbi,
          functionName: "getPoolState",
          args: [poolId],
        }).then(([tokens, b]) => [tokens, b] as const);
        balances.set(poolId, state);
      }
      const [tokens, b] = await state;
      const index = tokens.findIndex((t) => t.toLowerCase() === token.toLowerCase());
      return index < 0 ? 0n : (b[index] ?? 0n);
    },
  };
}

/**
 * The chain's time for a deadline: the timestamp the next block will carry where the node tells it
 * (`pending`; a local node idle for an hour is an hour behind in `latest`), else the latest block's.
 */
export async function chainTime(config: Config, chainId: number): Promise<bigint> {
  const latest = await getBlock(config, { chainId, blockTag: "latest" });
  const pending = await getBlock(config, { chainId, blockTag: "pending" }).catch(() => undefined);
  const pendingTime = pending?.timestamp ?? 0n;
  return pendingTime > latest.timestamp ? pendingTime : latest.timestamp;
}
