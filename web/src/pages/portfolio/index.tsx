// Portfolio: what the connected account holds (wallet, LP shares, stake and rewards) and owes (synth
// positions with ratio, health and liquidation price) on every chain Fluxion runs on, each chain's
// share and the total, valued in USD at the oracle's indexed prices; its Lightning swaps and recent
// activity on the wallet's chain. Follows the chains and the API's stream live.
import { Link } from "react-router";
import { useConnection } from "wagmi";
import { useAppChainId } from "../../hooks/useAppChain.ts";
import type { Portfolio, PortfolioChain, PortfolioPosition } from "../../indexer/client.ts";
import { useCollateralTypes } from "../../indexer/collateral.ts";
import { chainName } from "../../lib/chains.ts";
import { deployedChainIds, tokenByAddress } from "../../lib/deployment.ts";
import { useLiveRefresh } from "../../stream/useStream.ts";
import {
  formatAmount,
  formatRatio,
  formatUsd,
  relativeTime,
  shortAddress,
} from "../../ui/format.ts";
import { Empty, QueryView } from "../../ui/States.tsx";
import { TableWrap } from "../../ui/TableWrap.tsx";
import { assetRows, chainTotals, totalsOf } from "./chains.ts";
import { liquidationPrice } from "./positionMath.ts";
import { useActivity, useLightningSwaps, usePortfolio } from "./queries.ts";

export function Component() {
  const { address } = useConnection();
  const chainId = useAppChainId();
  useLiveRefresh();
  if (!address) {
    return (
      <div className="page">
        <h1>Portfolio</h1>
        <Empty>Connect a wallet to see your balances, positions and swaps.</Empty>
      </div>
    );
  }
  return (
    <div className="page">
      <h1>Portfolio</h1>
      <Holdings address={address} />
      <div className="grid">
        <LightningSwaps chainId={chainId} />
        <Activity address={address} chainId={chainId} />
      </div>
    </div>
  );
}

function Holdings({ address }: { address: string }) {
  const query = usePortfolio(address);
  return (
    <QueryView query={query} what="your portfolio">
      {(data) => {
        const chains = [...data.chains].sort(
          (a, b) => deployedChainIds.indexOf(a.chainId) - deployedChainIds.indexOf(b.chainId),
        );
        if (chains.length === 0) {
          return (
            <Empty>
              Nothing here yet. Get collateral from the faucets on the{" "}
              <Link to="/debug">Debug</Link> page, then <Link to="/synths">mint a synth</Link>.
            </Empty>
          );
        }
        return <AllHoldings portfolio={data} chains={chains} />;
      }}
    </QueryView>
  );
}

/** Several chains deployed: the portfolio says which chain holds what, and adds them up. */
const multiChain = deployedChainIds.length > 1;

function AllHoldings({ portfolio, chains }: { portfolio: Portfolio; chains: PortfolioChain[] }) {
  const total = totalsOf(portfolio.totals);
  const wallet = assetRows(portfolio.assets, (a) => a.kind !== "lp");
  const arriving = wallet.filter((row) => row.inTransit > 0n);
  const lp = chains.flatMap((c) =>
    c.balances.filter((b) => b.kind === "lp").map((b) => ({ chainId: c.chainId, balance: b })),
  );
  const positions = chains.flatMap((c) => c.positions.map((p) => ({ chainId: c.chainId, p })));
  const staking = chains.filter((c) => c.governance !== null);
  const on = (chainId: number) => (multiChain ? ` on ${chainName(chainId)}` : "");
  return (
    <>
      <section className="card" aria-labelledby="totals">
        <h2 id="totals">Net worth</h2>
        <div className="stats">
          <Stat label="Net" value={formatUsd(total.netUsd)} testId="net-usd" />
          <Stat label="Wallet" value={formatUsd(total.walletUsd)} />
          <Stat label="Collateral" value={formatUsd(total.collateralUsd)} />
          <Stat label="Debt" value={formatUsd(total.debtUsd)} />
        </div>
        {multiChain ? (
          <TableWrap label="Net worth by chain">
            <table data-testid="chain-totals">
              <caption className="visually-hidden">Net worth by chain</caption>
              <thead>
                <tr>
                  <th scope="col">Chain</th>
                  <th scope="col" className="num">
                    Wallet
                  </th>
                  <th scope="col" className="num">
                    Collateral
                  </th>
                  <th scope="col" className="num">
                    Debt
                  </th>
                  <th scope="col" className="num">
                    Net
                  </th>
                </tr>
              </thead>
              <tbody>
                {chains.map((c) => {
                  const t = chainTotals(c);
                  return (
                    <tr key={c.chainId} data-testid={`chain-total-${c.chainId}`}>
                      <th scope="row">{chainName(c.chainId)}</th>
                      <td className="num">{formatUsd(t.walletUsd)}</td>
                      <td className="num">{formatUsd(t.collateralUsd)}</td>
                      <td className="num">{formatUsd(t.debtUsd)}</td>
                      <td className="num">{formatUsd(t.netUsd)}</td>
                    </tr>
                  );
                })}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">All chains</th>
                  <td className="num">{formatUsd(total.walletUsd)}</td>
                  <td className="num">{formatUsd(total.collateralUsd)}</td>
                  <td className="num">{formatUsd(total.debtUsd)}</td>
                  <td className="num">{formatUsd(total.netUsd)}</td>
                </tr>
              </tfoot>
            </table>
          </TableWrap>
        ) : null}
      </section>
      <div className="grid">
        <section className="card" aria-labelledby="balances">
          <h2 id="balances">Balances</h2>
          {wallet.length === 0 ? (
            <Empty>No tokens in this wallet.</Empty>
          ) : (
            <TableWrap label="Balances">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Token</th>
                    {multiChain
                      ? chains.map((c) => (
                          <th key={c.chainId} scope="col" className="num">
                            {chainName(c.chainId)}
                          </th>
                        ))
                      : null}
                    <th scope="col" className="num">
                      {multiChain ? "Total" : "Amount"}
                    </th>
                    <th scope="col" className="num">
                      Value
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {wallet.map((row) => (
                    <tr key={row.key} data-testid={`balance-${row.symbol ?? row.key}`}>
                      <th scope="row">{row.symbol ?? shortAddress(row.key)}</th>
                      {multiChain
                        ? chains.map((c) => (
                            <td
                              key={c.chainId}
                              className="num"
                              data-testid={`balance-${row.symbol ?? row.key}-${c.chainId}`}
                            >
                              {row.byChain.has(c.chainId)
                                ? formatAmount(row.byChain.get(c.chainId) ?? 0n, row.decimals)
                                : "—"}
                            </td>
                          ))
                        : null}
                      <td className="num" data-testid={`balance-${row.symbol ?? row.key}-total`}>
                        {formatAmount(row.total, row.decimals)}
                      </td>
                      <td className="num">{formatUsd(row.valueUsd)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          )}
          {arriving.length > 0 ? (
            <p className="hint" data-testid="in-transit">
              On its way to you from another chain:{" "}
              {arriving
                .map(
                  (row) => `${formatAmount(row.inTransit, row.decimals)} ${row.symbol ?? row.key}`,
                )
                .join(", ")}{" "}
              (<Link to="/cross-chain">follow it</Link>).
            </p>
          ) : null}
        </section>
        <section className="card" aria-labelledby="positions">
          <h2 id="positions">Synth positions</h2>
          {positions.length === 0 ? (
            <Empty>
              No open positions. <Link to="/synths">Mint a synth</Link> against collateral.
            </Empty>
          ) : (
            positions.map(({ chainId, p }) => (
              <Position
                key={`${chainId}-${p.collateral}-${p.synth}`}
                chainId={chainId}
                position={p}
                where={on(chainId)}
              />
            ))
          )}
        </section>
        <section className="card" aria-labelledby="lp">
          <h2 id="lp">Liquidity</h2>
          {lp.length === 0 ? (
            <Empty>
              No pool shares. <Link to="/pools">Add liquidity</Link> to earn swap fees.
            </Empty>
          ) : (
            <ul className="plain">
              {lp.map(({ chainId, balance: b }) => (
                <li key={`${chainId}-${b.token}`} className="row">
                  <span>
                    {b.symbol}
                    {on(chainId)}
                  </span>
                  <span className="num">{formatAmount(b.amount, b.decimals)} shares</span>
                  <span className="num">{formatUsd(b.valueUsd)}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="card" aria-labelledby="staking">
          <h2 id="staking">Staking and votes</h2>
          {staking.length === 0 ? (
            <Empty>
              Not staking. <Link to="/governance">Stake FLX</Link> to vote and share protocol fees.
            </Empty>
          ) : (
            staking.map((chain) => (
              <Staking key={chain.chainId} chain={chain} where={on(chain.chainId)} />
            ))
          )}
        </section>
      </div>
    </>
  );
}

function Staking({ chain, where }: { chain: PortfolioChain; where: string }) {
  const governance = chain.governance;
  if (!governance) return null;
  return (
    <div>
      {where ? <h3>FLX{where}</h3> : null}
      <div className="stats">
        <Stat label="Staked FLX" value={formatAmount(governance.staked, 18)} />
        <Stat label="Voting power" value={formatAmount(governance.votingPower, 18)} />
        <Stat
          label="Cooling down"
          value={
            governance.cooling === "0"
              ? "—"
              : `${formatAmount(governance.cooling, 18)} (${relativeTime(Number(governance.cooldownEnd))})`
          }
        />
        {governance.rewards.map((r) => {
          const token = tokenByAddress(chain.chainId, r.token);
          return (
            <Stat
              key={r.token}
              label={`Rewards ${token?.symbol ?? shortAddress(r.token)}`}
              value={formatAmount(r.earned, token?.decimals ?? 18)}
            />
          );
        })}
      </div>
    </div>
  );
}

function Position({
  chainId,
  position,
  where,
}: {
  chainId: number;
  position: PortfolioPosition;
  /** " on <chain>" when several chains are deployed. */
  where: string;
}) {
  const collateral = tokenByAddress(chainId, position.collateral);
  const synth = tokenByAddress(chainId, position.synth);
  const types = useCollateralTypes(chainId);
  const type = types.data?.find((t) => t.token.toLowerCase() === position.collateral.toLowerCase());
  const liquidation = liquidationPrice(
    position,
    collateral?.decimals ?? 18,
    type ? BigInt(type.liquidationRatio) : undefined,
  );
  const health = position.liquidatable ? "danger" : position.health === "healthy" ? "ok" : "warn";
  return (
    <div className="position" data-testid={`position-${collateral?.symbol}-${synth?.symbol}`}>
      <h3>
        {synth?.symbol ?? shortAddress(position.synth)} against{" "}
        {collateral?.symbol ?? shortAddress(position.collateral)}
        {where}{" "}
        <span className={`badge ${health}`}>
          {position.liquidatable ? "liquidatable" : position.health}
        </span>
      </h3>
      <dl className="preview">
        <dt>Collateral</dt>
        <dd>
          {formatAmount(position.collateralAmount, collateral?.decimals ?? 18)} {collateral?.symbol}{" "}
          ({formatUsd(position.collateralValueUsd)})
        </dd>
        <dt>Debt</dt>
        <dd>
          {formatAmount(position.debt, 18)} {synth?.symbol} ({formatUsd(position.debtValueUsd)})
        </dd>
        <dt>Collateral ratio</dt>
        <dd data-testid="collateral-ratio">{formatRatio(position.collateralRatio)}</dd>
        <dt>Liquidation price</dt>
        <dd>
          {liquidation === undefined ? "—" : `${formatUsd(liquidation)} per ${collateral?.symbol}`}
        </dd>
      </dl>
    </div>
  );
}

function LightningSwaps({ chainId }: { chainId: number }) {
  const query = useLightningSwaps();
  return (
    <section className="card" aria-labelledby="ln-swaps">
      <h2 id="ln-swaps">Lightning swaps</h2>
      {query.fetchStatus === "idle" && query.isPending ? (
        <Empty>Sign in to see your Lightning swaps.</Empty>
      ) : (
        <QueryView
          query={query}
          what="your swaps"
          isEmpty={(d) => d.items.length === 0}
          empty={
            <>
              No swaps yet. <Link to="/lightning">Mint with Lightning</Link>.
            </>
          }
        >
          {(data) => (
            <ul className="plain">
              {data.items.map((s) => {
                const synth = tokenByAddress(chainId, s.synth);
                return (
                  <li key={s.paymentHash} className="row">
                    <span className="badge">{s.direction}</span>
                    <span>{Number(s.sats).toLocaleString("en-US")} sats</span>
                    <span>
                      {formatAmount(s.amount, synth?.decimals ?? 18)} {synth?.symbol}
                    </span>
                    <span className="muted">{s.status}</span>
                  </li>
                );
              })}
            </ul>
          )}
        </QueryView>
      )}
    </section>
  );
}

function Activity({ address, chainId }: { address: string; chainId: number }) {
  const query = useActivity(address, chainId);
  return (
    <section className="card" aria-labelledby="activity">
      <h2 id="activity">Recent activity</h2>
      <QueryView query={query} what="your activity">
        {(data) => {
          const me = address.toLowerCase();
          const rows = [
            ...data.positionEvents.items.map((e) => {
              const collateral = tokenByAddress(chainId, e.collateral);
              const synth = tokenByAddress(chainId, e.synth);
              const isCollateral = e.kind === "deposit" || e.kind === "withdraw";
              const token = isCollateral ? collateral : synth;
              return {
                id: e.id,
                at: Number(e.timestamp),
                text: `${e.kind} ${formatAmount(e.amount, token?.decimals ?? 18)} ${token?.symbol ?? ""}`,
              };
            }),
            ...data.swaps.items.map((s) => {
              const tin = tokenByAddress(chainId, s.tokenIn);
              const tout = tokenByAddress(chainId, s.tokenOut);
              return {
                id: s.id,
                at: Number(s.timestamp),
                text: `swap ${formatAmount(s.amountIn, tin?.decimals ?? 18)} ${tin?.symbol ?? ""} for ${formatAmount(s.amountOut, tout?.decimals ?? 18)} ${tout?.symbol ?? ""}`,
              };
            }),
            ...data.transfers.items.map((t) => {
              const token = tokenByAddress(chainId, t.token);
              const incoming = t.to.toLowerCase() === me;
              return {
                id: t.id,
                at: Number(t.timestamp),
                text: `${incoming ? "received" : "sent"} ${formatAmount(t.amount, token?.decimals ?? 18)} ${token?.symbol ?? shortAddress(t.token)}`,
              };
            }),
          ]
            .sort((a, b) => b.at - a.at)
            .slice(0, 15);
          if (rows.length === 0) return <Empty>No activity yet.</Empty>;
          return (
            <ul className="plain">
              {rows.map((r) => (
                <li key={r.id} className="row">
                  <span>{r.text}</span>
                  <span className="muted">{relativeTime(r.at)}</span>
                </li>
              ))}
            </ul>
          );
        }}
      </QueryView>
    </section>
  );
}

function Stat({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="stat">
      <span className="label">{label}</span>
      <span className="value" data-testid={testId}>
        {value}
      </span>
    </div>
  );
}
