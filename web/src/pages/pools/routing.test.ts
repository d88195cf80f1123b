import type { Address, Hex } from "viem";
import { describe, expect, it } from "vitest";
import { WAD } from "./math.ts";
import {
  bestQuote,
  candidateRoutes,
  chooseBest,
  MAX_CANDIDATES,
  NoRouteError,
  type PoolEdge,
  type QuoteReader,
  quoteRoute,
  type Route,
  type RouteQuote,
  routeKey,
  routeLabel,
} from "./routing.ts";

const addr = (n: number) => `0x${n.toString(16).padStart(40, "0")}` as Address;
const pid = (n: number) => `0x${n.toString(16).padStart(64, "0")}` as Hex;

const WETH = addr(1);
const SUSD = addr(2);
const USDC = addr(3);
const SXAU = addr(4);
const SBTC = addr(5);
const WBTC = addr(6);
const symbols: Record<string, string> = {
  [WETH]: "WETH",
  [SUSD]: "sUSD",
  [USDC]: "USDC",
  [SXAU]: "sXAU",
  [SBTC]: "sBTC",
  [WBTC]: "WBTC",
};
const symbolOf = (a: Address) => symbols[a.toLowerCase()] ?? a;

// The seeded pools.
const wethSusd: PoolEdge = { poolId: pid(1), tokens: [WETH, SUSD] };
const btc: PoolEdge = { poolId: pid(2), tokens: [SBTC, WBTC] };
const susdUsdc: PoolEdge = { poolId: pid(3), tokens: [SUSD, USDC] };
const xau: PoolEdge = { poolId: pid(4), tokens: [SXAU, SUSD] };
const seeded = [wethSusd, btc, susdUsdc, xau];

describe("candidateRoutes", () => {
  it("finds the direct pool", () => {
    const routes = candidateRoutes(seeded, WETH, SUSD);
    expect(routes).toHaveLength(1);
    expect(routes[0]).toEqual({
      tokenIn: WETH,
      steps: [{ poolId: pid(1), tokenOut: SUSD }],
      path: [WETH, SUSD],
    });
  });
  it("goes through an intermediate token when no pool holds both", () => {
    const routes = candidateRoutes(seeded, WETH, USDC);
    expect(routes.map((r) => routeLabel(r, symbolOf))).toEqual(["WETH → sUSD → USDC"]);
    expect(routes[0]!.steps).toEqual([
      { poolId: pid(1), tokenOut: SUSD },
      { poolId: pid(3), tokenOut: USDC },
    ]);
  });
  it("offers both the direct pool and two-hop paths when both exist", () => {
    const direct: PoolEdge = { poolId: pid(9), tokens: [WETH, USDC] };
    const routes = candidateRoutes([...seeded, direct], WETH, USDC);
    expect(routes.map((r) => routeLabel(r, symbolOf))).toEqual([
      "WETH → USDC",
      "WETH → sUSD → USDC",
    ]);
  });
  it("handles pools of three tokens and parallel pools", () => {
    const tri: PoolEdge = { poolId: pid(7), tokens: [WETH, SUSD, USDC] };
    const routes = candidateRoutes([wethSusd, susdUsdc, tri], WETH, USDC);
    // direct via tri; WETH→sUSD in pool 1 then pool 3 or tri; WETH→sUSD in tri then pool 3.
    expect(routes.map(routeKey)).toEqual([
      routeKey({ tokenIn: WETH, steps: [{ poolId: pid(7), tokenOut: USDC }], path: [] }),
      `${pid(1)}:${SUSD}>${pid(3)}:${USDC}`.toLowerCase(),
      `${pid(1)}:${SUSD}>${pid(7)}:${USDC}`.toLowerCase(),
      `${pid(7)}:${SUSD}>${pid(3)}:${USDC}`.toLowerCase(),
    ]);
  });
  it("never routes a token to itself, nor through the same pool twice", () => {
    expect(candidateRoutes(seeded, WETH, WETH)).toEqual([]);
    expect(
      candidateRoutes(seeded, WETH, WETH.toUpperCase().replace("0X", "0x") as Address),
    ).toEqual([]);
    for (const r of candidateRoutes(seeded, SXAU, USDC)) {
      expect(new Set(r.steps.map((s) => s.poolId)).size).toBe(r.steps.length);
    }
  });
  it("has nothing between disconnected tokens or unknown ones", () => {
    expect(candidateRoutes(seeded, WETH, WBTC)).toEqual([]);
    expect(candidateRoutes(seeded, addr(99), SUSD)).toEqual([]);
    expect(candidateRoutes([], WETH, SUSD)).toEqual([]);
  });
  it("matches addresses whatever their case", () => {
    const upper = SUSD.replace(/[a-f]/g, (c) => c.toUpperCase()) as Address;
    expect(candidateRoutes(seeded, WETH, upper)).toHaveLength(1);
  });
  it("caps the number of candidates", () => {
    const many: PoolEdge[] = [];
    for (let i = 0; i < 20; i++) many.push({ poolId: pid(100 + i), tokens: [WETH, SUSD] });
    expect(candidateRoutes(many, WETH, SUSD)).toHaveLength(MAX_CANDIDATES);
  });
});

/** A reader on constant-product pools (fee-free), with failures and call counting. */
function fakeReader(
  reserves: Record<string, Record<string, bigint>>,
  options: { fail?: Set<string> } = {},
): QuoteReader & { calls: string[] } {
  const calls: string[] = [];
  const get = (poolId: Hex, token: Address) => {
    const r = reserves[poolId]?.[token.toLowerCase()];
    if (r === undefined) throw new Error(`TokenNotInPool ${token}`);
    return r;
  };
  return {
    calls,
    async quoteSwap(poolId, tokenIn, tokenOut, amountIn) {
      calls.push(`in:${poolId}`);
      if (options.fail?.has(poolId)) throw new Error(`MaxInRatioExceeded in ${poolId}`);
      const x = get(poolId, tokenIn);
      const y = get(poolId, tokenOut);
      return (y * amountIn) / (x + amountIn);
    },
    async quoteSwapExactOut(poolId, tokenIn, tokenOut, amountOut) {
      calls.push(`out:${poolId}`);
      if (options.fail?.has(poolId)) throw new Error(`MaxOutRatioExceeded in ${poolId}`);
      const x = get(poolId, tokenIn);
      const y = get(poolId, tokenOut);
      if (amountOut >= y) throw new Error("MaxOutRatioExceeded");
      return (x * amountOut) / (y - amountOut) + 1n;
    },
    async poolBalance(poolId, token) {
      return reserves[poolId]?.[token.toLowerCase()] ?? 0n;
    },
  };
}

const e18 = (n: number) => BigInt(n) * WAD;
const reserves = {
  [pid(1)]: { [WETH]: e18(100), [SUSD]: e18(300_000) },
  [pid(3)]: { [SUSD]: e18(1_000_000), [USDC]: 1_000_000_000_000n },
  [pid(9)]: { [WETH]: e18(1), [USDC]: 3_000_000_000n }, // a shallow direct pool
};

describe("quoteRoute", () => {
  it("chains exact-in quotes forwards", async () => {
    const reader = fakeReader(reserves);
    const route = candidateRoutes([wethSusd, susdUsdc], WETH, USDC)[0]!;
    const q = await quoteRoute(reader, route, "exactIn", e18(1));
    expect(q.ok).toBe(true);
    if (!q.ok) return;
    expect(q.hops).toHaveLength(3);
    expect(q.hops[0]).toBe(e18(1));
    expect(q.amountOut).toBe(q.hops[2]);
    expect(reader.calls).toEqual([`in:${pid(1)}`, `in:${pid(3)}`]);
  });
  it("chains exact-out quotes backwards", async () => {
    const reader = fakeReader(reserves);
    const route = candidateRoutes([wethSusd, susdUsdc], WETH, USDC)[0]!;
    const q = await quoteRoute(reader, route, "exactOut", 1_000_000_000n);
    expect(q.ok && q.amountOut).toBe(1_000_000_000n);
    expect(reader.calls).toEqual([`out:${pid(3)}`, `out:${pid(1)}`]);
    // Selling what exact-out asks gets at least the amount wanted.
    if (!q.ok) return;
    const back = await quoteRoute(fakeReader(reserves), route, "exactIn", q.amountIn);
    expect(back.ok && back.amountOut >= 1_000_000_000n).toBe(true);
  });
  it("reports a failing hop instead of throwing", async () => {
    const reader = fakeReader(reserves, { fail: new Set([pid(3)]) });
    const route = candidateRoutes([wethSusd, susdUsdc], WETH, USDC)[0]!;
    const q = await quoteRoute(reader, route, "exactIn", e18(1));
    expect(q.ok).toBe(false);
    expect(!q.ok && String(q.error)).toContain("MaxInRatioExceeded");
  });
});

describe("chooseBest", () => {
  const r1: Route = {
    tokenIn: WETH,
    steps: [{ poolId: pid(1), tokenOut: USDC }],
    path: [WETH, USDC],
  };
  const r2: Route = {
    tokenIn: WETH,
    steps: [
      { poolId: pid(1), tokenOut: SUSD },
      { poolId: pid(3), tokenOut: USDC },
    ],
    path: [WETH, SUSD, USDC],
  };
  const ok = (route: Route, amountIn: bigint, amountOut: bigint): RouteQuote => ({
    ok: true,
    route,
    amountIn,
    amountOut,
    hops: [],
  });
  it("prefers the most out (exact-in) and the least in (exact-out)", () => {
    expect(chooseBest([ok(r1, 10n, 5n), ok(r2, 10n, 6n)], "exactIn")?.route).toBe(r2);
    expect(chooseBest([ok(r1, 10n, 5n), ok(r2, 9n, 5n)], "exactOut")?.route).toBe(r2);
    expect(chooseBest([ok(r1, 8n, 5n), ok(r2, 9n, 5n)], "exactOut")?.route).toBe(r1);
  });
  it("keeps the direct route on a tie", () => {
    expect(chooseBest([ok(r2, 10n, 5n), ok(r1, 10n, 5n)], "exactIn")?.route).toBe(r1);
    expect(chooseBest([ok(r2, 10n, 5n), ok(r1, 10n, 5n)], "exactOut")?.route).toBe(r1);
  });
  it("skips failures and zero outputs, and returns a failure when nothing quotes", () => {
    const failed: RouteQuote = { ok: false, route: r1, error: new Error("x") };
    expect(chooseBest([failed, ok(r2, 10n, 1n)], "exactIn")?.route).toBe(r2);
    expect(chooseBest([ok(r1, 10n, 0n), failed], "exactIn")).toBe(failed);
    expect(chooseBest([], "exactIn")).toBeUndefined();
  });
});

describe("bestQuote", () => {
  const pools = [wethSusd, susdUsdc, { poolId: pid(9), tokens: [WETH, USDC] }];
  it("takes the two-hop route when it gives more than a shallow direct pool", async () => {
    const routes = candidateRoutes(pools, WETH, USDC);
    const q = await bestQuote(fakeReader(reserves), routes, "exactIn", e18(1) / 2n);
    expect(routeLabel(q.route, symbolOf)).toBe("WETH → sUSD → USDC");
    expect(q.candidates).toHaveLength(2);
  });
  it("keeps the direct route for a trade it prices better", async () => {
    const deep = { ...reserves, [pid(9)]: { [WETH]: e18(1000), [USDC]: 3_100_000_000_000n } };
    const routes = candidateRoutes(pools, WETH, USDC);
    const q = await bestQuote(fakeReader(deep), routes, "exactIn", e18(1));
    expect(routeLabel(q.route, symbolOf)).toBe("WETH → USDC");
  });
  it("measures price impact against a tiny trade along the same route", async () => {
    const routes = candidateRoutes([wethSusd], WETH, SUSD);
    // Constant product: selling 10% of the reserve gets ~9.09% less than spot.
    const q = await bestQuote(fakeReader(reserves), routes, "exactIn", e18(10));
    expect(q.impact).toBeDefined();
    const impact = Number(q.impact) / 1e18;
    expect(impact).toBeGreaterThan(0.0905);
    expect(impact).toBeLessThan(0.0915);
    const small = await bestQuote(fakeReader(reserves), routes, "exactIn", e18(1) / 1000n);
    expect(small.impact).toBe(0n);
  });
  it("measures the impact of exact-out trades too", async () => {
    const routes = candidateRoutes([wethSusd], WETH, SUSD);
    const q = await bestQuote(fakeReader(reserves), routes, "exactOut", e18(30_000));
    expect(Number(q.impact) / 1e18).toBeGreaterThan(0.09);
  });
  it("reports no impact when the spot rate cannot be measured", async () => {
    const empty = { [pid(1)]: { [WETH]: 0n, [SUSD]: 0n } };
    const routes = candidateRoutes([wethSusd], WETH, SUSD);
    const reader = fakeReader(empty);
    reader.quoteSwap = async (_p, _i, _o, amount) => (amount > 5n ? 1n : 0n);
    const q = await bestQuote(reader, routes, "exactIn", 10n);
    expect(q.impact).toBeUndefined();
  });
  it("throws the contract's error when no route can quote", async () => {
    const routes = candidateRoutes([wethSusd], WETH, SUSD);
    const reader = fakeReader(reserves, { fail: new Set([pid(1)]) });
    await expect(bestQuote(reader, routes, "exactIn", e18(1))).rejects.toThrow(
      "MaxInRatioExceeded",
    );
  });
  it("refuses no route, zero and negative amounts", async () => {
    await expect(bestQuote(fakeReader(reserves), [], "exactIn", 1n)).rejects.toBeInstanceOf(
      NoRouteError,
    );
    const routes = candidateRoutes([wethSusd], WETH, SUSD);
    await expect(bestQuote(fakeReader(reserves), routes, "exactIn", 0n)).rejects.toBeInstanceOf(
      NoRouteError,
    );
    await expect(bestQuote(fakeReader(reserves), routes, "exactIn", -1n)).rejects.toBeInstanceOf(
      NoRouteError,
    );
  });
  it("passes huge amounts to the contract unchanged (it answers with a custom error)", async () => {
    const routes = candidateRoutes([wethSusd], WETH, SUSD);
    const seen: bigint[] = [];
    const reader = fakeReader(reserves);
    reader.quoteSwap = async (_p, _i, _o, amount) => {
      seen.push(amount);
      throw new Error("MaxInRatioExceeded");
    };
    const max = 2n ** 256n - 1n;
    await expect(bestQuote(reader, routes, "exactIn", max)).rejects.toThrow("MaxInRatioExceeded");
    expect(seen).toEqual([max]);
  });
});
