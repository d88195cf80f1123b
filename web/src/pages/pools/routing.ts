// Swap routing: the candidate routes between two tokens (every pool holding both, and every path
// through one intermediate token over two different pools), quoting them on chain (the manager's
// `quoteSwap` / `quoteSwapExactOut`, the code path its swaps run), and the choice of the best one.
import type { Address, Hex } from "viem";
import { priceImpact } from "./math.ts";

export type SwapMode = "exactIn" | "exactOut";

export type PoolEdge = { poolId: Hex; tokens: readonly Address[] };

export type Step = { poolId: Hex; tokenOut: Address };

export type Route = {
  tokenIn: Address;
  steps: Step[];
  /** Every token along the way, tokenIn first. */
  path: Address[];
};

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const holds = (pool: PoolEdge, token: string) => pool.tokens.some((t) => same(t, token));

export const MAX_CANDIDATES = 12;

/**
 * Every direct route (one pool holding both tokens), then every two-hop route through a token X:
 * pool A holds tokenIn and X, another pool B holds X and tokenOut. No route for the same token.
 */
export function candidateRoutes(
  pools: readonly PoolEdge[],
  tokenIn: Address,
  tokenOut: Address,
  maxCandidates = MAX_CANDIDATES,
): Route[] {
  if (same(tokenIn, tokenOut)) return [];
  const routes: Route[] = [];
  for (const pool of pools) {
    if (holds(pool, tokenIn) && holds(pool, tokenOut)) {
      routes.push({
        tokenIn,
        steps: [{ poolId: pool.poolId, tokenOut }],
        path: [tokenIn, tokenOut],
      });
    }
  }
  for (const first of pools) {
    if (!holds(first, tokenIn)) continue;
    for (const mid of first.tokens) {
      if (same(mid, tokenIn) || same(mid, tokenOut)) continue;
      for (const second of pools) {
        if (second.poolId.toLowerCase() === first.poolId.toLowerCase()) continue;
        if (!holds(second, mid) || !holds(second, tokenOut)) continue;
        routes.push({
          tokenIn,
          steps: [
            { poolId: first.poolId, tokenOut: mid },
            { poolId: second.poolId, tokenOut },
          ],
          path: [tokenIn, mid, tokenOut],
        });
      }
    }
  }
  return routes.slice(0, maxCandidates);
}

/** "WETH → sUSD → USDC". */
export function routeLabel(route: Route, symbolOf: (address: Address) => string): string {
  return route.path.map(symbolOf).join(" → ");
}

export function routeKey(route: Route): string {
  return route.steps.map((s) => `${s.poolId}:${s.tokenOut}`.toLowerCase()).join(">");
}

export type QuoteReader = {
  quoteSwap(poolId: Hex, tokenIn: Address, tokenOut: Address, amountIn: bigint): Promise<bigint>;
  quoteSwapExactOut(
    poolId: Hex,
    tokenIn: Address,
    tokenOut: Address,
    amountOut: bigint,
  ): Promise<bigint>;
  /** The pool's balance of `token` (for the size of the spot-price reference trade). */
  poolBalance(poolId: Hex, token: Address): Promise<bigint>;
};

export type RouteQuote =
  | { ok: true; route: Route; amountIn: bigint; amountOut: bigint; hops: bigint[] }
  | { ok: false; route: Route; error: unknown };

/** Quotes one route hop by hop: forwards for exact-in, backwards for exact-out (as the manager). */
export async function quoteRoute(
  reader: QuoteReader,
  route: Route,
  mode: SwapMode,
  amount: bigint,
): Promise<RouteQuote> {
  try {
    if (mode === "exactIn") {
      const hops = [amount];
      let current = amount;
      for (const [k, step] of route.steps.entries()) {
        current = await reader.quoteSwap(step.poolId, route.path[k]!, step.tokenOut, current);
        hops.push(current);
      }
      return { ok: true, route, amountIn: amount, amountOut: current, hops };
    }
    const hops = [amount];
    let current = amount;
    for (let k = route.steps.length - 1; k >= 0; k--) {
      const step = route.steps[k]!;
      current = await reader.quoteSwapExactOut(step.poolId, route.path[k]!, step.tokenOut, current);
      hops.unshift(current);
    }
    return { ok: true, route, amountIn: current, amountOut: amount, hops };
  } catch (error) {
    return { ok: false, route, error };
  }
}

/**
 * The best quote: the most out for exact-in, the least in for exact-out; a multi-hop route wins only
 * when it gives strictly more (or takes strictly less) than every shorter one.
 */
export function chooseBest(quotes: readonly RouteQuote[], mode: SwapMode): RouteQuote | undefined {
  let best: Extract<RouteQuote, { ok: true }> | undefined;
  for (const q of quotes) {
    if (!q.ok) continue;
    if (mode === "exactIn" && q.amountOut <= 0n) continue;
    if (!best) {
      best = q;
      continue;
    }
    const better =
      mode === "exactIn"
        ? q.amountOut > best.amountOut ||
          (q.amountOut === best.amountOut && q.route.steps.length < best.route.steps.length)
        : q.amountIn < best.amountIn ||
          (q.amountIn === best.amountIn && q.route.steps.length < best.route.steps.length);
    if (better) best = q;
  }
  return best ?? quotes.find((q) => !q.ok);
}

/** Share of the first pool's balance of tokenIn the spot-price reference trade puts in. */
export const REFERENCE_DIVISOR = 100_000n;

export type SwapQuote = {
  mode: SwapMode;
  route: Route;
  amountIn: bigint;
  amountOut: bigint;
  hops: bigint[];
  /** 1e18 = 100%; undefined when no spot rate could be measured. */
  impact: bigint | undefined;
  /** Every candidate, for showing what the choice was among. */
  candidates: RouteQuote[];
};

export class NoRouteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NoRouteError";
  }
}

/**
 * Quotes every candidate, picks the best, and measures its price impact against the spot rate of
 * the same route (a reference trade of 1/100,000 of the first pool's in-balance, or the trade itself
 * when smaller). Throws the best candidate's error when none can be quoted.
 */
export async function bestQuote(
  reader: QuoteReader,
  routes: readonly Route[],
  mode: SwapMode,
  amount: bigint,
): Promise<SwapQuote> {
  if (routes.length === 0) throw new NoRouteError("No pool route connects these two tokens.");
  if (amount <= 0n) throw new NoRouteError("Enter an amount above zero.");
  const candidates = await Promise.all(routes.map((r) => quoteRoute(reader, r, mode, amount)));
  const best = chooseBest(candidates, mode);
  if (!best) throw new NoRouteError("No route can quote this trade.");
  // No route could quote it: the first failure (a direct route's, when there is one) says why.
  if (!best.ok) throw best.error;
  const impact = await measureImpact(reader, best).catch(() => undefined);
  return {
    mode,
    route: best.route,
    amountIn: best.amountIn,
    amountOut: best.amountOut,
    hops: best.hops,
    impact,
    candidates,
  };
}

async function measureImpact(
  reader: QuoteReader,
  quote: Extract<RouteQuote, { ok: true }>,
): Promise<bigint | undefined> {
  const first = quote.route.steps[0];
  if (!first) return undefined;
  const balance = await reader.poolBalance(first.poolId, quote.route.tokenIn);
  let refIn = balance / REFERENCE_DIVISOR;
  if (refIn === 0n) refIn = 1n;
  if (quote.amountIn <= refIn) return 0n;
  const ref = await quoteRoute(reader, quote.route, "exactIn", refIn);
  if (!ref.ok) return undefined;
  return priceImpact({
    amountIn: quote.amountIn,
    amountOut: quote.amountOut,
    refIn,
    refOut: ref.amountOut,
  });
}
