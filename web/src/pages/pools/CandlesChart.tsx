// A pool pair's price candles (1 minute or 1 hour) from the indexer, drawn with lightweight-charts.
// This module is loaded on demand (React.lazy) so the charting library weighs only on pool pages.
import { useQuery } from "@tanstack/react-query";
import {
  CandlestickSeries,
  createChart,
  type IChartApi,
  type UTCTimestamp,
} from "lightweight-charts";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { candles } from "../../indexer/client.ts";
import { QueryView } from "../../ui/States.tsx";
import {
  type CandleInterval,
  type ChartBar,
  candleRange,
  describeBars,
  formatPrice,
  toChartBars,
} from "./candles.ts";
import type { TokenMeta } from "./directory.ts";
import { TableWrap } from "./TableWrap.tsx";
import { panelId, Tabs, tabId } from "./Tabs.tsx";

type Props = {
  chainId: number;
  poolId: string;
  tokens: readonly TokenMeta[];
  /** The chain's latest block time (unix seconds), from the indexer. */
  chainNow: bigint | undefined;
};

export default function CandlesChart({ chainId, poolId, tokens, chainNow }: Props) {
  const id = useId();
  const [interval, setCandleInterval] = useState<CandleInterval>("1h");
  const pairs = useMemo(() => {
    const list: { base: TokenMeta; quote: TokenMeta }[] = [];
    // The indexer orients each pair by pool order: the earlier token is the base.
    for (let i = 0; i < tokens.length; i++)
      for (let j = i + 1; j < tokens.length; j++)
        list.push({ base: tokens[i]!, quote: tokens[j]! });
    return list;
  }, [tokens]);
  const [pairIndex, setPairIndex] = useState(0);
  const [invert, setInvert] = useState(false);
  const pair = pairs[pairIndex] ?? pairs[0];
  const now = chainNow === undefined ? Math.floor(Date.now() / 1000) : Number(chainNow);
  // Refetching moves the window along; rounding `now` to the bucket keeps the key stable in between.
  const { from, to } = candleRange(interval, now);
  const query = useQuery({
    queryKey: [
      "pools",
      "candles",
      chainId,
      poolId.toLowerCase(),
      interval,
      pair?.base.address,
      pair?.quote.address,
      from,
    ],
    enabled: pair !== undefined,
    refetchInterval: 10_000,
    queryFn: () =>
      candles(poolId, {
        interval,
        from,
        to: to + 3600,
        base: pair!.base.address.toLowerCase(),
        quote: pair!.quote.address.toLowerCase(),
        chainId,
      }),
  });
  const bars = useMemo(
    () =>
      query.data && pair
        ? toChartBars(
            query.data.candles,
            { base: pair.base.address, quote: pair.quote.address },
            { invert },
          )
        : [],
    [query.data, pair, invert],
  );
  if (!pair) return null;
  const [shownBase, shownQuote] = invert ? [pair.quote, pair.base] : [pair.base, pair.quote];
  const base = `${id}-interval`;
  return (
    <div className="candles">
      <div className="row candles-controls">
        <Tabs
          label="Candle interval"
          idBase={base}
          value={interval}
          onChange={setCandleInterval}
          options={[
            { value: "1m", label: "1 minute" },
            { value: "1h", label: "1 hour" },
          ]}
        />
        {pairs.length > 1 ? (
          <div className="field">
            <label htmlFor={`${id}-pair`}>Pair</label>
            <select
              id={`${id}-pair`}
              value={pairIndex}
              onChange={(e) => setPairIndex(Number(e.target.value))}
            >
              {pairs.map((p, i) => (
                <option key={`${p.base.address}-${p.quote.address}`} value={i}>
                  {p.base.symbol}/{p.quote.symbol}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <button
          type="button"
          className="button secondary"
          aria-pressed={invert}
          onClick={() => setInvert(!invert)}
        >
          Invert price
        </button>
      </div>
      <div id={panelId(base, interval)} role="tabpanel" aria-labelledby={tabId(base, interval)}>
        <QueryView query={query} what="candles">
          {() => (
            <figure className="candles-figure">
              <figcaption className="hint" data-testid="candles-summary">
                Price of 1 {shownBase.symbol} in {shownQuote.symbol},{" "}
                {interval === "1m" ? "1-minute" : "1-hour"} candles.{" "}
                {describeBars(bars, formatPrice)}
              </figcaption>
              {bars.length > 0 ? <Chart bars={bars} /> : null}
              {bars.length > 0 ? <BarsTable bars={bars} /> : null}
              <p className="hint">
                Chart by{" "}
                <a href="https://www.tradingview.com/" target="_blank" rel="noreferrer">
                  TradingView Lightweight Charts
                </a>
                .
              </p>
            </figure>
          )}
        </QueryView>
      </div>
    </div>
  );
}

function cssColor(name: string, fallback: string): string {
  if (typeof document === "undefined") return fallback;
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value || fallback;
}

function Chart({ bars }: { bars: readonly ChartBar[] }) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<IChartApi | null>(null);
  const series = useRef<ReturnType<IChartApi["addSeries"]> | null>(null);

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const created = createChart(element, {
      autoSize: true,
      layout: {
        background: { color: cssColor("--panel", "#171e2e") },
        textColor: cssColor("--muted", "#a3aec4"),
        attributionLogo: false,
      },
      grid: {
        vertLines: { color: cssColor("--border", "#2c3854") },
        horzLines: { color: cssColor("--border", "#2c3854") },
      },
      timeScale: { timeVisible: true, secondsVisible: false },
      localization: { priceFormatter: formatPrice },
    });
    series.current = created.addSeries(CandlestickSeries, {
      upColor: cssColor("--ok", "#86efac"),
      borderUpColor: cssColor("--ok", "#86efac"),
      wickUpColor: cssColor("--ok", "#86efac"),
      downColor: cssColor("--danger", "#fca5a5"),
      borderDownColor: cssColor("--danger", "#fca5a5"),
      wickDownColor: cssColor("--danger", "#fca5a5"),
    });
    chart.current = created;
    return () => {
      created.remove();
      chart.current = null;
      series.current = null;
    };
  }, []);

  useEffect(() => {
    series.current?.setData(bars.map((b) => ({ ...b, time: b.time as UTCTimestamp })));
    chart.current?.timeScale().fitContent();
  }, [bars]);

  // The figure's caption and the table carry the data for assistive technology.
  return (
    <div ref={container} className="candles-chart" data-testid="candles-chart" aria-hidden="true" />
  );
}

function BarsTable({ bars }: { bars: readonly ChartBar[] }) {
  const recent = bars.slice(-24).reverse();
  return (
    <details className="candles-table">
      <summary>Latest candles as a table</summary>
      <TableWrap label="Latest candles">
        <table>
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col" className="num">
                Open
              </th>
              <th scope="col" className="num">
                High
              </th>
              <th scope="col" className="num">
                Low
              </th>
              <th scope="col" className="num">
                Close
              </th>
            </tr>
          </thead>
          <tbody>
            {recent.map((b) => (
              <tr key={b.time}>
                <td>{new Date(b.time * 1000).toLocaleString("en-US")}</td>
                <td className="num">{formatPrice(b.open)}</td>
                <td className="num">{formatPrice(b.high)}</td>
                <td className="num">{formatPrice(b.low)}</td>
                <td className="num">{formatPrice(b.close)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </details>
  );
}
