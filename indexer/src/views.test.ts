// The schema's views, computed by the database when read, against the TypeScript they replaced: a
// position's valuation (fixedPoint.ts, as `SynthVault.positionOf`) and hourly candles (one candle
// per hour fed by every swap, as the Swap handler kept them). Each case runs on the PGlite Ponder
// embeds and on Postgres (when one answers; CI requires it): both must give the same integers.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import pg from "pg";
import { afterAll, beforeAll, describe, it } from "vitest";
import {
  candle,
  candleHour,
  collateralType,
  oracleAsset,
  position,
  positionValue,
} from "../ponder.schema.ts";
import { postgresAvailable, postgresUrl } from "../test/support/indexerProcess.ts";
import { bucketStart, orientPair, tradePrice } from "./lib/candles.ts";
import {
  collateralRatio,
  debtValueUsd,
  MAX_UINT256,
  maxBig,
  minBig,
  valueUsd,
  WAD,
} from "./lib/fixedPoint.ts";

// Ponder's own drizzle (to render the views as Ponder does) and PGlite (the one it runs on): other
// versions sit at the root of node_modules, so both are loaded from Ponder's place, typed here.
type Column = { name: string; notNull: boolean; getSQLType(): string };
type Table = object;
type View = object;
type PgCore = {
  PgDialect: new (config: {
    casing: "snake_case";
  }) => { sqlToQuery(sql: unknown): { sql: string } };
  getTableConfig(table: Table): { name: string; columns: Column[] };
  getViewConfig(view: View): { name: string; query?: unknown };
};
type PgliteModule = {
  PGlite: new () => {
    query<T>(text: string, params?: unknown[]): Promise<{ rows: T[] }>;
    close(): Promise<void>;
  };
};
const fromPonder = createRequire(import.meta.resolve("ponder"));
const { PgDialect, getTableConfig, getViewConfig } = (await import(
  fromPonder.resolve("drizzle-orm/pg-core")
)) as PgCore;
const { PGlite } = (await import(fromPonder.resolve("@electric-sql/pglite"))) as PgliteModule;

type Rows = Record<string, unknown>[];
type Database = {
  name: string;
  query(text: string, params?: unknown[]): Promise<Rows>;
  close(): Promise<void>;
};

const tables: Table[] = [position, collateralType, oracleAsset, candle];
const views: View[] = [positionValue, candleHour];

function createTable(table: Table): string {
  const config = getTableConfig(table);
  const columns = config.columns.map(
    (c) => `"${c.name}" ${c.getSQLType()}${c.notNull ? " NOT NULL" : ""}`,
  );
  return `CREATE TABLE "${config.name}" (${columns.join(", ")})`;
}

function createView(view: View): string {
  const config = getViewConfig(view);
  const { sql } = new PgDialect({ casing: "snake_case" }).sqlToQuery(config.query);
  return `CREATE VIEW "${config.name}" AS ${sql}`;
}

async function pglite(): Promise<Database> {
  const db = new PGlite();
  return {
    name: "pglite",
    query: async (text, params) => (await db.query<Record<string, unknown>>(text, params)).rows,
    close: () => db.close(),
  };
}

async function postgres(): Promise<Database> {
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  const schema = `views_test_${process.pid}_${Date.now()}`;
  await client.query(`CREATE SCHEMA "${schema}"`);
  await client.query(`SET search_path TO "${schema}"`);
  return {
    name: "postgres",
    query: async (text, params) => (await client.query(text, params)).rows,
    close: async () => {
      await client.query(`DROP SCHEMA "${schema}" CASCADE`);
      await client.end();
    },
  };
}

/** Inserts rows (camelCase keys; bigints and arrays as the driver takes them). */
async function insert(db: Database, table: Table, rows: Record<string, unknown>[]) {
  const config = getTableConfig(table);
  for (const row of rows) {
    const columns = config.columns.filter((c) => row[keyOf(table, c.name)] !== undefined);
    const values = columns.map((c) => {
      const v = row[keyOf(table, c.name)];
      return typeof v === "bigint" ? v.toString() : v;
    });
    await db.query(
      `INSERT INTO "${config.name}" (${columns.map((c) => `"${c.name}"`).join(", ")}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(", ")})`,
      values,
    );
  }
}

function keyOf(table: Table, sqlName: string): string {
  const entry = Object.entries(table).find(
    ([, column]) => (column as { name?: unknown })?.name === sqlName,
  );
  if (!entry) throw new Error(`no column ${sqlName}`);
  return entry[0];
}

const databases: Database[] = [];

beforeAll(async () => {
  databases.push(await pglite());
  if (await postgresAvailable()) databases.push(await postgres());
  for (const db of databases) {
    for (const table of tables) await db.query(createTable(table));
    for (const view of views) await db.query(createView(view));
  }
});

afterAll(async () => {
  for (const db of databases) await db.close();
});

async function reset(db: Database) {
  for (const table of tables) await db.query(`DELETE FROM "${getTableConfig(table).name}"`);
}

// ---------------------------------------------------------------- positions

const CHAIN = 31337;
const addr = (n: number) => `0x${n.toString(16).padStart(40, "0")}`;
const SUSD = addr(0x5d);
const SXAU = addr(0x5a);
const WETH = addr(0xe7);
const USDC = addr(0xc6);
const WBTC = addr(0xb8);
const UNLISTED = addr(0xdd);
const ROUND = addr(0xe8);

type Asset = { asset: string; feed: string | null; priceUsd: bigint | null };
type Config = { token: string; decimals: number; issuanceRatio: bigint; liquidationRatio: bigint };
type Amounts = {
  owner: string;
  collateral: string;
  synth: string;
  collateralAmount: bigint;
  debt: bigint;
};

/** The valuation the handlers computed before (valuation.ts), in TypeScript, as the reference. */
function expectedValue(p: Amounts, assets: Asset[], configs: Config[]) {
  const config = configs.find((c) => c.token === p.collateral);
  const priceOf = (asset: string) => {
    const row = assets.find((a) => a.asset === asset);
    return row?.feed ? (row.priceUsd ?? null) : null;
  };
  const cPrice = p.collateralAmount === 0n ? 0n : priceOf(p.collateral);
  const sPrice = p.debt === 0n ? 0n : priceOf(p.synth);
  if (!config || cPrice === null || sPrice === null) {
    return {
      collateralValueUsd: null,
      debtValueUsd: null,
      collateralRatio: null,
      liquidatable: false,
      health: p.debt === 0n ? "no_debt" : "unpriced",
    };
  }
  const cValue = valueUsd(p.collateralAmount, cPrice, config.decimals);
  const dValue = debtValueUsd(p.debt, sPrice);
  const ratio = collateralRatio(cValue, dValue);
  const liquidatable = ratio < config.liquidationRatio;
  return {
    collateralValueUsd: cValue.toString(),
    debtValueUsd: dValue.toString(),
    collateralRatio: ratio.toString(),
    liquidatable,
    health:
      p.debt === 0n
        ? "no_debt"
        : liquidatable
          ? "liquidatable"
          : ratio < config.issuanceRatio
            ? "below_issuance"
            : "healthy",
  };
}

async function valued(db: Database, assets: Asset[], configs: Config[], positions: Amounts[]) {
  await reset(db);
  await insert(
    db,
    oracleAsset,
    assets.map((a) => ({
      chainId: CHAIN,
      ...a,
      heartbeat: 3600,
      maxDeviation: 0n,
      rearmRounds: 3,
      tripped: false,
      tripCount: 0,
      rearmCount: 0,
    })),
  );
  await insert(
    db,
    collateralType,
    configs.map((c) => ({ chainId: CHAIN, ...c, liquidationBonus: WAD / 10n, enabled: true })),
  );
  await insert(
    db,
    position,
    positions.map((p, i) => ({
      chainId: CHAIN,
      ...p,
      liquidationCount: i % 3,
      badDebt: BigInt(i),
      updatedBlock: BigInt(100 + i),
    })),
  );
  const rows = await db.query(`SELECT * FROM position_value ORDER BY owner, collateral, synth`);
  assert.equal(rows.length, positions.length, `${db.name}: one valued row per position`);
  return rows;
}

function assertValued(
  db: Database,
  rows: Rows,
  positions: Amounts[],
  assets: Asset[],
  configs: Config[],
) {
  const sorted = [...positions].sort((a, b) =>
    `${a.owner}${a.collateral}${a.synth}`.localeCompare(`${b.owner}${b.collateral}${b.synth}`),
  );
  for (const [i, p] of sorted.entries()) {
    const row = rows[i]!;
    const where = `${db.name}: ${p.owner}/${p.collateral}/${p.synth}`;
    const want = expectedValue(p, assets, configs);
    const got = {
      collateralValueUsd: row.collateral_value_usd ?? null,
      debtValueUsd: row.debt_value_usd ?? null,
      collateralRatio: row.collateral_ratio ?? null,
      liquidatable: row.liquidatable,
      health: row.health,
    };
    assert.deepEqual(got, want, where);
    assert.equal(row.collateral_amount, p.collateralAmount.toString(), `${where}: amount`);
    assert.equal(row.debt, p.debt.toString(), `${where}: debt`);
  }
}

const e18 = (n: bigint) => n * WAD;
const priced: Asset[] = [
  { asset: SUSD, feed: addr(1), priceUsd: WAD },
  { asset: SXAU, feed: addr(2), priceUsd: 2_345_678_901_234_567_891_234n },
  { asset: WETH, feed: addr(3), priceUsd: 3_000n * WAD + 7n },
  { asset: USDC, feed: addr(4), priceUsd: 999_999_999_999_999_999n },
  { asset: ROUND, feed: addr(5), priceUsd: 3_000n * WAD },
  // A removed feed keeps its last price in the row: it no longer counts.
  { asset: WBTC, feed: null, priceUsd: 60_000n * WAD },
];
const configs: Config[] = [
  {
    token: WETH,
    decimals: 18,
    issuanceRatio: 15n * 10n ** 17n,
    liquidationRatio: 12n * 10n ** 17n,
  },
  { token: USDC, decimals: 6, issuanceRatio: 15n * 10n ** 17n, liquidationRatio: 12n * 10n ** 17n },
  { token: WBTC, decimals: 8, issuanceRatio: 15n * 10n ** 17n, liquidationRatio: 12n * 10n ** 17n },
  {
    token: ROUND,
    decimals: 18,
    issuanceRatio: 15n * 10n ** 17n,
    liquidationRatio: 12n * 10n ** 17n,
  },
  { token: UNLISTED, decimals: 0, issuanceRatio: 2n * WAD, liquidationRatio: 13n * 10n ** 17n },
];

describe("position_value", () => {
  it("values the edge cases as positionOf: no debt, unpriced, the ratio boundaries, rounding", async () => {
    const usd = (n: bigint) => ({ collateral: USDC, synth: SUSD, collateralAmount: n });
    const positions: Amounts[] = [
      // No debt: ratio 2^256-1, never liquidatable.
      { owner: addr(0x101), collateral: WETH, synth: SUSD, collateralAmount: e18(2n), debt: 0n },
      // Nothing at all: no price needed.
      { owner: addr(0x102), collateral: WBTC, synth: SXAU, collateralAmount: 0n, debt: 0n },
      // No debt but collateral whose feed is gone: unpriced values, still no_debt.
      { owner: addr(0x103), collateral: WBTC, synth: SUSD, collateralAmount: 10n ** 8n, debt: 0n },
      // Debt in a synth the oracle does not price: unpriced.
      { owner: addr(0x104), collateral: WETH, synth: addr(0x99), collateralAmount: WAD, debt: 1n },
      // Collateral the vault has no settings for: unpriced.
      { owner: addr(0x105), collateral: addr(0x98), synth: SUSD, collateralAmount: WAD, debt: WAD },
      // Zero collateral with debt: ratio 0, liquidatable.
      { owner: addr(0x106), collateral: WETH, synth: SUSD, collateralAmount: 0n, debt: 5n },
      // USDC at 0.999...: 12 USDC is worth 11.999999999999999988, against 10 sUSD at $1.
      { owner: addr(0x107), ...usd(12_000_000n), debt: e18(10n) },
      // Collateral with settings (0 decimals) but no feed, no debt: unpriced values, no_debt.
      { owner: addr(0x108), collateral: UNLISTED, synth: SUSD, collateralAmount: 5n, debt: 0n },
      // Exactly at the liquidation ratio (1.2): not liquidatable (the vault's test is strict).
      {
        owner: addr(0x10b),
        collateral: ROUND,
        synth: SUSD,
        collateralAmount: e18(4n),
        debt: e18(10_000n),
      },
      // Exactly at the issuance ratio (1.5): healthy.
      {
        owner: addr(0x10c),
        collateral: ROUND,
        synth: SUSD,
        collateralAmount: e18(4n),
        debt: e18(8_000n),
      },
      // Debt rounded up: 1 wei of sUSD at $1 is 1 wei of USD; of sXAU, ceil(2345.67...).
      { owner: addr(0x109), collateral: WETH, synth: SXAU, collateralAmount: 1n, debt: 1n },
      // Huge amounts: products far beyond 2^256 must stay exact.
      {
        owner: addr(0x10a),
        collateral: WETH,
        synth: SXAU,
        collateralAmount: 2n ** 200n + 12_345n,
        debt: 2n ** 180n + 1n,
      },
    ];
    // Ratio exactly 1.2 and just under it, with an $1 synth (debt value = debt).
    const exact = (owner: number, debt: bigint, collateralAmount: bigint): Amounts => ({
      owner: addr(owner),
      collateral: WETH,
      synth: SUSD,
      collateralAmount,
      debt,
    });
    // Around the boundaries where the ratio is rounded down: 4 WETH at $3000 + 7 wei.
    const cValue = valueUsd(4n * WAD, priced[2]!.priceUsd!, 18);
    const atLiquidation = (cValue * WAD) / (12n * 10n ** 17n); // ratio >= 1.2
    const atIssuance = (cValue * WAD) / (15n * 10n ** 17n);
    positions.push(
      exact(0x201, atLiquidation, 4n * WAD),
      exact(0x202, atLiquidation + 1n, 4n * WAD),
      exact(0x203, atIssuance, 4n * WAD),
      exact(0x204, atIssuance + 1n, 4n * WAD),
      exact(0x205, atLiquidation - 1n, 4n * WAD),
    );
    // Sanity of the boundary cases themselves (against the reference).
    const health = (p: Amounts) => expectedValue(p, priced, configs).health;
    assert.equal(health(positions.at(-5)!), "below_issuance");
    assert.equal(health(positions.at(-4)!), "liquidatable");
    assert.equal(health(positions.at(-3)!), "healthy");
    assert.equal(health(positions.at(-2)!), "below_issuance");
    assert.equal(health(positions[0]!), "no_debt");
    assert.equal(
      expectedValue(positions[0]!, priced, configs).collateralRatio,
      MAX_UINT256.toString(),
    );
    assert.equal(health(positions[3]!), "unpriced");
    assert.equal(health(positions[8]!), "below_issuance");
    assert.equal(
      expectedValue(positions[8]!, priced, configs).collateralRatio,
      ((12n * WAD) / 10n).toString(),
    );
    assert.equal(health(positions[9]!), "healthy");
    for (const db of databases) {
      const rows = await valued(db, priced, configs, positions);
      assertValued(db, rows, positions, priced, configs);
    }
  });

  it("agrees with the reference on 300 random positions", async () => {
    let seed = 0x5eedn;
    const next = (bits: bigint) => {
      seed = (seed * 6364136223846793005n + 1442695040888963407n) % 2n ** 64n;
      return (seed * 0x9e3779b97f4a7c15n) % 2n ** bits;
    };
    const collaterals = [WETH, USDC, WBTC, ROUND, UNLISTED, addr(0x98)];
    const synths = [SUSD, SXAU, WETH];
    const positions: Amounts[] = [];
    for (let i = 0; i < 300; i++) {
      const size = [0n, 8n, 40n, 64n, 130n][Number(next(3n)) % 5]!;
      positions.push({
        owner: addr(0x1000 + i),
        collateral: collaterals[Number(next(8n)) % collaterals.length]!,
        synth: synths[Number(next(8n)) % synths.length]!,
        collateralAmount: size === 0n ? 0n : next(size),
        debt: next(3n) === 0n ? 0n : next([8n, 60n, 100n][Number(next(2n)) % 3]!),
      });
    }
    for (const db of databases) {
      const rows = await valued(db, priced, configs, positions);
      assertValued(db, rows, positions, priced, configs);
    }
  });
});

// ---------------------------------------------------------------- hourly candles

type Swap = {
  timestamp: bigint;
  tokenIn: string;
  tokenOut: string;
  amountIn: bigint;
  amountOut: bigint;
};
type Candle = {
  base: string;
  quote: string;
  bucketStart: bigint;
  open: bigint;
  high: bigint;
  low: bigint;
  close: bigint;
  volumeBase: bigint;
  volumeQuote: bigint;
  trades: number;
};

const POOL = `0x${"ab".repeat(32)}`;
const poolTokens = [WETH, USDC, SUSD];
const decimals: Record<string, number> = { [WETH]: 18, [USDC]: 6, [SUSD]: 18 };

/** The candles of these swaps in buckets of `size` seconds, as the Swap handler builds them. */
function candlesOf(swaps: Swap[], size: "1m" | "1h"): Candle[] {
  const out = new Map<string, Candle>();
  for (const s of swaps) {
    const pair = orientPair(poolTokens, s.tokenIn, s.tokenOut)!;
    const baseAmount = pair.base === s.tokenIn ? s.amountIn : s.amountOut;
    const quoteAmount = pair.base === s.tokenIn ? s.amountOut : s.amountIn;
    const price = tradePrice(baseAmount, quoteAmount, decimals[pair.base]!, decimals[pair.quote]!);
    const start = bucketStart(s.timestamp, size);
    const key = `${pair.base}:${pair.quote}:${start}`;
    const c = out.get(key);
    out.set(
      key,
      c
        ? {
            ...c,
            high: maxBig(price, c.high),
            low: minBig(price, c.low),
            close: price,
            volumeBase: c.volumeBase + baseAmount,
            volumeQuote: c.volumeQuote + quoteAmount,
            trades: c.trades + 1,
          }
        : {
            ...pair,
            bucketStart: start,
            open: price,
            high: price,
            low: price,
            close: price,
            volumeBase: baseAmount,
            volumeQuote: quoteAmount,
            trades: 1,
          },
    );
  }
  return [...out.values()];
}

const text = (c: Candle) => ({
  base: c.base,
  quote: c.quote,
  bucket_start: c.bucketStart.toString(),
  open: c.open.toString(),
  high: c.high.toString(),
  low: c.low.toString(),
  close: c.close.toString(),
  volume_base: c.volumeBase.toString(),
  volume_quote: c.volumeQuote.toString(),
  trades: c.trades,
});

describe("candle_hour", () => {
  it("adds up the minutes into exactly the candle each hour's swaps make", async () => {
    let seed = 7n;
    const next = (n: bigint) => {
      seed = (seed * 6364136223846793005n + 1442695040888963407n) % 2n ** 64n;
      return (seed >> 16n) % n;
    };
    const swaps: Swap[] = [];
    // Time only moves forward (swaps in block order); several hours, minutes with one or many swaps,
    // swaps on either side of each pair, an hour boundary at 3600 x k exactly.
    let timestamp = 1_700_000_000n - (1_700_000_000n % 3600n) - 90n;
    for (let i = 0; i < 400; i++) {
      timestamp += [0n, 0n, 1n, 7n, 59n, 60n, 600n, 3_000n][Number(next(8n))]!;
      const [a, b] = [
        [0, 1],
        [1, 0],
        [0, 2],
        [2, 1],
        [1, 2],
      ][Number(next(5n))]!;
      swaps.push({
        timestamp,
        tokenIn: poolTokens[a!]!,
        tokenOut: poolTokens[b!]!,
        amountIn: next(10n ** BigInt(decimals[poolTokens[a!]!]! + 3)) + 1n,
        amountOut: next(10n ** BigInt(decimals[poolTokens[b!]!]! + 3)),
      });
    }
    const minutes = candlesOf(swaps, "1m");
    const hours = candlesOf(swaps, "1h");
    assert.ok(hours.length >= 10 && minutes.length > hours.length * 2, "several minutes per hour");
    const order = (x: Candle, y: Candle) =>
      x.bucketStart === y.bucketStart
        ? `${x.base}${x.quote}`.localeCompare(`${y.base}${y.quote}`)
        : x.bucketStart < y.bucketStart
          ? -1
          : 1;
    for (const db of databases) {
      await reset(db);
      // Inserted out of order: the view orders minutes by time, not by row order.
      const shuffled = [...minutes].sort(() => (next(2n) === 0n ? -1 : 1));
      await insert(
        db,
        candle,
        shuffled.map((c) => ({ chainId: CHAIN, poolId: POOL, ...c })),
      );
      // Another pool's candles in the same hours stay out.
      await insert(db, candle, [
        { chainId: CHAIN, poolId: `0x${"cd".repeat(32)}`, ...minutes[0]!, trades: 99 },
      ]);
      const rows = await db.query(
        `SELECT base, quote, bucket_start, open, high, low, close, volume_base, volume_quote, trades
         FROM candle_hour WHERE chain_id = $1 AND pool_id = $2 ORDER BY bucket_start, base, quote`,
        [CHAIN, POOL],
      );
      assert.deepEqual(rows, [...hours].sort(order).map(text), `${db.name}: hourly candles`);
      // A range of hours: the bucket filter applies to the hour, as the route's from/to do.
      const from = hours[3]!.bucketStart;
      const to = hours[6]!.bucketStart;
      const ranged = await db.query(
        `SELECT bucket_start FROM candle_hour WHERE pool_id = $1 AND bucket_start >= $2 AND bucket_start <= $3`,
        [POOL, from.toString(), to.toString()],
      );
      assert.deepEqual(
        new Set(ranged.map((r) => r.bucket_start)),
        new Set(
          hours
            .filter((h) => h.bucketStart >= from && h.bucketStart <= to)
            .map((h) => h.bucketStart.toString()),
        ),
        `${db.name}: a range of hours`,
      );
    }
  });
});
