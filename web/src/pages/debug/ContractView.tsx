// One deployed contract: its address (copyable), what it holds, a search over its functions, the
// values of its argument-free reads, and a panel per read and write. A long ABI starts collapsed.
import { useMemo, useState } from "react";
import { useBalance } from "wagmi";
import { formatAmount } from "../../ui/format.ts";
import { Empty } from "../../ui/States.tsx";
import type { DisplayContext } from "./abiOutput.ts";
import { CopyButton } from "./CopyButton.tsx";
import {
  type DebugContract,
  type DebugFunction,
  filterFunctions,
  functionsOf,
  labelOf,
} from "./contracts.ts";
import { FunctionPanel, Values } from "./Functions.tsx";

/** More panels than this and they all start collapsed. */
export const collapseAbove = 6;

const panelKey = (fn: DebugFunction) => `${fn.read ? "r" : "w"}:${fn.id}`;
const isValue = (fn: DebugFunction) => fn.read && fn.item.inputs.length === 0;

export function ContractView({
  contract,
  contracts,
  chainId,
}: {
  contract: DebugContract;
  contracts: readonly DebugContract[];
  chainId: number;
}) {
  const fns = useMemo(() => functionsOf(contract.abi), [contract]);
  const panels = fns.filter((fn) => !isValue(fn));
  const [search, setSearch] = useState("");
  const [open, setOpen] = useState<Set<string>>(
    () => new Set(panels.length > collapseAbove ? [] : panels.map(panelKey)),
  );
  const eth = useBalance({ address: contract.address, chainId });
  const context: DisplayContext = useMemo(
    () => ({ decimals: contract.decimals, addressLabel: (a) => labelOf(contracts, a) }),
    [contract, contracts],
  );
  const shown = new Set(filterFunctions(fns, search).map(panelKey));
  const values = fns.filter(isValue);
  const reads = panels.filter((fn) => fn.read);
  const writes = panels.filter((fn) => !fn.read);
  const visible = (list: DebugFunction[]) => list.filter((fn) => shown.has(panelKey(fn))).length;
  const toggle = (fn: DebugFunction) =>
    setOpen((old) => {
      const next = new Set(old);
      const key = panelKey(fn);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  const common = { contract, chainId, context };
  const panel = (fn: DebugFunction) => (
    <div key={panelKey(fn)} hidden={!shown.has(panelKey(fn))}>
      <FunctionPanel
        fn={fn}
        open={open.has(panelKey(fn))}
        onToggle={() => toggle(fn)}
        {...common}
      />
    </div>
  );
  return (
    <>
      <section className="card debug-contract" aria-labelledby="contract-title">
        <div className="debug-contract-head">
          <h2 id="contract-title">{contract.label}</h2>
          <span className="badge">{contract.abiName}</span>
          <span className="badge">{contract.group}</span>
        </div>
        <p className="debug-account">
          <span className="muted">Address </span>
          <code data-testid="contract-address">{contract.address}</code>{" "}
          <CopyButton text={contract.address} label="Copy contract address" />
        </p>
        <p className="muted">
          Holds {eth.data ? `${formatAmount(eth.data.value, 18)} ETH` : "… ETH"} ·{" "}
          {values.length + reads.length} reads, {writes.length} writes
        </p>
        <div className="debug-toolbar">
          <div className="field debug-search">
            <label htmlFor="debug-fn-search">Search functions</label>
            <input
              id="debug-fn-search"
              type="search"
              value={search}
              placeholder="balanceOf, mint, …"
              autoComplete="off"
              onChange={(e) => setSearch(e.target.value)}
            />
          </div>
          <div className="row">
            <button
              type="button"
              className="button secondary"
              onClick={() => setOpen(new Set(panels.map(panelKey)))}
            >
              Expand all
            </button>
            <button type="button" className="button secondary" onClick={() => setOpen(new Set())}>
              Collapse all
            </button>
          </div>
        </div>
      </section>
      {shown.size === 0 ? (
        <Empty>
          No function of {contract.label} has “{search.trim()}” in its name.
        </Empty>
      ) : null}
      <div className="debug-columns" hidden={shown.size === 0}>
        <section className="card" aria-labelledby="debug-reads-title">
          <h2 id="debug-reads-title">Read</h2>
          <Values fns={values.filter((fn) => shown.has(panelKey(fn)))} {...common} />
          {reads.map(panel)}
          {visible(values) + visible(reads) === 0 ? (
            <p className="muted">
              {search.trim() ? "No read matches." : "This contract has no reads."}
            </p>
          ) : null}
        </section>
        <section className="card" aria-labelledby="debug-writes-title">
          <h2 id="debug-writes-title">Write</h2>
          {writes.map(panel)}
          {visible(writes) === 0 ? (
            <p className="muted">
              {search.trim() ? "No write matches." : "This contract has no writes."}
            </p>
          ) : null}
        </section>
      </div>
    </>
  );
}
