// Both assets' prices as the vault sees them: USD price, age of the latest round against the feed's
// heartbeat, the circuit breaker (armed, tripped, re-arming) and rounds it has not checked yet.
import { formatRatio, formatUsd } from "../../ui/format.ts";
import type { PairOracle } from "./context.ts";
import { type AssetOracle, durationText, type OracleStatus } from "./oracle.ts";

export function OracleCard({
  collateral,
  synth,
  pair,
}: {
  collateral: AssetOracle;
  synth: AssetOracle;
  pair: PairOracle;
}) {
  return (
    <section className="card" aria-labelledby="synths-oracle">
      <h2 id="synths-oracle">Prices</h2>
      <div className="synths-oracles">
        <OracleAsset oracle={synth} status={pair.synth} />
        <OracleAsset oracle={collateral} status={pair.collateral} />
      </div>
      {pair.sameFeed ? (
        <p className="hint">
          {synth.symbol} and {collateral.symbol} are priced by the same feed: their prices move
          together, so this position's ratio barely changes with that price.
        </p>
      ) : null}
      <p className="hint">
        Minting, and withdrawing while you owe debt, need both prices fresh (no older than the
        heartbeat) and both breakers armed. Depositing and repaying never need a price.
      </p>
    </section>
  );
}

function OracleAsset({ oracle, status }: { oracle: AssetOracle; status: OracleStatus }) {
  const feed = oracle.feed;
  const headingId = `synths-oracle-${oracle.symbol}`;
  return (
    <section aria-labelledby={headingId} data-testid={`oracle-${oracle.symbol}`}>
      <h3 id={headingId}>{oracle.symbol}</h3>
      <dl className="preview">
        <dt>Price (USD)</dt>
        <dd data-testid={`price-${oracle.symbol}`}>
          {oracle.price !== undefined
            ? formatUsd(oracle.price, oracle.price < 10n * 10n ** 18n ? 4 : 2)
            : "—"}
        </dd>
        <dt>Updated</dt>
        <dd data-testid={`age-${oracle.symbol}`}>
          {status.age === undefined ? "—" : `${durationText(status.age)} ago`}{" "}
          {status.stale ? <span className="badge danger">stale</span> : null}
        </dd>
        <dt>Heartbeat</dt>
        <dd>{feed ? durationText(feed.heartbeat) : "—"}</dd>
        <dt>Circuit breaker</dt>
        <dd data-testid={`breaker-${oracle.symbol}`}>
          {oracle.breaker === undefined ? (
            "—"
          ) : status.tripped ? (
            <span className="badge danger">
              tripped, re-arming {oracle.breaker.inBoundStreak}/{feed?.rearmRounds ?? "?"}
            </span>
          ) : (
            <span className="badge ok">armed</span>
          )}
        </dd>
        {feed ? (
          <>
            <dt>Trips on a move over</dt>
            <dd>{formatRatio(feed.maxDeviation, 2)}</dd>
          </>
        ) : null}
      </dl>
      {status.unsyncedRounds > 0n ? (
        <p className={status.pendingTrip ? "hint warn-text" : "hint"}>
          {status.unsyncedRounds.toString()} new price round
          {status.unsyncedRounds === 1n ? "" : "s"} not checked by the breaker yet
          {status.pendingTrip && status.deviation !== undefined
            ? `: the latest is ${formatRatio(status.deviation, 2)} from its reference, so the breaker will likely trip at the next check.`
            : "."}
        </p>
      ) : null}
      {oracle.priceError && oracle.priceError.code !== "StalePrice" ? (
        <p className="hint error">{oracle.priceError.message}</p>
      ) : null}
      {oracle.error ? <p className="hint error">{oracle.error.message}</p> : null}
    </section>
  );
}
