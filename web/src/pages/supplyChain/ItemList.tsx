// Every item with its status, flag, custodian and checkpoints; the items offered to the connected
// account first; and a form to register a new item with the sensor ranges it must stay within.
import { supplyChainTrackerAbi } from "@fluxion/deploy";
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { keccak256, parseEventLogs, stringToHex } from "viem";
import { useConfig, useConnection } from "wagmi";
import { getTransactionReceipt } from "wagmi/actions";
import { contractAddress } from "../../lib/deployment.ts";
import { useTransaction } from "../../tx/useTransaction.ts";
import { relativeTime, shortAddress } from "../../ui/format.ts";
import { Empty, QueryView } from "../../ui/States.tsx";
import { TxStatus } from "../../ui/TxStatus.tsx";
import { sameAddress } from "../governance/address.ts";
import { useChainNow } from "../governance/queries.ts";
import { buildRanges, knownSensors } from "./checkpoint.ts";
import { type ItemRow, useItems } from "./queries.ts";
import { itemName, parseStatus, statusLabel, statusTone } from "./status.ts";

export function ItemList({ chainId }: { chainId: number }) {
  const { address } = useConnection();
  const items = useItems(chainId);
  // Times relative to the chain's clock (a dev chain's clock may run ahead of or behind this one's).
  const { seconds } = useChainNow(chainId, "timestamp");
  const now = seconds === undefined ? undefined : Number(seconds);
  const offered = (items.data ?? []).filter((i) => sameAddress(i.pendingCustodian, address));
  return (
    <>
      {offered.length > 0 ? (
        <section className="card" aria-labelledby="sc-offered">
          <h2 id="sc-offered">Offered to you</h2>
          <ul className="sc-list">
            {offered.map((i) => (
              <li key={i.itemId}>
                <Link to={i.itemId}>{itemName(i.uri, i.itemId)}</Link>{" "}
                <span className="muted">
                  from {shortAddress(i.custodian)}: open it to accept custody
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section className="card" aria-labelledby="sc-items">
        <h2 id="sc-items">Items</h2>
        <QueryView
          query={items}
          what="items"
          isEmpty={(d) => d.length === 0}
          empty="No items registered yet."
        >
          {(rows) => (
            <div className="table-wrap">
              <table data-testid="item-list">
                <thead>
                  <tr>
                    <th scope="col">Item</th>
                    <th scope="col">Status</th>
                    <th scope="col">Custodian</th>
                    <th scope="col">Pending custodian</th>
                    <th scope="col" className="num">
                      Checkpoints
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((i) => (
                    <ItemLine key={i.itemId} item={i} me={address} now={now} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </QueryView>
      </section>
      <RegisterForm chainId={chainId} />
    </>
  );
}

function ItemLine({
  item,
  me,
  now,
}: {
  item: ItemRow;
  me: string | undefined;
  now: number | undefined;
}) {
  const status = parseStatus(item.status);
  return (
    <tr data-testid={`item-${item.itemId}`}>
      <td>
        <Link to={item.itemId}>{itemName(item.uri, item.itemId)}</Link>{" "}
        <span className="muted">#{item.itemId}</span>
      </td>
      <td>
        <span className={`badge ${statusTone(status, false)}`}>{statusLabel(item.status)}</span>{" "}
        {item.flagged ? <span className="badge danger">Flagged</span> : null}
      </td>
      <td>
        <code title={item.custodian}>{shortAddress(item.custodian)}</code>
        {sameAddress(item.custodian, me) ? " (you)" : ""}
      </td>
      <td>
        {item.pendingCustodian ? (
          <>
            <code title={item.pendingCustodian}>{shortAddress(item.pendingCustodian)}</code>
            {sameAddress(item.pendingCustodian, me) ? " (you)" : ""}
          </>
        ) : (
          "—"
        )}
      </td>
      <td className="num">
        {item.checkpointCount}
        {item.checkpointCount > 0 ? (
          <span className="muted"> · {relativeTime(Number(item.lastCheckpointAt), now)}</span>
        ) : null}
      </td>
    </tr>
  );
}

const presets = [
  { sensor: knownSensors[0]!, defaultMin: "2", defaultMax: "8" },
  { sensor: knownSensors[2]!, defaultMin: "40", defaultMax: "65" },
];

type RangeState = { enabled: boolean; min: string; max: string };

function RegisterForm({ chainId }: { chainId: number }) {
  const config = useConfig();
  const navigate = useNavigate();
  const { address } = useConnection();
  const tx = useTransaction();
  const [name, setName] = useState("");
  const [uri, setUri] = useState("");
  const [ranges, setRanges] = useState<RangeState[]>(
    presets.map((p, i) => ({ enabled: i === 0, min: p.defaultMin, max: p.defaultMax })),
  );
  const built = buildRanges(ranges.map((r, i) => ({ ...r, sensor: presets[i]!.sensor })));
  const nameProblem =
    name.trim() === ""
      ? "Name the item."
      : name.length > 120
        ? "Keep the name under 120 characters."
        : undefined;
  const finalUri = uri.trim() || `demo://supply-chain/${encodeURIComponent(name.trim())}`;
  const tracker = contractAddress(chainId, "SupplyChainTracker");
  return (
    <section className="card" aria-labelledby="sc-register">
      <h2 id="sc-register">Register an item</h2>
      <form
        className="form"
        onSubmit={async (e) => {
          e.preventDefault();
          if (nameProblem || built.error !== undefined) return;
          const done = await tx.send(chainId, [
            {
              label: `Register ${name.trim()}`,
              address: tracker,
              abi: supplyChainTrackerAbi,
              functionName: "registerItem",
              args: [keccak256(stringToHex(name.trim())), finalUri, built.ranges],
            },
          ]);
          const hash = done?.hashes.at(-1);
          if (!hash) return;
          const receipt = await getTransactionReceipt(config, { chainId, hash });
          const [registered] = parseEventLogs({
            abi: supplyChainTrackerAbi,
            eventName: "ItemRegistered",
            logs: receipt.logs,
          });
          if (registered) navigate(String(registered.args.itemId));
        }}
      >
        <div className="field">
          <label htmlFor="sc-name">Name</label>
          <input
            id="sc-name"
            value={name}
            maxLength={200}
            onChange={(e) => setName(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="sc-uri">Metadata URI (optional)</label>
          <input
            id="sc-uri"
            value={uri}
            placeholder="ipfs://… or https://…"
            onChange={(e) => setUri(e.target.value)}
          />
          <span className="hint">The tracker stores a hash of the name and emits the URI.</span>
        </div>
        {presets.map((p, i) => {
          const state = ranges[i] as RangeState;
          const set = (change: Partial<RangeState>) =>
            setRanges(ranges.map((r, k) => (k === i ? { ...r, ...change } : r)));
          return (
            <fieldset key={p.sensor.id} className="sc-range">
              <legend>
                <label className="row">
                  <input
                    type="checkbox"
                    checked={state.enabled}
                    onChange={(e) => set({ enabled: e.target.checked })}
                  />
                  Monitor {p.sensor.label.toLowerCase()} ({p.sensor.unit})
                </label>
              </legend>
              {state.enabled ? (
                <div className="row">
                  <div className="field">
                    <label htmlFor={`sc-min-${i}`}>Minimum ({p.sensor.unit})</label>
                    <input
                      id={`sc-min-${i}`}
                      inputMode="decimal"
                      value={state.min}
                      onChange={(e) => set({ min: e.target.value })}
                    />
                  </div>
                  <div className="field">
                    <label htmlFor={`sc-max-${i}`}>Maximum ({p.sensor.unit})</label>
                    <input
                      id={`sc-max-${i}`}
                      inputMode="decimal"
                      value={state.max}
                      onChange={(e) => set({ max: e.target.value })}
                    />
                  </div>
                </div>
              ) : null}
            </fieldset>
          );
        })}
        {built.error !== undefined ? <p className="error">{built.error}</p> : null}
        {!address ? <p className="muted">Connect a wallet to register an item.</p> : null}
        <button
          type="submit"
          className="button"
          disabled={tx.busy || !address || !!nameProblem || built.error !== undefined}
        >
          Register item
        </button>
        <TxStatus state={tx.state} onDismiss={tx.reset} />
      </form>
    </section>
  );
}

export function NotFoundItem() {
  return (
    <Empty>
      No such item. <Link to="/supply-chain">All items</Link>
    </Empty>
  );
}
