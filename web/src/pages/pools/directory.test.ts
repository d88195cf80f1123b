import { describe, expect, it } from "vitest";
import type { PoolInfo, TokenInfo } from "../../lib/deployment.ts";
import {
  findPool,
  type IndexedPool,
  isPoolId,
  poolDirectory,
  swappableTokens,
  tokenDirectory,
} from "./directory.ts";

const WETH: TokenInfo = {
  address: "0x00000000000000000000000000000000000000Aa",
  symbol: "WETH",
  decimals: 18,
  kind: "collateral",
};
const SUSD: TokenInfo = {
  address: "0x00000000000000000000000000000000000000bB",
  symbol: "sUSD",
  decimals: 18,
  kind: "synth",
};
const NEW = "0x00000000000000000000000000000000000000cc";
const pool1: PoolInfo = {
  name: "WETH/sUSD 80/20",
  poolId: `0x${"1".repeat(64)}`,
  kind: "weighted",
  lpToken: "0x00000000000000000000000000000000000000f1",
  tokens: [WETH, SUSD],
};

function indexed(poolId: string, tokens: string[], extra: Partial<IndexedPool> = {}): IndexedPool {
  return {
    poolId,
    kind: "stable",
    lpToken: "0x00000000000000000000000000000000000000f2",
    tokens,
    balances: tokens.map(() => "1"),
    weights: [],
    amp: "200000",
    swapFee: "100000000000000",
    lpSupply: "1",
    tvlUsd: "1",
    tvlComplete: true,
    swapCount: 0,
    ...extra,
  };
}

describe("tokenDirectory", () => {
  it("keys tokens by lowercase address, deployment names winning, indexer prices kept", () => {
    const map = tokenDirectory(
      [WETH, SUSD],
      [
        { address: WETH.address.toLowerCase(), symbol: "weird", decimals: 18, priceUsd: "3000" },
        { address: NEW, symbol: null, decimals: 6, priceUsd: null },
        { address: "not-an-address", symbol: "X", decimals: 18, priceUsd: "1" },
        { address: SUSD.address.toLowerCase(), symbol: "sUSD", decimals: 18, priceUsd: "-1" },
      ],
    );
    expect(map.get(WETH.address.toLowerCase())).toEqual({
      address: WETH.address,
      symbol: "WETH",
      decimals: 18,
      priceUsd: 3000n,
    });
    expect(map.get(NEW)?.symbol).toBe("0x0000…00cc");
    expect(map.get(SUSD.address.toLowerCase())?.priceUsd).toBeNull();
    expect(map.has("not-an-address")).toBe(false);
  });
});

describe("poolDirectory", () => {
  const tokens = tokenDirectory(
    [WETH, SUSD],
    [{ address: NEW, symbol: "NEW", decimals: 6, priceUsd: "1" }],
  );
  it("lists the deployment's pools first, with their indexed rows", () => {
    const row = indexed(pool1.poolId.toUpperCase().replace("0X", "0x"), [
      WETH.address,
      SUSD.address,
    ]);
    const pools = poolDirectory([pool1], [row], tokens);
    expect(pools).toHaveLength(1);
    expect(pools[0]!.name).toBe("WETH/sUSD 80/20");
    expect(pools[0]!.indexed).toBe(row);
  });
  it("adds pools only the indexer knows, named by their tokens", () => {
    const extra = indexed(`0x${"2".repeat(64)}`, [SUSD.address.toLowerCase(), NEW]);
    const pools = poolDirectory([pool1], [extra], tokens);
    expect(pools.map((p) => p.name)).toEqual(["WETH/sUSD 80/20", "sUSD/NEW"]);
    expect(pools[1]!.kind).toBe("stable");
  });
  it("leaves out an indexed pool with a token it cannot describe", () => {
    const unknown = indexed(`0x${"3".repeat(64)}`, [
      NEW,
      "0x00000000000000000000000000000000000000dd",
    ]);
    expect(poolDirectory([], [unknown], tokens)).toEqual([]);
  });
  it("works without the indexer", () => {
    const pools = poolDirectory([pool1]);
    expect(pools[0]!.tokens.map((t) => t.priceUsd)).toEqual([null, null]);
    expect(pools[0]!.indexed).toBeUndefined();
  });
  it("lists every distinct token and finds pools by id in any case", () => {
    const extra = indexed(`0x${"2".repeat(64)}`, [SUSD.address.toLowerCase(), NEW]);
    const pools = poolDirectory([pool1], [extra], tokens);
    expect(swappableTokens(pools).map((t) => t.symbol)).toEqual(["WETH", "sUSD", "NEW"]);
    expect(findPool(pools, pool1.poolId.toUpperCase().replace("0X", "0x"))?.name).toBe(
      "WETH/sUSD 80/20",
    );
    expect(findPool(pools, "0x1234")).toBeUndefined();
  });
});

describe("isPoolId", () => {
  it("accepts 32-byte hex ids only", () => {
    expect(isPoolId(`0x${"a".repeat(64)}`)).toBe(true);
    expect(isPoolId(`0x${"A".repeat(64)}`)).toBe(true);
    for (const bad of [
      "",
      "0x",
      `0x${"a".repeat(63)}`,
      `0x${"g".repeat(64)}`,
      "swap",
      `${"a".repeat(66)}`,
    ]) {
      expect(isPoolId(bad)).toBe(false);
    }
  });
});
