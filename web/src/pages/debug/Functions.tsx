// One contract's functions: the values of its argument-free reads (loaded at once, refreshed after
// every transaction since useTransaction invalidates every query), a form per read with arguments,
// and a form per write sent through the transaction lifecycle (simulated first, reverts in words).
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import type { Address } from "viem";
import { useConfig } from "wagmi";
import { readContract } from "wagmi/actions";
import { decodeError } from "../../tx/decodeError.ts";
import { useTransaction } from "../../tx/useTransaction.ts";
import { parseAmount } from "../../ui/format.ts";
import { TxStatus } from "../../ui/TxStatus.tsx";
import { AbiField } from "./AbiField.tsx";
import {
  type FieldErrors,
  type FieldState,
  initialState,
  parseInputs,
  toJsonText,
  typeLabel,
} from "./abiInput.ts";
import { type DisplayContext, describeOutputs } from "./abiOutput.ts";
import { callAbi, type DebugContract, type DebugFunction } from "./contracts.ts";
import { ValueView } from "./ValueView.tsx";

type Common = { contract: DebugContract; chainId: number; context: DisplayContext };

/** A read's result (or its failure in words) for `args`; undefined args: not asked yet. */
function useRead(contract: DebugContract, fn: DebugFunction, chainId: number, args?: unknown[]) {
  const config = useConfig();
  return useQuery({
    queryKey: [
      "debug-read",
      chainId,
      contract.address,
      fn.signature,
      args === undefined ? null : toJsonText(args),
    ],
    enabled: args !== undefined,
    retry: false,
    queryFn: () =>
      readContract(config, {
        chainId,
        address: contract.address,
        abi: callAbi(contract.abi, fn.item),
        functionName: fn.name,
        args,
      } as never) as Promise<unknown>,
  });
}

function ReadError({ error }: { error: unknown }) {
  const decoded = decodeError(error);
  return (
    <p className="error debug-read-error" data-error-code={decoded.code}>
      {decoded.message} <span className="tx-code">({decoded.code})</span>
    </p>
  );
}

function Result({
  fn,
  result,
  context,
}: {
  fn: DebugFunction;
  result: unknown;
  context: DisplayContext;
}) {
  const rows = describeOutputs(fn.item.outputs, result, context, fn.name);
  if (rows.length === 0) return <span className="muted">(no return value)</span>;
  if (rows.length === 1 && rows[0]) return <ValueView display={rows[0].value} />;
  return (
    <dl className="debug-tuple">
      {rows.map((row, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: outputs are positional
        <div key={i}>
          <dt>{row.label}</dt>
          <dd>
            <ValueView display={row.value} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** The values of the argument-free reads, as name → value. */
export function Values({ fns, ...common }: Common & { fns: DebugFunction[] }) {
  const queryClient = useQueryClient();
  if (fns.length === 0) return null;
  return (
    <div className="debug-values-block">
      <div className="row debug-values-head">
        <h3>Values</h3>
        <button
          type="button"
          className="link"
          onClick={() =>
            void queryClient.invalidateQueries({
              queryKey: ["debug-read", common.chainId, common.contract.address],
            })
          }
        >
          Refresh values
        </button>
      </div>
      <dl className="debug-values">
        {fns.map((fn) => (
          <ValueRow key={fn.id} fn={fn} {...common} />
        ))}
      </dl>
    </div>
  );
}

function ValueRow({ fn, contract, chainId, context }: Common & { fn: DebugFunction }) {
  const query = useRead(contract, fn, chainId, []);
  return (
    <div data-testid={`value-${fn.id}`}>
      <dt className="mono">{fn.name}</dt>
      <dd>
        {query.isPending ? (
          <span className="muted">Loading…</span>
        ) : query.error ? (
          <ReadError error={query.error} />
        ) : (
          <Result fn={fn} result={query.data} context={context} />
        )}
      </dd>
    </div>
  );
}

/** A collapsible panel for one function (heading with a disclosure button). */
export function FunctionPanel({
  fn,
  open,
  onToggle,
  ...common
}: Common & { fn: DebugFunction; open: boolean; onToggle: () => void }) {
  const bodyId = `fn-${fn.read ? "r" : "w"}-${fn.id.replace(/[^A-Za-z0-9_]/g, "_")}`;
  const params = fn.item.inputs.map((p) => `${typeLabel(p)}${p.name ? ` ${p.name}` : ""}`);
  return (
    <section
      className="debug-fn"
      aria-label={`${fn.id} (${fn.read ? "read" : fn.payable ? "payable write" : "write"})`}
    >
      <h3 className="debug-fn-title">
        <button type="button" aria-expanded={open} aria-controls={bodyId} onClick={onToggle}>
          <span className="debug-chevron" aria-hidden="true">
            {open ? "▾" : "▸"}
          </span>
          <span className="mono">
            {fn.name}({params.join(", ")})
          </span>
          {fn.payable ? <span className="badge warn">payable</span> : null}
        </button>
      </h3>
      <div id={bodyId} hidden={!open} className="debug-fn-body">
        {fn.read ? <ReadForm fn={fn} {...common} /> : <WriteForm fn={fn} {...common} />}
      </div>
    </section>
  );
}

function useFields(fn: DebugFunction) {
  const [states, setStates] = useState<FieldState[]>(() =>
    fn.item.inputs.map((p) => initialState(p)),
  );
  const [errors, setErrors] = useState<FieldErrors>({});
  const setAt = (i: number, next: FieldState) => {
    setStates((old) => old.map((s, j) => (j === i ? next : s)));
    setErrors((old) => {
      // An edited field's errors go (they are shown again on the next submit if still wrong).
      const prefix = String(i);
      return Object.fromEntries(
        Object.entries(old).filter(([path]) => path !== prefix && !path.startsWith(`${prefix}.`)),
      );
    });
  };
  return { states, errors, setErrors, setAt };
}

function Inputs({
  fn,
  idPrefix,
  fields,
  disabled,
}: {
  fn: DebugFunction;
  idPrefix: string;
  fields: ReturnType<typeof useFields>;
  disabled?: boolean;
}) {
  return (
    <>
      {fn.item.inputs.map((param, i) => (
        <AbiField
          // biome-ignore lint/suspicious/noArrayIndexKey: inputs are positional
          key={i}
          param={param}
          state={fields.states[i] ?? initialState(param)}
          onChange={(next) => fields.setAt(i, next)}
          path={String(i)}
          idPrefix={idPrefix}
          errors={fields.errors}
          name={param.name || `arg${i}`}
          disabled={disabled}
        />
      ))}
    </>
  );
}

function ReadForm({ fn, contract, chainId, context }: Common & { fn: DebugFunction }) {
  const fields = useFields(fn);
  const [args, setArgs] = useState<unknown[]>();
  const query = useRead(contract, fn, chainId, args);
  const idPrefix = `read-${contract.key}-${fn.id}`.replace(/[^A-Za-z0-9_-]/g, "_");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseInputs(fn.item.inputs, fields.states);
    if (!parsed.ok) {
      fields.setErrors(parsed.errors);
      return;
    }
    fields.setErrors({});
    if (args !== undefined && toJsonText(args) === toJsonText(parsed.args)) void query.refetch();
    else setArgs(parsed.args);
  };
  return (
    <form className="form" onSubmit={submit} noValidate>
      <Inputs fn={fn} idPrefix={idPrefix} fields={fields} />
      <div className="row">
        <button type="submit" className="button" disabled={query.isFetching}>
          {query.isFetching ? "Reading…" : "Read"}
        </button>
      </div>
      <div className="debug-result" role="status" aria-live="polite">
        {args === undefined ? null : query.isPending ? (
          <span className="muted">Reading…</span>
        ) : query.error ? (
          <ReadError error={query.error} />
        ) : (
          <>
            <span className="debug-result-label">Result: </span>
            <Result fn={fn} result={query.data} context={context} />
          </>
        )}
      </div>
    </form>
  );
}

function WriteForm({ fn, contract, chainId }: Common & { fn: DebugFunction }) {
  const fields = useFields(fn);
  const tx = useTransaction();
  const [value, setValue] = useState("");
  const [valueError, setValueError] = useState<string>();
  const idPrefix = `write-${contract.key}-${fn.id}`.replace(/[^A-Za-z0-9_-]/g, "_");
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseInputs(fn.item.inputs, fields.states);
    let wei: bigint | undefined;
    let badValue: string | undefined;
    if (fn.payable && value.trim() !== "") {
      wei = parseAmount(value, 18);
      if (wei === undefined) badValue = "Enter an amount of ETH, like 0.5 (at most 18 decimals).";
    }
    setValueError(badValue);
    if (!parsed.ok) {
      fields.setErrors(parsed.errors);
      return;
    }
    fields.setErrors({});
    if (badValue) return;
    await tx.send(chainId, [
      {
        label: `${contract.label}.${fn.name}`,
        address: contract.address as Address,
        abi: callAbi(contract.abi, fn.item),
        functionName: fn.name,
        args: parsed.args,
        value: wei,
      },
    ]);
  };
  return (
    <form className="form" onSubmit={submit} noValidate>
      <Inputs fn={fn} idPrefix={idPrefix} fields={fields} disabled={tx.busy} />
      {fn.payable ? (
        <div className="field">
          <label htmlFor={`${idPrefix}-value`}>
            Value to send <span className="debug-type">(ETH)</span>
          </label>
          <input
            id={`${idPrefix}-value`}
            type="text"
            inputMode="decimal"
            placeholder="0"
            value={value}
            disabled={tx.busy}
            onChange={(e) => {
              setValue(e.target.value);
              setValueError(undefined);
            }}
            aria-invalid={valueError ? true : undefined}
            aria-describedby={valueError ? `${idPrefix}-value-error` : undefined}
          />
          {valueError ? (
            <p id={`${idPrefix}-value-error`} className="error debug-field-error">
              {valueError}
            </p>
          ) : null}
        </div>
      ) : null}
      <div className="row">
        <button type="submit" className="button" disabled={tx.busy}>
          {tx.busy ? "Sending…" : "Send"}
        </button>
      </div>
      <TxStatus state={tx.state} onDismiss={tx.reset} />
    </form>
  );
}
