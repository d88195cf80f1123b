// Swap any pool token for any other: exact input (type what you pay) or exact output (type what you
// receive), the best route among the direct pools and the two-hop paths (quoted on chain), its price
// impact with warnings (1%, 3%, 5%; above 10% a typed confirmation), and the slippage bound the
// contract enforces (minimum received or maximum sold).
import { useQuery } from "@tanstack/react-query";
import { useId, useMemo, useState } from "react";
import { type Address, formatUnits } from "viem";
import { useConfig, useConnection } from "wagmi";
import { decodeError } from "../../tx/decodeError.ts";
import { formatAmount, formatRatio } from "../../ui/format.ts";
import { TxStatus } from "../../ui/TxStatus.tsx";
import { swapCall } from "./calls.ts";
import type { PoolMeta, TokenMeta } from "./directory.ts";
import {
  CONFIRM_WORD,
  type ImpactLevel,
  impactLevel,
  maxWithSlippage,
  minWithSlippage,
  needsTypedConfirmation,
  typedConfirmationOk,
} from "./math.ts";
import { quoteReader, useTokenBalance } from "./queries.ts";
import {
  bestQuote,
  candidateRoutes,
  type Route,
  routeKey,
  routeLabel,
  type SwapMode,
} from "./routing.ts";
import { checkAmount } from "./settings.ts";
import { TradeSettingsPanel, useTradeSettings } from "./TradeSettings.tsx";
import { useDebounced } from "./useDebounced.ts";
import { usePoolTx } from "./usePoolTx.ts";

/** Quotes refresh on their own this often (and after every transaction of the app). */
export const QUOTE_REFRESH_MS = 15_000;

const lower = (a: string) => a.toLowerCase();

export function SwapForm({
  chainId,
  pools,
  tokens,
  defaultIn,
  defaultOut,
  title = "Swap",
}: {
  chainId: number;
  pools: readonly PoolMeta[];
  tokens: readonly TokenMeta[];
  defaultIn?: Address;
  defaultOut?: Address;
  title?: string;
}) {
  const id = useId();
  const config = useConfig();
  const { address } = useConnection();
  const settings = useTradeSettings();
  const poolTx = usePoolTx();
  const [tokenIn, setTokenIn] = useState<string>(defaultIn ?? tokens[0]?.address ?? "");
  const [tokenOut, setTokenOut] = useState<string>(defaultOut ?? tokens[1]?.address ?? "");
  const [mode, setMode] = useState<SwapMode>("exactIn");
  const [amountText, setAmountText] = useState("");
  const [confirmText, setConfirmText] = useState("");

  const metaOf = (a: string) => tokens.find((t) => lower(t.address) === lower(a));
  const inMeta = metaOf(tokenIn);
  const outMeta = metaOf(tokenOut);
  const symbolOf = (a: Address) =>
    metaOf(a)?.symbol ??
    pools.flatMap((p) => p.tokens).find((t) => lower(t.address) === lower(a))?.symbol ??
    a;
  const typedMeta = mode === "exactIn" ? inMeta : outMeta;
  const sameToken = tokenIn !== "" && lower(tokenIn) === lower(tokenOut);

  const balanceIn = useTokenBalance(chainId, inMeta?.address, address);
  const balanceOut = useTokenBalance(chainId, outMeta?.address, address);

  const amount = typedMeta
    ? checkAmount(amountText, typedMeta.decimals, { symbol: typedMeta.symbol })
    : undefined;
  const typedValue = amount?.ok ? amount.value : undefined;
  const debounced = useDebounced(typedValue?.toString() ?? "", 300);

  const routes = useMemo<Route[]>(
    () =>
      inMeta && outMeta
        ? candidateRoutes(
            pools.map((p) => ({ poolId: p.poolId, tokens: p.tokens.map((t) => t.address) })),
            inMeta.address,
            outMeta.address,
          )
        : [],
    [pools, inMeta, outMeta],
  );

  const quote = useQuery({
    queryKey: [
      "pools",
      "quote",
      chainId,
      mode,
      lower(tokenIn),
      lower(tokenOut),
      debounced,
      routes.map(routeKey).join("|"),
    ],
    enabled: debounced !== "" && routes.length > 0,
    refetchInterval: QUOTE_REFRESH_MS,
    retry: false,
    queryFn: () => bestQuote(quoteReader(config, chainId), routes, mode, BigInt(debounced)),
  });

  // The quote shown is only the one for what is typed now.
  const current =
    quote.data && typedValue !== undefined && debounced === typedValue.toString()
      ? quote.data
      : undefined;
  const slippage = settings.slippage.ok ? settings.slippage.value : undefined;
  const limit =
    current && slippage !== undefined
      ? mode === "exactIn"
        ? minWithSlippage(current.amountOut, slippage)
        : maxWithSlippage(current.amountIn, slippage)
      : undefined;
  const level: ImpactLevel = current ? impactLevel(current.impact) : "none";
  // What the trade is expected to take (exact-out may take up to `limit`; the simulation checks).
  const insufficient =
    current !== undefined && balanceIn.data !== undefined && current.amountIn > balanceIn.data;

  // Typing on either side picks the mode; the other side shows the quote.
  const payValue =
    mode === "exactIn"
      ? amountText
      : current && inMeta
        ? formatUnits(current.amountIn, inMeta.decimals)
        : "";
  const receiveValue =
    mode === "exactOut"
      ? amountText
      : current && outMeta
        ? formatUnits(current.amountOut, outMeta.decimals)
        : "";

  const pickIn = (next: string) => {
    setConfirmText("");
    if (lower(next) === lower(tokenOut)) setTokenOut(tokenIn);
    setTokenIn(next);
  };
  const pickOut = (next: string) => {
    setConfirmText("");
    if (lower(next) === lower(tokenIn)) setTokenIn(tokenOut);
    setTokenOut(next);
  };
  const flip = () => {
    setConfirmText("");
    setTokenIn(tokenOut);
    setTokenOut(tokenIn);
    setMode(mode === "exactIn" ? "exactOut" : "exactIn");
  };

  const quoteError = quote.error ? decodeError(quote.error) : undefined;
  const blocked =
    !address ||
    !current ||
    limit === undefined ||
    !settings.valid ||
    insufficient ||
    sameToken ||
    !typedConfirmationOk(level, confirmText) ||
    poolTx.busy;

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    if (blocked || !current || limit === undefined || !inMeta || !outMeta || !address) return;
    if (!settings.deadline.ok) return;
    const inText = `${formatAmount(current.amountIn, inMeta.decimals)} ${inMeta.symbol}`;
    const outText = `${formatAmount(current.amountOut, outMeta.decimals)} ${outMeta.symbol}`;
    const label =
      mode === "exactIn"
        ? `Swap ${inText} for ${outMeta.symbol}`
        : `Buy ${outText} with ${inMeta.symbol}`;
    const spendAmount = mode === "exactIn" ? current.amountIn : limit;
    const route = current.route;
    const result = await poolTx.run({
      chainId,
      account: address,
      deadlineSeconds: settings.deadline.value,
      spends: [
        {
          token: inMeta.address,
          symbol: inMeta.symbol,
          amount: spendAmount,
          display: formatAmount(spendAmount, inMeta.decimals, inMeta.decimals),
        },
      ],
      build: ({ manager, deadline }) => [
        swapCall({
          manager,
          recipient: address,
          deadline,
          label,
          route,
          mode,
          amount: mode === "exactIn" ? current.amountIn : current.amountOut,
          limit,
        }),
      ],
    });
    if (result) {
      setAmountText("");
      setConfirmText("");
    }
  }

  const headingId = `${id}-title`;
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      <form className="form" onSubmit={submit} noValidate>
        <TradeSettingsPanel />
        <fieldset className="swap-side">
          <legend>You pay{mode === "exactIn" ? " (exact)" : " (estimated)"}</legend>
          <div className="row swap-row">
            <div className="field swap-token">
              <label htmlFor={`${id}-in-token`}>Token to sell</label>
              <select
                id={`${id}-in-token`}
                value={tokenIn}
                onChange={(e) => pickIn(e.target.value)}
              >
                {tokens.map((t) => (
                  <option key={t.address} value={t.address}>
                    {t.symbol}
                  </option>
                ))}
              </select>
            </div>
            <div className="field swap-amount">
              <label htmlFor={`${id}-in-amount`}>Amount to sell</label>
              <input
                id={`${id}-in-amount`}
                inputMode="decimal"
                autoComplete="off"
                placeholder="0.0"
                value={payValue}
                aria-invalid={
                  mode === "exactIn" && amount !== undefined && !amount.ok && !amount.empty
                }
                aria-describedby={`${id}-in-note`}
                onChange={(e) => {
                  setMode("exactIn");
                  setAmountText(e.target.value);
                  setConfirmText("");
                }}
              />
            </div>
          </div>
          <p id={`${id}-in-note`} className="hint">
            Balance:{" "}
            {balanceIn.data !== undefined && inMeta
              ? `${formatAmount(balanceIn.data, inMeta.decimals)} ${inMeta.symbol}`
              : "—"}
            {balanceIn.data !== undefined && balanceIn.data > 0n && inMeta ? (
              <>
                {" "}
                <button
                  type="button"
                  className="link"
                  onClick={() => {
                    setMode("exactIn");
                    setAmountText(formatUnits(balanceIn.data, inMeta.decimals));
                  }}
                >
                  Use max
                </button>
              </>
            ) : null}
          </p>
        </fieldset>
        <div className="row swap-flip">
          <button type="button" className="button secondary" onClick={flip}>
            Switch tokens
          </button>
        </div>
        <fieldset className="swap-side">
          <legend>You receive{mode === "exactOut" ? " (exact)" : " (estimated)"}</legend>
          <div className="row swap-row">
            <div className="field swap-token">
              <label htmlFor={`${id}-out-token`}>Token to buy</label>
              <select
                id={`${id}-out-token`}
                value={tokenOut}
                onChange={(e) => pickOut(e.target.value)}
              >
                {tokens.map((t) => (
                  <option key={t.address} value={t.address}>
                    {t.symbol}
                  </option>
                ))}
              </select>
            </div>
            <div className="field swap-amount">
              <label htmlFor={`${id}-out-amount`}>Amount to buy</label>
              <input
                id={`${id}-out-amount`}
                inputMode="decimal"
                autoComplete="off"
                placeholder="0.0"
                value={receiveValue}
                aria-invalid={
                  mode === "exactOut" && amount !== undefined && !amount.ok && !amount.empty
                }
                aria-describedby={`${id}-out-note`}
                onChange={(e) => {
                  setMode("exactOut");
                  setAmountText(e.target.value);
                  setConfirmText("");
                }}
              />
            </div>
          </div>
          <p id={`${id}-out-note`} className="hint">
            Balance:{" "}
            {balanceOut.data !== undefined && outMeta
              ? `${formatAmount(balanceOut.data, outMeta.decimals)} ${outMeta.symbol}`
              : "—"}
          </p>
        </fieldset>

        {sameToken ? (
          <p className="error" role="alert">
            Pick two different tokens.
          </p>
        ) : amount && !amount.ok && !amount.empty ? (
          <p className="error" role="alert" data-testid="amount-error">
            {amount.error}
          </p>
        ) : routes.length === 0 && inMeta && outMeta ? (
          <p className="error" role="alert">
            No pool route connects {inMeta.symbol} and {outMeta.symbol}.
          </p>
        ) : null}

        {typedValue !== undefined && !sameToken && routes.length > 0 ? (
          quoteError && !quote.isFetching ? (
            <div className="error" role="alert" data-error-code={quoteError.code}>
              No quote: {quoteError.message}{" "}
              <button type="button" className="link" onClick={() => void quote.refetch()}>
                Try again
              </button>
            </div>
          ) : !current ? (
            <p className="muted" role="status">
              Finding the best price…
            </p>
          ) : null
        ) : null}

        {current && inMeta && outMeta ? (
          <>
            <dl className="preview" data-testid="swap-preview">
              <dt>Route</dt>
              <dd data-testid="swap-route">
                {routeLabel(current.route, symbolOf)}
                {current.candidates.length > 1 ? (
                  <span className="hint"> (best of {current.candidates.length})</span>
                ) : null}
              </dd>
              <dt>Rate</dt>
              <dd>{rateText(current.amountIn, current.amountOut, inMeta, outMeta)}</dd>
              <dt>Price impact</dt>
              <dd data-testid="price-impact" data-level={level}>
                {current.impact === undefined ? "unknown" : formatRatio(current.impact, 2)}
              </dd>
              <dt>Pool fee</dt>
              <dd>
                {current.route.steps
                  .map((s) => {
                    const fee = pools.find((p) => lower(p.poolId) === lower(s.poolId))?.indexed
                      ?.swapFee;
                    return fee ? formatRatio(fee, 3) : "—";
                  })
                  .join(" + ")}
              </dd>
              {mode === "exactIn" ? (
                <>
                  <dt>Minimum received</dt>
                  <dd data-testid="min-received" data-value={limit?.toString()}>
                    {limit !== undefined
                      ? `${formatAmount(limit, outMeta.decimals, 6)} ${outMeta.symbol}`
                      : "—"}
                  </dd>
                </>
              ) : (
                <>
                  <dt>Maximum sold</dt>
                  <dd data-testid="max-sold" data-value={limit?.toString()}>
                    {limit !== undefined
                      ? `${formatAmount(limit, inMeta.decimals, 6)} ${inMeta.symbol}`
                      : "—"}
                  </dd>
                </>
              )}
              <dt>{mode === "exactIn" ? "Expected" : "Expected cost"}</dt>
              <dd
                data-testid="quote-amount"
                data-value={(mode === "exactIn" ? current.amountOut : current.amountIn).toString()}
              >
                {mode === "exactIn"
                  ? `${formatAmount(current.amountOut, outMeta.decimals, 6)} ${outMeta.symbol}`
                  : `${formatAmount(current.amountIn, inMeta.decimals, 6)} ${inMeta.symbol}`}
              </dd>
            </dl>
            <ImpactWarning level={level} impact={current.impact} />
            {needsTypedConfirmation(level) ? (
              <div className="field">
                <label htmlFor={`${id}-confirm`}>
                  Type “{CONFIRM_WORD}” to swap despite the price impact
                </label>
                <input
                  id={`${id}-confirm`}
                  autoComplete="off"
                  value={confirmText}
                  onChange={(e) => setConfirmText(e.target.value)}
                />
              </div>
            ) : null}
            {insufficient ? (
              <p className="error" role="alert">
                Not enough {inMeta.symbol}: you hold{" "}
                {formatAmount(balanceIn.data ?? 0n, inMeta.decimals)}.
              </p>
            ) : null}
          </>
        ) : null}

        {poolTx.prepError ? (
          <p className="error" role="alert" data-error-code={poolTx.prepError.code}>
            {poolTx.prepError.message}
          </p>
        ) : null}
        <button
          type="submit"
          className={`button${level === "high" || level === "extreme" ? " danger" : ""}`}
          disabled={blocked}
        >
          {!address ? "Connect a wallet to swap" : level === "extreme" ? "Swap anyway" : "Swap"}
        </button>
        <TxStatus state={poolTx.state} onDismiss={poolTx.reset} />
      </form>
    </section>
  );
}

function rateText(
  amountIn: bigint,
  amountOut: bigint,
  inMeta: TokenMeta,
  outMeta: TokenMeta,
): string {
  if (amountIn === 0n) return "—";
  // out per whole in, 18 decimals, for display
  const scaled = (amountOut * 10n ** BigInt(18 + inMeta.decimals - outMeta.decimals)) / amountIn;
  return `1 ${inMeta.symbol} = ${formatAmount(scaled, 18, 6)} ${outMeta.symbol}`;
}

const impactWords: Record<ImpactLevel, string> = {
  none: "",
  low: "Price impact above 1%: this trade moves the price.",
  medium: "Price impact above 3%: you get noticeably less than the market price.",
  high: "Price impact above 5%: you lose a large share of value to the pool. Consider a smaller trade.",
  extreme:
    "Price impact above 10%: you would lose much of this trade's value. Type the confirmation word to proceed.",
  unknown: "The price impact could not be measured: check the amounts carefully.",
};

function ImpactWarning({ level, impact }: { level: ImpactLevel; impact: bigint | undefined }) {
  if (level === "none") return null;
  const severity =
    level === "low" || level === "unknown" ? "notice" : level === "medium" ? "warning" : "danger";
  return (
    <p
      className={`impact impact-${severity}`}
      role={severity === "danger" ? "alert" : "status"}
      data-testid="impact-warning"
      data-level={level}
    >
      {impactWords[level]}
      {impact !== undefined ? ` (${formatRatio(impact, 2)})` : ""}
    </p>
  );
}
