// One pool: its balances, weights or amplification, fee, LP supply and the account's share (live
// from the chain), its price candles, a swap form on its pair, liquidity forms, and recent swaps.
import { lazy, Suspense } from "react";
import { Link, useParams } from "react-router";
import { useConnection } from "wagmi";
import {
  formatAmount,
  formatRatio,
  formatUsd,
  relativeTime,
  shortAddress,
} from "../../ui/format.ts";
import { Empty, ErrorState, Loading, QueryView } from "../../ui/States.tsx";
import { findPool, isPoolId, type PoolMeta, swappableTokens } from "./directory.ts";
import { LiquidityPanel } from "./LiquidityForms.tsx";
import { lpShare, valueUsd } from "./math.ts";
import {
  type PoolChainState,
  type useDirectory,
  usePoolChainState,
  useRecentSwaps,
} from "./queries.ts";
import { SwapForm } from "./SwapForm.tsx";
import { TableWrap } from "./TableWrap.tsx";

const CandlesChart = lazy(() => import("./CandlesChart.tsx"));

type DirectoryData = ReturnType<typeof useDirectory>;

export function PoolDetail({ chainId, directory }: { chainId: number; directory: DirectoryData }) {
  const { poolId = "" } = useParams();
  if (!isPoolId(poolId)) {
    return <ErrorState error={new Error(`“${poolId}” is not a pool id (0x and 64 hex digits).`)} />;
  }
  const pool = findPool(directory.pools, poolId);
  if (!pool) {
    if (directory.query.isPending) return <Loading what="the pool" />;
    return (
      <Empty>
        There is no pool {shortAddress(poolId)} on this network.{" "}
        <Link to="/pools">See every pool</Link>.
      </Empty>
    );
  }
  return <PoolView key={pool.poolId} chainId={chainId} pool={pool} directory={directory} />;
}

function PoolView({
  chainId,
  pool,
  directory,
}: {
  chainId: number;
  pool: PoolMeta;
  directory: DirectoryData;
}) {
  const { address } = useConnection();
  const state = usePoolChainState(chainId, pool, address);
  const tokens = swappableTokens(directory.pools);
  return (
    <>
      <div className="row pool-title">
        <h2 className="pool-name">{pool.name}</h2>
        <span className="badge">{pool.kind === "stable" ? "Stable" : "Weighted"}</span>
        <Link to="/pools" className="pool-back">
          All pools
        </Link>
      </div>
      <QueryView query={state} what="the pool's state">
        {(s) => (
          <>
            <PoolFacts pool={pool} state={s} hasAccount={address !== undefined} />
            <section className="card" aria-labelledby="pool-price">
              <h2 id="pool-price">Price</h2>
              <Suspense fallback={<Loading what="the chart" />}>
                <CandlesChart
                  chainId={chainId}
                  poolId={pool.poolId}
                  tokens={pool.tokens}
                  chainNow={directory.chainNow}
                />
              </Suspense>
            </section>
            <div className="grid">
              <SwapForm
                chainId={chainId}
                pools={directory.pools}
                tokens={tokens}
                defaultIn={pool.tokens[0]?.address}
                defaultOut={pool.tokens[1]?.address}
              />
              <LiquidityPanel chainId={chainId} pool={pool} state={s} account={address} />
            </div>
          </>
        )}
      </QueryView>
      <RecentSwaps chainId={chainId} pool={pool} />
    </>
  );
}

function PoolFacts({
  pool,
  state,
  hasAccount,
}: {
  pool: PoolMeta;
  state: PoolChainState;
  hasAccount: boolean;
}) {
  const share = lpShare(state.lpBalance, state.lpSupply);
  return (
    <section className="card" aria-labelledby="pool-facts">
      <h2 id="pool-facts">Pool</h2>
      <div className="stats">
        <Stat label="TVL" value={pool.indexed ? formatUsd(pool.indexed.tvlUsd) : "—"} />
        <Stat label="Swap fee" value={formatRatio(state.swapFee, 3)} />
        {pool.kind === "stable" ? (
          <Stat label="Amplification (A)" value={formatAmount(state.amp, 3, 3)} />
        ) : null}
        <Stat label="LP supply" value={formatAmount(state.lpSupply, 18)} testId="lp-supply" />
        <Stat
          label="Your LP shares"
          value={hasAccount ? formatAmount(state.lpBalance, 18, 6) : "—"}
          testId="lp-balance"
          raw={state.lpBalance.toString()}
        />
        <Stat
          label="Your share"
          value={hasAccount ? formatRatio(share, 4) : "Connect a wallet"}
          testId="lp-share"
        />
      </div>
      <TableWrap label="Pool balances">
        <table>
          <caption className="hint">Balances (excluding protocol fees owed)</caption>
          <thead>
            <tr>
              <th scope="col">Token</th>
              <th scope="col" className="num">
                Balance
              </th>
              {pool.kind === "weighted" ? (
                <th scope="col" className="num">
                  Weight
                </th>
              ) : null}
              <th scope="col" className="num">
                Value
              </th>
              {hasAccount ? (
                <th scope="col" className="num">
                  Your part
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {pool.tokens.map((t, i) => {
              const balance = state.balances[i] ?? 0n;
              return (
                <tr key={t.address} data-testid={`pool-balance-${t.symbol}`}>
                  <th scope="row">{t.symbol}</th>
                  <td className="num" data-value={balance.toString()}>
                    {formatAmount(balance, t.decimals)}
                  </td>
                  {pool.kind === "weighted" ? (
                    <td className="num">{formatRatio(state.weights[i] ?? 0n, 1)}</td>
                  ) : null}
                  <td className="num">
                    {t.priceUsd === null
                      ? "—"
                      : formatUsd(valueUsd(balance, t.priceUsd, t.decimals))}
                  </td>
                  {hasAccount ? (
                    <td className="num">
                      {state.lpSupply > 0n
                        ? formatAmount((balance * state.lpBalance) / state.lpSupply, t.decimals)
                        : "0"}
                    </td>
                  ) : null}
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}

function Stat({
  label,
  value,
  testId,
  raw,
}: {
  label: string;
  value: string;
  testId?: string;
  raw?: string;
}) {
  return (
    <div className="stat">
      <span className="label">{label}</span>
      <span className="value" data-testid={testId} data-value={raw}>
        {value}
      </span>
    </div>
  );
}

function RecentSwaps({ chainId, pool }: { chainId: number; pool: PoolMeta }) {
  const query = useRecentSwaps(chainId, pool.poolId);
  const token = (address: string) =>
    pool.tokens.find((t) => t.address.toLowerCase() === address.toLowerCase());
  return (
    <section className="card" aria-labelledby="pool-swaps">
      <h2 id="pool-swaps">Recent swaps</h2>
      <QueryView
        query={query}
        what="recent swaps"
        isEmpty={(rows) => rows.length === 0}
        empty="No swaps in this pool yet."
      >
        {(rows) => (
          <TableWrap label="Recent swaps table">
            <table data-testid="recent-swaps">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Sold</th>
                  <th scope="col">Bought</th>
                  <th scope="col">Account</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((s) => {
                  const tin = token(s.tokenIn);
                  const tout = token(s.tokenOut);
                  return (
                    <tr key={s.id}>
                      <td>{relativeTime(Number(s.timestamp))}</td>
                      <td>
                        {tin
                          ? `${formatAmount(s.amountIn, tin.decimals)} ${tin.symbol}`
                          : s.amountIn}
                      </td>
                      <td>
                        {tout
                          ? `${formatAmount(s.amountOut, tout.decimals)} ${tout.symbol}`
                          : s.amountOut}
                      </td>
                      <td>
                        <code title={s.sender}>{shortAddress(s.sender)}</code>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableWrap>
        )}
      </QueryView>
    </section>
  );
}
