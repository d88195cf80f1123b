// Adding and removing liquidity: proportional (every token in the pool's ratio; type one amount and
// the others follow) or single-sided (one token, priced by the manager's quote), each with its
// slippage bound: the maximum paid per token or the minimum LP shares for a join, the minimum
// received for an exit.
import { liquidityPoolManagerAbi } from "@fluxion/deploy";
import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { type Address, formatUnits } from "viem";
import { useConfig } from "wagmi";
import { readContract } from "wagmi/actions";
import { decodeError } from "../../tx/decodeError.ts";
import { formatAmount, formatRatio } from "../../ui/format.ts";
import { TxStatus } from "../../ui/TxStatus.tsx";
import {
  addProportionalCall,
  addSingleCall,
  removeProportionalCall,
  removeSingleCall,
} from "./calls.ts";
import type { PoolMeta } from "./directory.ts";
import {
  lpShare,
  maxWithSlippage,
  minWithSlippage,
  proportionalExit,
  proportionalJoin,
} from "./math.ts";
import { managerAddress, type PoolChainState } from "./queries.ts";
import { checkAmount } from "./settings.ts";
import { panelId, Tabs, tabId } from "./Tabs.tsx";
import { TradeSettingsPanel, useTradeSettings } from "./TradeSettings.tsx";
import { useDebounced } from "./useDebounced.ts";
import { usePoolTx } from "./usePoolTx.ts";

type Props = {
  chainId: number;
  pool: PoolMeta;
  state: PoolChainState;
  account: Address | undefined;
};

type Side = "add" | "remove";
type Kind = "proportional" | "single";

const LP_DECIMALS = 18;

export function LiquidityPanel(props: Props) {
  const id = useId();
  const [side, setSide] = useState<Side>("add");
  const [kind, setKind] = useState<Kind>("proportional");
  const sideBase = `${id}-side`;
  const kindBase = `${id}-kind`;
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Liquidity</h2>
      <Tabs
        label="Add or remove liquidity"
        idBase={sideBase}
        value={side}
        onChange={setSide}
        options={[
          { value: "add", label: "Add" },
          { value: "remove", label: "Remove" },
        ]}
      />
      <div id={panelId(sideBase, side)} role="tabpanel" aria-labelledby={tabId(sideBase, side)}>
        <Tabs
          label={side === "add" ? "How to add" : "How to remove"}
          idBase={kindBase}
          value={kind}
          onChange={setKind}
          options={[
            { value: "proportional", label: "All tokens" },
            { value: "single", label: "One token" },
          ]}
        />
        <div
          id={panelId(kindBase, kind)}
          role="tabpanel"
          aria-labelledby={tabId(kindBase, kind)}
          className="liquidity-panel"
        >
          <TradeSettingsPanel />
          {side === "add" ? (
            kind === "proportional" ? (
              <AddProportional {...props} />
            ) : (
              <AddSingle {...props} />
            )
          ) : kind === "proportional" ? (
            <RemoveProportional {...props} />
          ) : (
            <RemoveSingle {...props} />
          )}
        </div>
      </div>
    </section>
  );
}

function noAccount(account: Address | undefined) {
  return account ? null : <p className="muted">Connect a wallet to provide liquidity.</p>;
}

// ---------------------------------------------------------------- add: every token

function AddProportional({ chainId, pool, state, account }: Props) {
  const id = useId();
  const settings = useTradeSettings();
  const poolTx = usePoolTx();
  const [driver, setDriver] = useState(0);
  const [text, setText] = useState("");
  const driverToken = pool.tokens[driver]!;
  const amount = checkAmount(text, driverToken.decimals, { symbol: driverToken.symbol });
  const join = amount.ok
    ? proportionalJoin({
        balances: state.balances,
        supply: state.lpSupply,
        index: driver,
        amount: amount.value,
      })
    : undefined;
  const slippage = settings.slippage.ok ? settings.slippage.value : undefined;
  const maxIn =
    join?.ok && slippage !== undefined
      ? join.amountsIn.map((a) => maxWithSlippage(a, slippage))
      : undefined;
  const short = join?.ok
    ? pool.tokens.filter((_, i) => (join.amountsIn[i] ?? 0n) > (state.walletBalances[i] ?? 0n))
    : [];
  const blocked =
    !account || !join?.ok || !maxIn || short.length > 0 || !settings.valid || poolTx.busy;

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    if (blocked || !account || !join?.ok || !maxIn || !settings.deadline.ok) return;
    const lpOut = join.lpOut;
    const result = await poolTx.run({
      chainId,
      account,
      deadlineSeconds: settings.deadline.value,
      spends: pool.tokens.map((t, i) => ({
        token: t.address,
        symbol: t.symbol,
        amount: maxIn[i] ?? 0n,
        display: formatAmount(maxIn[i] ?? 0n, t.decimals, t.decimals),
      })),
      build: ({ manager, deadline }) => [
        addProportionalCall({
          manager,
          recipient: account,
          deadline,
          label: `Add liquidity to ${pool.name}`,
          poolId: pool.poolId,
          maxAmountsIn: maxIn,
          lpOut,
        }),
      ],
    });
    if (result) setText("");
  }

  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Add every token">
      <p className="hint">
        Type one amount: the others follow the pool's ratio. You receive an exact number of LP
        shares; the slippage tolerance caps what each token may cost.
      </p>
      {pool.tokens.map((t, i) => {
        const value =
          i === driver ? text : join?.ok ? formatUnits(join.amountsIn[i] ?? 0n, t.decimals) : "";
        return (
          <div className="field" key={t.address}>
            <label htmlFor={`${id}-${i}`}>{t.symbol} to deposit</label>
            <input
              id={`${id}-${i}`}
              inputMode="decimal"
              autoComplete="off"
              placeholder="0.0"
              value={value}
              aria-invalid={i === driver && !amount.ok && !amount.empty}
              aria-describedby={`${id}-${i}-note`}
              onChange={(e) => {
                setDriver(i);
                setText(e.target.value);
              }}
            />
            <p id={`${id}-${i}-note`} className="hint">
              Balance: {formatAmount(state.walletBalances[i] ?? 0n, t.decimals)} {t.symbol}
            </p>
          </div>
        );
      })}
      {!amount.ok && !amount.empty ? (
        <p className="error" role="alert">
          {amount.error}
        </p>
      ) : join && !join.ok ? (
        <p className="error" role="alert">
          {join.error}
        </p>
      ) : null}
      {join?.ok && maxIn ? (
        <dl className="preview" data-testid="add-preview">
          <dt>LP shares out (exact)</dt>
          <dd data-testid="lp-out" data-value={join.lpOut.toString()}>
            {formatAmount(join.lpOut, LP_DECIMALS, 6)}
          </dd>
          <dt>Your share after</dt>
          <dd>
            {formatRatio(lpShare(state.lpBalance + join.lpOut, state.lpSupply + join.lpOut), 4)}
          </dd>
          {pool.tokens.map((t, i) => (
            <MaxRow
              key={t.address}
              symbol={t.symbol}
              decimals={t.decimals}
              value={maxIn[i] ?? 0n}
            />
          ))}
        </dl>
      ) : null}
      {short.length > 0 ? (
        <p className="error" role="alert">
          Not enough {short.map((t) => t.symbol).join(" and ")} in your wallet.
        </p>
      ) : null}
      {noAccount(account)}
      <PrepError error={poolTx.prepError} />
      <button type="submit" className="button" disabled={blocked}>
        Add liquidity
      </button>
      <TxStatus state={poolTx.state} onDismiss={poolTx.reset} />
    </form>
  );
}

function MaxRow({ symbol, decimals, value }: { symbol: string; decimals: number; value: bigint }) {
  return (
    <>
      <dt>Max {symbol} paid</dt>
      <dd data-testid={`max-in-${symbol}`} data-value={value.toString()}>
        {formatAmount(value, decimals, 6)} {symbol}
      </dd>
    </>
  );
}

function PrepError({ error }: { error: { code: string; message: string } | undefined }) {
  if (!error) return null;
  return (
    <p className="error" role="alert" data-error-code={error.code}>
      {error.message}
    </p>
  );
}

/** A manager quote for a single-sided join or exit, for what is typed now. */
function useSingleQuote(
  chainId: number,
  kind: "add" | "remove",
  poolId: string,
  token: Address,
  amount: bigint | undefined,
) {
  const config = useConfig();
  const debounced = useDebounced(amount?.toString() ?? "", 300);
  const query = useQuery({
    queryKey: [
      "pools",
      "single-quote",
      kind,
      chainId,
      poolId.toLowerCase(),
      token.toLowerCase(),
      debounced,
    ],
    enabled: debounced !== "",
    retry: false,
    refetchInterval: 15_000,
    queryFn: () =>
      kind === "add"
        ? readContract(config, {
            chainId,
            address: managerAddress(chainId),
            abi: liquidityPoolManagerAbi,
            functionName: "quoteAddLiquiditySingle",
            args: [poolId as `0x${string}`, token, BigInt(debounced)],
          })
        : readContract(config, {
            chainId,
            address: managerAddress(chainId),
            abi: liquidityPoolManagerAbi,
            functionName: "quoteRemoveLiquiditySingle",
            args: [poolId as `0x${string}`, BigInt(debounced), token],
          }),
  });
  const current =
    amount !== undefined && debounced === amount.toString() && query.data !== undefined
      ? query.data
      : undefined;
  const error = query.error && !query.isFetching ? decodeError(query.error) : undefined;
  return { current, error, pending: amount !== undefined && current === undefined && !error };
}

function QuoteState({
  pending,
  error,
}: {
  pending: boolean;
  error: { code: string; message: string } | undefined;
}) {
  if (error) {
    return (
      <p className="error" role="alert" data-error-code={error.code}>
        No quote: {error.message}
      </p>
    );
  }
  if (pending) {
    return (
      <p className="muted" role="status">
        Quoting…
      </p>
    );
  }
  return null;
}

// ---------------------------------------------------------------- add: one token

function AddSingle({ chainId, pool, state, account }: Props) {
  const id = useId();
  const settings = useTradeSettings();
  const poolTx = usePoolTx();
  const [index, setIndex] = useState(0);
  const [text, setText] = useState("");
  const token = pool.tokens[index]!;
  const balance = state.walletBalances[index] ?? 0n;
  const amount = checkAmount(text, token.decimals, { symbol: token.symbol });
  const value = amount.ok ? amount.value : undefined;
  const quote = useSingleQuote(chainId, "add", pool.poolId, token.address, value);
  const slippage = settings.slippage.ok ? settings.slippage.value : undefined;
  const minLp =
    quote.current !== undefined && slippage !== undefined
      ? minWithSlippage(quote.current, slippage)
      : undefined;
  const insufficient = value !== undefined && account !== undefined && value > balance;
  const blocked =
    !account ||
    value === undefined ||
    minLp === undefined ||
    insufficient ||
    !settings.valid ||
    poolTx.busy;

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    if (blocked || !account || value === undefined || minLp === undefined) return;
    if (!settings.deadline.ok) return;
    const result = await poolTx.run({
      chainId,
      account,
      deadlineSeconds: settings.deadline.value,
      spends: [
        {
          token: token.address,
          symbol: token.symbol,
          amount: value,
          display: formatAmount(value, token.decimals, token.decimals),
        },
      ],
      build: ({ manager, deadline }) => [
        addSingleCall({
          manager,
          recipient: account,
          deadline,
          label: `Add ${formatAmount(value, token.decimals)} ${token.symbol} to ${pool.name}`,
          poolId: pool.poolId,
          tokenIn: token.address,
          amountIn: value,
          minLpOut: minLp,
        }),
      ],
    });
    if (result) setText("");
  }

  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Add one token">
      <p className="hint">
        Deposit a single token. The part not in the pool's ratio pays the swap fee.
      </p>
      <div className="field">
        <label htmlFor={`${id}-token`}>Token to deposit</label>
        <select id={`${id}-token`} value={index} onChange={(e) => setIndex(Number(e.target.value))}>
          {pool.tokens.map((t, i) => (
            <option key={t.address} value={i}>
              {t.symbol}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-amount`}>Amount to deposit</label>
        <input
          id={`${id}-amount`}
          inputMode="decimal"
          autoComplete="off"
          placeholder="0.0"
          value={text}
          aria-invalid={!amount.ok && !amount.empty}
          aria-describedby={`${id}-note`}
          onChange={(e) => setText(e.target.value)}
        />
        <p id={`${id}-note`} className="hint">
          Balance: {formatAmount(balance, token.decimals)} {token.symbol}
        </p>
      </div>
      {!amount.ok && !amount.empty ? (
        <p className="error" role="alert">
          {amount.error}
        </p>
      ) : (
        <QuoteState pending={quote.pending} error={quote.error} />
      )}
      {quote.current !== undefined && minLp !== undefined ? (
        <dl className="preview">
          <dt>Expected LP shares</dt>
          <dd data-testid="lp-expected" data-value={quote.current.toString()}>
            {formatAmount(quote.current, LP_DECIMALS, 6)}
          </dd>
          <dt>Minimum LP shares</dt>
          <dd data-testid="lp-min" data-value={minLp.toString()}>
            {formatAmount(minLp, LP_DECIMALS, 6)}
          </dd>
          <dt>Your share after</dt>
          <dd>
            {formatRatio(
              lpShare(state.lpBalance + quote.current, state.lpSupply + quote.current),
              4,
            )}
          </dd>
        </dl>
      ) : null}
      {insufficient ? (
        <p className="error" role="alert">
          More than your {token.symbol} balance.
        </p>
      ) : null}
      {noAccount(account)}
      <PrepError error={poolTx.prepError} />
      <button type="submit" className="button" disabled={blocked}>
        Add {token.symbol}
      </button>
      <TxStatus state={poolTx.state} onDismiss={poolTx.reset} />
    </form>
  );
}

// ---------------------------------------------------------------- remove

function LpAmountField({
  id,
  text,
  setText,
  lpBalance,
  invalid,
}: {
  id: string;
  text: string;
  setText: (text: string) => void;
  lpBalance: bigint;
  invalid: boolean;
}) {
  return (
    <div className="field">
      <label htmlFor={`${id}-lp`}>LP shares to redeem</label>
      <input
        id={`${id}-lp`}
        inputMode="decimal"
        autoComplete="off"
        placeholder="0.0"
        value={text}
        aria-invalid={invalid}
        aria-describedby={`${id}-lp-note`}
        onChange={(e) => setText(e.target.value)}
      />
      <p id={`${id}-lp-note`} className="hint">
        Your shares: {formatAmount(lpBalance, LP_DECIMALS, 6)}{" "}
        {lpBalance > 0n
          ? ([25n, 50n, 100n] as const).map((pct) => (
              <button
                key={pct.toString()}
                type="button"
                className="link lp-pick"
                onClick={() => setText(formatUnits((lpBalance * pct) / 100n, LP_DECIMALS))}
              >
                {pct === 100n ? "Max" : `${pct}%`}
              </button>
            ))
          : null}
      </p>
    </div>
  );
}

function RemoveProportional({ chainId, pool, state, account }: Props) {
  const id = useId();
  const settings = useTradeSettings();
  const poolTx = usePoolTx();
  const [text, setText] = useState("");
  const lp = checkAmount(text, LP_DECIMALS, { symbol: "LP", balance: state.lpBalance });
  const exit = lp.ok
    ? proportionalExit({ balances: state.balances, supply: state.lpSupply, lpIn: lp.value })
    : undefined;
  const slippage = settings.slippage.ok ? settings.slippage.value : undefined;
  const mins =
    exit?.ok && slippage !== undefined
      ? exit.amountsOut.map((a) => minWithSlippage(a, slippage))
      : undefined;
  const blocked = !account || !lp.ok || !exit?.ok || !mins || !settings.valid || poolTx.busy;

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    if (blocked || !account || !lp.ok || !mins || !settings.deadline.ok) return;
    const lpIn = lp.value;
    const result = await poolTx.run({
      chainId,
      account,
      deadlineSeconds: settings.deadline.value,
      spends: [],
      build: ({ manager, deadline }) => [
        removeProportionalCall({
          manager,
          recipient: account,
          deadline,
          label: `Remove liquidity from ${pool.name}`,
          poolId: pool.poolId,
          lpIn,
          minAmountsOut: mins,
        }),
      ],
    });
    if (result) setText("");
  }

  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Remove into every token">
      <p className="hint">Redeem shares for every pool token in the pool's ratio (no fee).</p>
      <LpAmountField
        id={id}
        text={text}
        setText={setText}
        lpBalance={state.lpBalance}
        invalid={!lp.ok && !lp.empty}
      />
      {!lp.ok && !lp.empty ? (
        <p className="error" role="alert">
          {lp.error}
        </p>
      ) : exit && !exit.ok ? (
        <p className="error" role="alert">
          {exit.error}
        </p>
      ) : null}
      {exit?.ok && mins ? (
        <dl className="preview">
          {pool.tokens.map((t, i) => (
            <RemoveRow
              key={t.address}
              symbol={t.symbol}
              decimals={t.decimals}
              expected={exit.amountsOut[i] ?? 0n}
              min={mins[i] ?? 0n}
            />
          ))}
        </dl>
      ) : null}
      {noAccount(account)}
      <PrepError error={poolTx.prepError} />
      <button type="submit" className="button" disabled={blocked}>
        Remove liquidity
      </button>
      <TxStatus state={poolTx.state} onDismiss={poolTx.reset} />
    </form>
  );
}

function RemoveRow(props: { symbol: string; decimals: number; expected: bigint; min: bigint }) {
  const { symbol, decimals, expected, min } = props;
  return (
    <>
      <dt>{symbol} out</dt>
      <dd data-testid={`out-${symbol}`} data-value={expected.toString()}>
        {formatAmount(expected, decimals, 6)}
      </dd>
      <dt>Minimum {symbol}</dt>
      <dd data-testid={`min-out-${symbol}`} data-value={min.toString()}>
        {formatAmount(min, decimals, 6)}
      </dd>
    </>
  );
}

function RemoveSingle({ chainId, pool, state, account }: Props) {
  const id = useId();
  const settings = useTradeSettings();
  const poolTx = usePoolTx();
  const [index, setIndex] = useState(0);
  const [text, setText] = useState("");
  const token = pool.tokens[index]!;
  const lp = checkAmount(text, LP_DECIMALS, { symbol: "LP", balance: state.lpBalance });
  const value = lp.ok ? lp.value : undefined;
  const quote = useSingleQuote(chainId, "remove", pool.poolId, token.address, value);
  const slippage = settings.slippage.ok ? settings.slippage.value : undefined;
  const min =
    quote.current !== undefined && slippage !== undefined
      ? minWithSlippage(quote.current, slippage)
      : undefined;
  const blocked =
    !account || value === undefined || min === undefined || !settings.valid || poolTx.busy;

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    if (blocked || !account || value === undefined || min === undefined) return;
    if (!settings.deadline.ok) return;
    const result = await poolTx.run({
      chainId,
      account,
      deadlineSeconds: settings.deadline.value,
      spends: [],
      build: ({ manager, deadline }) => [
        removeSingleCall({
          manager,
          recipient: account,
          deadline,
          label: `Remove liquidity from ${pool.name} as ${token.symbol}`,
          poolId: pool.poolId,
          lpIn: value,
          tokenOut: token.address,
          minAmountOut: min,
        }),
      ],
    });
    if (result) setText("");
  }

  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Remove into one token">
      <p className="hint">
        Redeem shares for a single token. The part not in the pool's ratio pays the swap fee.
      </p>
      <div className="field">
        <label htmlFor={`${id}-token`}>Token to receive</label>
        <select id={`${id}-token`} value={index} onChange={(e) => setIndex(Number(e.target.value))}>
          {pool.tokens.map((t, i) => (
            <option key={t.address} value={i}>
              {t.symbol}
            </option>
          ))}
        </select>
      </div>
      <LpAmountField
        id={id}
        text={text}
        setText={setText}
        lpBalance={state.lpBalance}
        invalid={!lp.ok && !lp.empty}
      />
      {!lp.ok && !lp.empty ? (
        <p className="error" role="alert">
          {lp.error}
        </p>
      ) : (
        <QuoteState pending={quote.pending} error={quote.error} />
      )}
      {quote.current !== undefined && min !== undefined ? (
        <dl className="preview">
          <RemoveRow
            symbol={token.symbol}
            decimals={token.decimals}
            expected={quote.current}
            min={min}
          />
        </dl>
      ) : null}
      {noAccount(account)}
      <PrepError error={poolTx.prepError} />
      <button type="submit" className="button" disabled={blocked}>
        Remove as {token.symbol}
      </button>
      <TxStatus state={poolTx.state} onDismiss={poolTx.reset} />
    </form>
  );
}
