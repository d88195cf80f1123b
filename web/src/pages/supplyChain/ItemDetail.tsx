// One item: its state (from the chain, so buttons match what the tracker will accept), its sensor
// ranges, custody actions (offer / cancel / accept, status moves), checkpoints (signed by an
// attestor in the wallet, relayed by anyone), an inspector's flag clearing, and its full history.
import { supplyChainTrackerAbi } from "@fluxion/deploy";
import { useState } from "react";
import { Link, useParams } from "react-router";
import type { Address } from "viem";
import { useConnection, useReadContracts } from "wagmi";
import { contractAddress } from "../../lib/deployment.ts";
import { useTransaction } from "../../tx/useTransaction.ts";
import { shortAddress } from "../../ui/format.ts";
import { Empty, ErrorState, Loading, QueryView } from "../../ui/States.tsx";
import { TxStatus } from "../../ui/TxStatus.tsx";
import { parseAddressInput, sameAddress } from "../governance/address.ts";
import { CheckpointPanel } from "./CheckpointPanel.tsx";
import { attestorRole, type ChainItem, inspectorRole } from "./chainItem.ts";
import { decodeLocation, describeReading, formatReading, sensorInfo } from "./checkpoint.ts";
import { type ItemDetailRow, liveInterval, useItem } from "./queries.ts";
import {
  type ItemStatus,
  isClosed,
  itemName,
  itemStatuses,
  nextStatuses,
  statusLabel,
  statusLabels,
  statusTone,
  statusValue,
} from "./status.ts";
import { mergeTimeline, rangesOf, readingsOf, type TimelineEntry } from "./timeline.ts";

const zero = "0x0000000000000000000000000000000000000000";

export function ItemPage({ chainId }: { chainId: number }) {
  const { itemId = "" } = useParams();
  if (!/^[1-9]\d{0,76}$/.test(itemId)) {
    return (
      <Empty>
        That is not an item number. <Link to="/supply-chain">All items</Link>
      </Empty>
    );
  }
  return <ItemView chainId={chainId} itemId={itemId} />;
}

function ItemView({ chainId, itemId }: { chainId: number; itemId: string }) {
  const query = useItem(chainId, itemId);
  return (
    <>
      <p>
        <Link to="/supply-chain">← All items</Link>
      </p>
      <QueryView
        query={query}
        what="the item"
        isEmpty={(d) => d === null}
        empty={
          <>
            Item #{itemId} is not indexed. <Link to="/supply-chain">All items</Link>
          </>
        }
      >
        {(item) => <ItemBody chainId={chainId} item={item as ItemDetailRow} />}
      </QueryView>
    </>
  );
}

function ItemBody({ chainId, item }: { chainId: number; item: ItemDetailRow }) {
  const { address } = useConnection();
  const tracker = {
    chainId,
    address: contractAddress(chainId, "SupplyChainTracker"),
    abi: supplyChainTrackerAbi,
  } as const;
  const id = BigInt(item.itemId);
  const me = (address ?? zero) as Address;
  const reads = useReadContracts({
    allowFailure: false,
    contracts: [
      { ...tracker, functionName: "itemOf", args: [id] },
      { ...tracker, functionName: "pendingCustodianOf", args: [id] },
      { ...tracker, functionName: "paused" },
      { ...tracker, functionName: "hasRole", args: [attestorRole, me] },
      { ...tracker, functionName: "hasRole", args: [inspectorRole, me] },
    ],
    query: { refetchInterval: liveInterval },
  });
  const ranges = rangesOf(item.ranges);
  const timeline = mergeTimeline(
    item.custodyEvents.items,
    item.checkpoints.items,
    item.flags.items,
  );
  const chainItem: ChainItem | undefined = reads.data
    ? {
        status: itemStatuses[reads.data[0].status],
        flagged: reads.data[0].flagged,
        custodian: reads.data[0].custodian,
        pending: reads.data[1] === zero ? undefined : reads.data[1],
        checkpointCount: BigInt(reads.data[0].checkpointCount),
        lastCheckpointAt: BigInt(reads.data[0].lastCheckpointAt),
        paused: reads.data[2],
        isAttestor: !!address && reads.data[3],
        isInspector: !!address && reads.data[4],
      }
    : undefined;
  const status = chainItem?.status ?? (item.status as ItemStatus);
  const flagged = chainItem?.flagged ?? item.flagged;
  return (
    <>
      <section className="card" aria-labelledby="sc-item-title">
        <h2 id="sc-item-title">
          {itemName(item.uri, item.itemId)} <span className="muted">#{item.itemId}</span>
        </h2>
        <div className="row">
          <span className={`badge ${statusTone(status, false)}`} data-testid="item-status">
            {statusLabel(status)}
          </span>
          {flagged ? (
            <span className="badge danger" data-testid="item-flagged">
              Flagged for inspection
            </span>
          ) : null}
          {chainItem?.paused ? <span className="badge warn">Tracker paused</span> : null}
        </div>
        <dl className="preview sc-facts">
          <dt>Custodian</dt>
          <dd data-testid="item-custodian">
            <code title={chainItem?.custodian ?? item.custodian}>
              {chainItem?.custodian ?? item.custodian}
            </code>
            {sameAddress(chainItem?.custodian ?? item.custodian, address) ? " (you)" : ""}
          </dd>
          <dt>Pending custodian</dt>
          <dd data-testid="item-pending">
            {(chainItem ? chainItem.pending : item.pendingCustodian) ?? "none"}
            {sameAddress(chainItem?.pending ?? item.pendingCustodian, address) ? " (you)" : ""}
          </dd>
          <dt>Created by</dt>
          <dd>
            <code title={item.creator}>{shortAddress(item.creator)}</code>
          </dd>
          <dt>Registered</dt>
          <dd>{utc(item.registeredAt)}</dd>
          <dt>Checkpoints</dt>
          <dd>{String(chainItem?.checkpointCount ?? item.checkpointCount)}</dd>
          <dt>Metadata</dt>
          <dd className="sc-wrap">
            {item.uri} <span className="muted">(hash {shortAddress(item.metadataHash)})</span>
          </dd>
        </dl>
        <h3>Accepted sensor ranges</h3>
        {ranges.length === 0 ? (
          <p className="muted">No sensors monitored: readings are recorded but never flag.</p>
        ) : (
          <ul className="sc-list">
            {ranges.map((r) => {
              const info = sensorInfo(r.sensor);
              return (
                <li key={r.sensor}>
                  {info.label}: {formatReading(r.min, info.decimals)} to{" "}
                  {formatReading(r.max, info.decimals)} {info.unit}
                </li>
              );
            })}
          </ul>
        )}
      </section>
      {reads.isPending ? (
        <Loading what="the item on chain" />
      ) : reads.error ? (
        <ErrorState error={reads.error} retry={() => void reads.refetch()} />
      ) : chainItem ? (
        <div className="grid">
          <CustodyPanel chainId={chainId} itemId={id} item={chainItem} me={address} />
          <CheckpointPanel
            chainId={chainId}
            itemId={id}
            item={chainItem}
            ranges={ranges}
            me={address}
          />
          {chainItem.isInspector && chainItem.flagged ? (
            <ClearFlag chainId={chainId} itemId={id} />
          ) : null}
        </div>
      ) : null}
      <section className="card" aria-labelledby="sc-timeline">
        <h2 id="sc-timeline">History</h2>
        {timeline.length === 0 ? (
          <Empty>No history indexed yet.</Empty>
        ) : (
          <ol className="sc-timeline" data-testid="timeline">
            {timeline.map((entry) => (
              <li key={entry.key} className={`sc-entry sc-${entry.type}`}>
                <TimelineLine entry={entry} ranges={ranges} />
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}

function utc(seconds: string | bigint): string {
  const n = Number(seconds);
  if (!Number.isFinite(n) || n <= 0 || n > 8.64e12) return "—";
  return `${new Date(n * 1000).toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

function Who({ address }: { address: string | null }) {
  return address ? <code title={address}>{shortAddress(address)}</code> : <>someone</>;
}

function TimelineLine({
  entry,
  ranges,
}: {
  entry: TimelineEntry;
  ranges: { sensor: string; min: string; max: string }[];
}) {
  if (entry.type === "custody") {
    const e = entry.event;
    const when = <span className="muted"> · {utc(e.timestamp)}</span>;
    switch (e.kind) {
      case "registered":
        return (
          <span>
            Registered by <Who address={e.to} />
            {when}
          </span>
        );
      case "offered":
        return (
          <span>
            <Who address={e.from} /> offered custody to <Who address={e.to} />
            {when}
          </span>
        );
      case "offer_cancelled":
        return (
          <span>
            Offer to <Who address={e.to} /> withdrawn
            {when}
          </span>
        );
      case "transferred":
        return (
          <span>
            <Who address={e.to} /> accepted custody from <Who address={e.from} />
            {when}
          </span>
        );
      case "status":
        return (
          <span>
            Status {statusLabel(e.statusFrom)} → <strong>{statusLabel(e.statusTo)}</strong> by{" "}
            <Who address={e.from} />
            {when}
          </span>
        );
      default:
        return (
          <span>
            {e.kind}
            {when}
          </span>
        );
    }
  }
  if (entry.type === "checkpoint") {
    const c = entry.checkpoint;
    const readings = readingsOf(c.readings);
    return (
      <span>
        Checkpoint #{c.sequence} at <strong>{decodeLocation(c.location)}</strong>
        {readings.length > 0
          ? `: ${readings.map((r) => describeReading(r.sensor, r.value)).join(", ")}`
          : ""}{" "}
        (attested by <Who address={c.attestor} />, observed {utc(c.observedAt)})
        {c.outOfRange > 0 ? <span className="error"> · {c.outOfRange} out of range</span> : null}
      </span>
    );
  }
  const f = entry.flag;
  const info = sensorInfo(f.sensor);
  const declared = ranges.find((r) => r.sensor.toLowerCase() === f.sensor.toLowerCase());
  return (
    <span>
      <span className="error">Flagged</span>: {describeReading(f.sensor, f.value)} outside{" "}
      {formatReading(declared?.min ?? f.min, info.decimals)} to{" "}
      {formatReading(declared?.max ?? f.max, info.decimals)} {info.unit} (checkpoint #{f.sequence})
      {f.cleared ? (
        <span className="ok">
          {" "}
          · cleared by <Who address={f.clearedBy} />
          {f.clearReason ? `: ${f.clearReason}` : ""}
        </span>
      ) : null}
      <span className="muted"> · {utc(f.timestamp)}</span>
    </span>
  );
}

function CustodyPanel({
  chainId,
  itemId,
  item,
  me,
}: {
  chainId: number;
  itemId: bigint;
  item: ChainItem;
  me: string | undefined;
}) {
  const tx = useTransaction();
  const tracker = contractAddress(chainId, "SupplyChainTracker");
  const [to, setTo] = useState("");
  const [touched, setTouched] = useState(false);
  const [nextStatus, setNextStatus] = useState<ItemStatus | "">("");
  const closed = isClosed(item.status);
  const isCustodian = sameAddress(item.custodian, me);
  const isPending = sameAddress(item.pending, me);
  const parsed = parseAddressInput(to);
  const toProblem =
    parsed.error ??
    (sameAddress(parsed.address, item.custodian)
      ? "That account already holds the item."
      : undefined);
  const moves = nextStatuses(item.status, item.flagged);
  const call = (label: string, functionName: string, args: readonly unknown[]) =>
    tx.send(chainId, [{ label, address: tracker, abi: supplyChainTrackerAbi, functionName, args }]);
  return (
    <section className="card" aria-labelledby="sc-custody">
      <h2 id="sc-custody">Custody</h2>
      {!me ? <p className="muted">Connect a wallet to act on this item.</p> : null}
      {closed ? (
        <p className="muted">
          This item is {statusLabel(item.status).toLowerCase()}: it is closed to custody changes.
        </p>
      ) : null}
      {isPending && !closed ? (
        <div className="form">
          <p>
            <Who address={item.custodian} /> offered you custody of this item.
          </p>
          <button
            type="button"
            className="button"
            disabled={tx.busy || item.paused}
            onClick={() =>
              void call(`Accept custody of item #${itemId}`, "acceptCustody", [itemId])
            }
          >
            Accept custody
          </button>
        </div>
      ) : null}
      {me && !isCustodian && !isPending && !closed ? (
        <p className="hint">
          Only the custodian (<Who address={item.custodian} />) can offer custody or change the
          status
          {item.pending ? (
            <>
              ; only <Who address={item.pending} /> can accept the pending offer
            </>
          ) : null}
          .
        </p>
      ) : null}
      {isCustodian && !closed ? (
        <>
          {item.pending ? (
            <div className="form">
              <p>
                Offered to <Who address={item.pending} />, waiting for them to accept.
              </p>
              <button
                type="button"
                className="button secondary"
                disabled={tx.busy}
                onClick={() =>
                  void call(`Withdraw the offer for item #${itemId}`, "cancelCustodyOffer", [
                    itemId,
                  ])
                }
              >
                Withdraw offer
              </button>
            </div>
          ) : null}
          <form
            className="form"
            onSubmit={(e) => {
              e.preventDefault();
              setTouched(true);
              if (!toProblem && parsed.address) {
                void call(`Offer custody to ${shortAddress(parsed.address)}`, "offerCustody", [
                  itemId,
                  parsed.address,
                ]);
              }
            }}
          >
            <div className="field">
              <label htmlFor="sc-offer-to">Offer custody to</label>
              <input
                id="sc-offer-to"
                value={to}
                placeholder="0x…"
                autoComplete="off"
                spellCheck={false}
                aria-invalid={touched && !!toProblem}
                aria-describedby="sc-offer-problem"
                onChange={(e) => setTo(e.target.value)}
                onBlur={() => setTouched(to !== "")}
              />
              <span id="sc-offer-problem" className="error">
                {touched && toProblem ? toProblem : ""}
              </span>
              <span className="hint">
                They become the custodian only when they accept.
                {item.pending ? " A new offer replaces the pending one." : ""}
              </span>
            </div>
            <button type="submit" className="button" disabled={tx.busy || item.paused}>
              Offer custody
            </button>
          </form>
          {moves.length > 0 ? (
            <form
              className="form"
              onSubmit={(e) => {
                e.preventDefault();
                if (nextStatus) {
                  void call(
                    `Mark item #${itemId} ${statusLabels[nextStatus].toLowerCase()}`,
                    "updateStatus",
                    [itemId, statusValue(nextStatus)],
                  );
                }
              }}
            >
              <div className="field">
                <label htmlFor="sc-status">New status</label>
                <select
                  id="sc-status"
                  value={nextStatus}
                  onChange={(e) => setNextStatus(e.target.value as ItemStatus | "")}
                >
                  <option value="">Choose…</option>
                  {moves.map((s) => (
                    <option key={s} value={s}>
                      {statusLabels[s]}
                    </option>
                  ))}
                </select>
                {item.flagged ? (
                  <span className="hint">
                    A flagged item cannot be delivered until an inspector clears the flag.
                  </span>
                ) : null}
              </div>
              <button
                type="submit"
                className="button secondary"
                disabled={tx.busy || !nextStatus || item.paused}
              >
                Update status
              </button>
            </form>
          ) : null}
        </>
      ) : null}
      {item.paused ? (
        <p className="warn-text">The tracker is paused: custody changes wait.</p>
      ) : null}
      <TxStatus state={tx.state} onDismiss={tx.reset} />
    </section>
  );
}

function ClearFlag({ chainId, itemId }: { chainId: number; itemId: bigint }) {
  const tx = useTransaction();
  const [reason, setReason] = useState("");
  return (
    <section className="card" aria-labelledby="sc-inspect">
      <h2 id="sc-inspect">Inspection</h2>
      <form
        className="form"
        onSubmit={async (e) => {
          e.preventDefault();
          if (!reason.trim()) return;
          const done = await tx.send(chainId, [
            {
              label: `Clear the flag of item #${itemId}`,
              address: contractAddress(chainId, "SupplyChainTracker"),
              abi: supplyChainTrackerAbi,
              functionName: "clearFlag",
              args: [itemId, reason.trim()],
            },
          ]);
          if (done) setReason("");
        }}
      >
        <div className="field">
          <label htmlFor="sc-clear-reason">Why the item is fine (recorded on chain)</label>
          <textarea
            id="sc-clear-reason"
            rows={2}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        </div>
        <button type="submit" className="button warn" disabled={tx.busy || !reason.trim()}>
          Clear flag
        </button>
        <TxStatus state={tx.state} onDismiss={tx.reset} />
      </form>
    </section>
  );
}
