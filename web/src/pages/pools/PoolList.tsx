// Every pool: kind, tokens, TVL, 24 h volume and fees, fee and fee APR, each linking to its page.
import { Link } from "react-router";
import { formatRatio, formatUsd } from "../../ui/format.ts";
import { QueryView } from "../../ui/States.tsx";
import type { PoolMeta } from "./directory.ts";
import { feeApr, type PoolDayStats } from "./math.ts";
import { useDayStats, type useDirectory } from "./queries.ts";
import { TableWrap } from "./TableWrap.tsx";

export function PoolList({
  chainId,
  directory,
}: {
  chainId: number;
  directory: ReturnType<typeof useDirectory>;
}) {
  const day = useDayStats(chainId, directory.chainNow, directory.tokens, directory.pools);
  return (
    <QueryView
      query={directory.query}
      what="pools"
      isEmpty={() => directory.pools.length === 0}
      empty="No pools on this network yet."
    >
      {() => {
        const pools = directory.pools;
        const totals = pools.reduce(
          (acc, p) => {
            const s = day.stats?.get(p.poolId.toLowerCase());
            return {
              tvl: acc.tvl + BigInt(p.indexed?.tvlUsd ?? "0"),
              volume: acc.volume + (s?.volumeUsd ?? 0n),
              fees: acc.fees + (s?.feesUsd ?? 0n),
            };
          },
          { tvl: 0n, volume: 0n, fees: 0n },
        );
        const dayText = (value: bigint) =>
          day.query.error ? "unavailable" : day.stats ? formatUsd(value) : "…";
        return (
          <>
            <section className="card" aria-labelledby="pools-totals">
              <h2 id="pools-totals">All pools</h2>
              <div className="stats">
                <Stat label="Total value locked" value={formatUsd(totals.tvl)} />
                <Stat label="Volume (24 h)" value={dayText(totals.volume)} />
                <Stat label="Fees (24 h)" value={dayText(totals.fees)} />
              </div>
            </section>
            <section className="card" aria-labelledby="pools-table">
              <h2 id="pools-table">Pools</h2>
              <TableWrap label="Pools table">
                <table data-testid="pools-table">
                  <thead>
                    <tr>
                      <th scope="col">Pool</th>
                      <th scope="col">Kind</th>
                      <th scope="col">Tokens</th>
                      <th scope="col" className="num">
                        TVL
                      </th>
                      <th scope="col" className="num">
                        Volume 24 h
                      </th>
                      <th scope="col" className="num">
                        Fee
                      </th>
                      <th scope="col" className="num">
                        Fee APR
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {pools.map((p) => (
                      <PoolRow
                        key={p.poolId}
                        pool={p}
                        stats={day.stats?.get(p.poolId.toLowerCase())}
                        dayState={day.query.error ? "error" : day.stats ? "ready" : "loading"}
                      />
                    ))}
                  </tbody>
                </table>
              </TableWrap>
              <p className="hint">
                Volume: every swap of the last 24 hours of chain time, valued at the latest oracle
                price of the token sold (of the token bought when the sold one has no price). Fees:
                the pool's swap fee on that value. Fee APR: 24 h fees × 365 ÷ TVL (all of the fee,
                the protocol's share included). TVL: pool balances at the latest oracle prices.
                {day.partial
                  ? " More than 20,000 swaps today: the volume counts the first 20,000."
                  : ""}
              </p>
              {day.query.error ? (
                <p className="error" role="alert">
                  The 24 h volume could not be loaded.{" "}
                  <button type="button" className="link" onClick={() => void day.query.refetch()}>
                    Try again
                  </button>
                </p>
              ) : null}
            </section>
          </>
        );
      }}
    </QueryView>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div className="stat">
      <span className="label">{label}</span>
      <span className="value">{value}</span>
    </div>
  );
}

export function composition(pool: PoolMeta): string {
  const weights = pool.indexed?.weights ?? [];
  if (pool.kind === "weighted" && weights.length === pool.tokens.length) {
    return pool.tokens
      .map((t, i) => `${t.symbol} ${formatRatio(weights[i] ?? "0", 0)}`)
      .join(" / ");
  }
  return pool.tokens.map((t) => t.symbol).join(" / ");
}

function PoolRow({
  pool,
  stats,
  dayState,
}: {
  pool: PoolMeta;
  stats: PoolDayStats | undefined;
  dayState: "loading" | "ready" | "error";
}) {
  const indexed = pool.indexed;
  const tvl = indexed ? BigInt(indexed.tvlUsd) : undefined;
  const apr = tvl === undefined ? undefined : feeApr(stats?.feesUsd ?? 0n, tvl);
  const day = (value: bigint | undefined) =>
    dayState === "loading" ? "…" : dayState === "error" ? "—" : formatUsd(value ?? 0n);
  return (
    <tr data-testid={`pool-row-${pool.poolId.toLowerCase()}`}>
      <th scope="row">
        <Link to={`/pools/${pool.poolId}`}>{pool.name}</Link>
      </th>
      <td>
        <span className="badge">{pool.kind === "stable" ? "Stable" : "Weighted"}</span>
      </td>
      <td>{composition(pool)}</td>
      <td className="num" data-testid="tvl">
        {indexed ? formatUsd(indexed.tvlUsd) : "—"}
        {indexed && !indexed.tvlComplete ? <span className="hint"> (partial)</span> : null}
      </td>
      <td className="num" data-testid="volume">
        {day(stats?.volumeUsd)}
      </td>
      <td className="num">{indexed ? formatRatio(indexed.swapFee, 3) : "—"}</td>
      <td className="num" data-testid="apr">
        {dayState === "loading"
          ? "…"
          : dayState === "ready" && apr !== undefined
            ? formatRatio(apr, 2)
            : "—"}
      </td>
    </tr>
  );
}
