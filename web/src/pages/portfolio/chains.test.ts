// The portfolio across chains as the page shows the indexer's sums: totals as integers, each asset one
// row with its amount per chain, its total, a value only when every holding is priced, and what is
// still on its way between chains.
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import type { PortfolioAsset, PortfolioChain } from "../../indexer/client.ts";
import { assetRows, chainTotals, totalsOf } from "./chains.ts";

const e18 = 10n ** 18n;

function asset(fields: Partial<PortfolioAsset>): PortfolioAsset {
  return {
    asset: "sUSD",
    kind: "synth",
    symbol: "sUSD",
    decimals: 18,
    assetId: "sUSD",
    amount: "0",
    valueUsd: "0",
    complete: true,
    inTransit: "0",
    chains: [],
    ...fields,
  };
}

describe("the portfolio across chains", () => {
  it("reads the totals as exact integers", () => {
    const totals = {
      walletUsd: (3100n * e18).toString(),
      collateralUsd: "0",
      debtUsd: (5n * e18).toString(),
      netUsd: (3095n * e18).toString(),
    };
    assert.deepEqual(totalsOf(totals), {
      walletUsd: 3100n * e18,
      collateralUsd: 0n,
      debtUsd: 5n * e18,
      netUsd: 3095n * e18,
    });
    const chain = { chainId: 31338, totals } as PortfolioChain;
    assert.equal(chainTotals(chain).netUsd, 3095n * e18);
  });

  it("shows an asset held on two chains as one row with each chain's amount", () => {
    const [row] = assetRows([
      asset({
        amount: (100n * e18).toString(),
        valueUsd: (100n * e18).toString(),
        inTransit: (10n * e18).toString(),
        chains: [
          { chainId: 31337, token: "0xa", amount: (75n * e18).toString(), valueUsd: null },
          { chainId: 31338, token: "0xb", amount: (25n * e18).toString(), valueUsd: null },
        ],
      }),
    ]);
    assert.ok(row);
    assert.deepEqual(
      [...row.byChain],
      [
        [31337, 75n * e18],
        [31338, 25n * e18],
      ],
    );
    assert.equal(row.total, 100n * e18);
    assert.equal(row.valueUsd, 100n * e18);
    assert.equal(row.inTransit, 10n * e18);
  });

  it("values a row only when every holding is priced, and filters by kind", () => {
    const rows = assetRows(
      [
        asset({ amount: "5", valueUsd: "3", complete: false }),
        asset({ asset: "LP sUSD/USDC", kind: "lp", symbol: "LP sUSD/USDC", assetId: null }),
      ],
      (a) => a.kind !== "lp",
    );
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.valueUsd, null);
  });
});
