// Recording a checkpoint. The tracker accepts a checkpoint only with an EIP-712 signature from an
// account holding ATTESTOR_ROLE, and anyone may submit (relay) it. So an attestor fills in the
// observation, signs it in the wallet (after checking that this app's typed data hashes to the
// tracker's own `checkpointDigest`), then submits it or hands the signed JSON to a relayer; everyone
// else is told they cannot attest and may relay a signed checkpoint.
import { supplyChainTrackerAbi } from "@fluxion/deploy";
import { useState } from "react";
import { type Address, type Hex, hashTypedData, recoverTypedDataAddress } from "viem";
import { useConfig, useReadContract } from "wagmi";
import { getBlock, readContract, signTypedData } from "wagmi/actions";
import { contractAddress } from "../../lib/deployment.ts";
import { decodeError } from "../../tx/decodeError.ts";
import { useTransaction } from "../../tx/useTransaction.ts";
import { shortAddress } from "../../ui/format.ts";
import { TxStatus } from "../../ui/TxStatus.tsx";
import { attestorRole, type ChainItem } from "./chainItem.ts";
import {
  buildCheckpoint,
  type Checkpoint,
  checkpointTypedData,
  decodeLocation,
  describeReading,
  domainMatches,
  knownSensors,
  parseSignedCheckpoint,
  type SensorInfo,
  type SignedCheckpoint,
  sensorInfo,
  serializeSignedCheckpoint,
} from "./checkpoint.ts";
import { isClosed } from "./status.ts";

type SignStage =
  | { stage: "idle" }
  | { stage: "preparing" }
  | { stage: "signing" }
  | { stage: "signed" }
  | { stage: "failed"; message: string };

export function CheckpointPanel({
  chainId,
  itemId,
  item,
  ranges,
  me,
}: {
  chainId: number;
  itemId: bigint;
  item: ChainItem;
  ranges: { sensor: string; min: string; max: string }[];
  me: string | undefined;
}) {
  const closed = isClosed(item.status);
  return (
    <section className="card" aria-labelledby="sc-checkpoint">
      <h2 id="sc-checkpoint">Record a checkpoint</h2>
      {closed ? (
        <p className="muted">This item is closed: it takes no more checkpoints.</p>
      ) : !me ? (
        <p className="muted">Connect a wallet to record or relay a checkpoint.</p>
      ) : item.isAttestor ? (
        <AttestForm
          chainId={chainId}
          itemId={itemId}
          item={item}
          ranges={ranges}
          me={me as Address}
        />
      ) : (
        <>
          <p className="warn-text" data-testid="not-attestor">
            Only an authorised attestor (an account holding the tracker's ATTESTOR_ROLE, such as a
            sensor gateway) can sign checkpoints, and your account is not one. You can still submit
            a checkpoint an attestor signed.
          </p>
          <RelayForm chainId={chainId} itemId={itemId} paused={item.paused} />
        </>
      )}
    </section>
  );
}

/** Unix seconds from a datetime-local value (the browser's time zone); undefined if blank or bad. */
function localTimeToUnix(value: string): bigint | undefined {
  if (!value) return undefined;
  const ms = new Date(value).getTime();
  return Number.isFinite(ms) && ms > 0 ? BigInt(Math.floor(ms / 1000)) : undefined;
}

function AttestForm({
  chainId,
  itemId,
  item,
  ranges,
  me,
}: {
  chainId: number;
  itemId: bigint;
  item: ChainItem;
  ranges: { sensor: string; min: string; max: string }[];
  me: Address;
}) {
  const config = useConfig();
  const tx = useTransaction();
  const tracker = contractAddress(chainId, "SupplyChainTracker");
  const domain = useReadContract({
    chainId,
    address: tracker,
    abi: supplyChainTrackerAbi,
    functionName: "eip712Domain",
  });
  // Declared sensors first, then the other known ones (recorded, but they never flag).
  const declared = ranges.map((r) => sensorInfo(r.sensor));
  const others = knownSensors.filter(
    (k) =>
      !ranges.some((r) => r.sensor.toLowerCase() === k.id.toLowerCase()) &&
      k.name !== "temperature.c_x100",
  );
  const sensors = [...declared, ...others];
  const [location, setLocation] = useState("");
  const [observed, setObserved] = useState("");
  const [values, setValues] = useState<Record<string, string>>({});
  const [sign, setSign] = useState<SignStage>({ stage: "idle" });
  const [signed, setSigned] = useState<SignedCheckpoint | undefined>(undefined);
  const domainOk = domainMatches(domain.data, chainId, tracker);
  const setValue = (id: string, value: string) => setValues((v) => ({ ...v, [id]: value }));

  const run = async (submit: boolean) => {
    setSigned(undefined);
    setSign({ stage: "preparing" });
    try {
      const [block, fresh] = await Promise.all([
        getBlock(config, { chainId }),
        readContract(config, {
          chainId,
          address: tracker,
          abi: supplyChainTrackerAbi,
          functionName: "itemOf",
          args: [itemId],
        }),
      ]);
      const built = buildCheckpoint({
        itemId,
        sequence: BigInt(fresh.checkpointCount),
        timestamp: localTimeToUnix(observed) ?? block.timestamp,
        location,
        readings: sensors.map((s) => ({
          sensor: s.id,
          text: values[s.id] ?? "",
          decimals: s.decimals,
        })),
        chainNow: block.timestamp,
        lastCheckpointAt: BigInt(fresh.lastCheckpointAt),
      });
      if (built.error !== undefined) {
        setSign({ stage: "failed", message: built.error });
        return;
      }
      const typed = checkpointTypedData(chainId, tracker, built.checkpoint);
      const onChain = await readContract(config, {
        chainId,
        address: tracker,
        abi: supplyChainTrackerAbi,
        functionName: "checkpointDigest",
        args: [built.checkpoint],
      });
      if (onChain !== hashTypedData(typed)) {
        setSign({
          stage: "failed",
          message:
            "The tracker hashes checkpoints differently from this app: not asking you to sign.",
        });
        return;
      }
      setSign({ stage: "signing" });
      const signature = await signTypedData(config, { account: me, ...typed });
      const result = { checkpoint: built.checkpoint, signature };
      if (!submit) {
        setSigned(result);
        setSign({ stage: "signed" });
        return;
      }
      setSign({ stage: "idle" });
      const done = await tx.send(chainId, [recordCall(tracker, result)]);
      if (done) {
        setValues({});
        setObserved("");
      }
    } catch (error) {
      setSign({ stage: "failed", message: decodeError(error).message });
    }
  };

  const busy = tx.busy || sign.stage === "preparing" || sign.stage === "signing";
  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        void run(true);
      }}
    >
      <p className="hint">
        You are an attestor: your signature makes the checkpoint valid. Checkpoint number{" "}
        {item.checkpointCount.toString()} of this item.
      </p>
      <div className="field">
        <label htmlFor="cp-location">Location (geohash)</label>
        <input
          id="cp-location"
          value={location}
          autoComplete="off"
          spellCheck={false}
          placeholder="u33dc0"
          onChange={(e) => setLocation(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="cp-observed">Observed at (your local time; empty for now)</label>
        <input
          id="cp-observed"
          type="datetime-local"
          value={observed}
          onChange={(e) => setObserved(e.target.value)}
        />
      </div>
      <fieldset className="sc-readings">
        <legend>Readings (leave empty what was not measured)</legend>
        {declared.length === 0 ? (
          <p className="hint">
            This item monitors no sensor: readings are recorded but never flag.
          </p>
        ) : null}
        {declared.map((s) => (
          <ReadingField key={s.id} sensor={s} value={values[s.id] ?? ""} onChange={setValue} />
        ))}
        <details open={others.some((s) => (values[s.id] ?? "") !== "")}>
          <summary>Other sensors (recorded, never flag this item)</summary>
          {others.map((s) => (
            <ReadingField key={s.id} sensor={s} value={values[s.id] ?? ""} onChange={setValue} />
          ))}
        </details>
      </fieldset>
      {domain.data && !domainOk ? (
        <p className="error" role="alert">
          The tracker's EIP-712 domain is not the one this app signs for: signing is disabled.
        </p>
      ) : null}
      <div className="row">
        <button type="submit" className="button" disabled={busy || !domainOk || item.paused}>
          Sign and record checkpoint
        </button>
        <button
          type="button"
          className="button secondary"
          disabled={busy || !domainOk}
          onClick={() => void run(false)}
        >
          Sign only, for a relayer
        </button>
      </div>
      <SignStatus sign={sign} />
      {signed ? <SignedOutput signed={signed} /> : null}
      <TxStatus state={tx.state} onDismiss={tx.reset} />
    </form>
  );
}

function ReadingField({
  sensor,
  value,
  onChange,
}: {
  sensor: SensorInfo;
  value: string;
  onChange: (id: string, value: string) => void;
}) {
  const id = `cp-reading-${sensor.id.slice(2, 10)}`;
  return (
    <div className="field">
      <label htmlFor={id}>
        {sensor.label}
        {sensor.unit ? ` (${sensor.unit})` : ""}
      </label>
      <input
        id={id}
        inputMode="decimal"
        autoComplete="off"
        value={value}
        onChange={(e) => onChange(sensor.id, e.target.value)}
      />
    </div>
  );
}

function recordCall(tracker: Address, signed: SignedCheckpoint) {
  return {
    label: `Record checkpoint #${signed.checkpoint.sequence} of item #${signed.checkpoint.itemId}`,
    address: tracker,
    abi: supplyChainTrackerAbi,
    functionName: "recordCheckpoint",
    args: [signed.checkpoint, signed.signature] as const,
  };
}

function SignStatus({ sign }: { sign: SignStage }) {
  if (sign.stage === "idle") return null;
  const text = {
    preparing: "Preparing the checkpoint…",
    signing: "Sign the checkpoint in your wallet…",
    signed: "Signed. Share the JSON below with whoever submits it.",
    failed: sign.stage === "failed" ? sign.message : "",
  }[sign.stage];
  return (
    <p
      className={sign.stage === "failed" ? "error" : "hint"}
      role={sign.stage === "failed" ? "alert" : "status"}
      data-testid="sign-status"
    >
      {text}
    </p>
  );
}

function SignedOutput({ signed }: { signed: SignedCheckpoint }) {
  const json = serializeSignedCheckpoint(signed.checkpoint, signed.signature);
  return (
    <div className="field">
      <label htmlFor="cp-signed">Signed checkpoint</label>
      <textarea id="cp-signed" readOnly rows={8} value={json} className="mono" />
      <button
        type="button"
        className="button secondary"
        onClick={() => void navigator.clipboard?.writeText(json)}
      >
        Copy
      </button>
    </div>
  );
}

function CheckpointSummary({ checkpoint }: { checkpoint: Checkpoint }) {
  return (
    <dl className="preview">
      <dt>Item</dt>
      <dd>#{checkpoint.itemId.toString()}</dd>
      <dt>Checkpoint number</dt>
      <dd>{checkpoint.sequence.toString()}</dd>
      <dt>Location</dt>
      <dd>{decodeLocation(checkpoint.location)}</dd>
      <dt>Readings</dt>
      <dd>
        {checkpoint.readings.length === 0
          ? "none"
          : checkpoint.readings.map((r) => describeReading(r.sensor, r.value)).join(", ")}
      </dd>
    </dl>
  );
}

function RelayForm({
  chainId,
  itemId,
  paused,
}: {
  chainId: number;
  itemId: bigint;
  paused: boolean;
}) {
  const config = useConfig();
  const tx = useTransaction();
  const tracker = contractAddress(chainId, "SupplyChainTracker");
  const [text, setText] = useState("");
  const [signer, setSigner] = useState<
    { address: Address; attestor: boolean } | { error: string }
  >();
  const parsed = text.trim() ? parseSignedCheckpoint(text) : undefined;
  const problem =
    parsed?.error ??
    (parsed && parsed.checkpoint.itemId !== itemId
      ? `This checkpoint is for item #${parsed.checkpoint.itemId}, not this one.`
      : undefined);
  const check = async (value: SignedCheckpoint) => {
    try {
      const address = await recoverTypedDataAddress({
        ...checkpointTypedData(chainId, tracker, value.checkpoint),
        signature: value.signature as Hex,
      });
      const attestor = await readContract(config, {
        chainId,
        address: tracker,
        abi: supplyChainTrackerAbi,
        functionName: "hasRole",
        args: [attestorRole, address],
      });
      setSigner({ address, attestor });
    } catch (error) {
      setSigner({ error: decodeError(error).message });
    }
  };
  return (
    <form
      className="form"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!parsed || parsed.error !== undefined || problem) return;
        const done = await tx.send(chainId, [recordCall(tracker, parsed)]);
        if (done) setText("");
      }}
    >
      <div className="field">
        <label htmlFor="cp-relay">Signed checkpoint (JSON from the attestor)</label>
        <textarea
          id="cp-relay"
          rows={6}
          className="mono"
          value={text}
          aria-invalid={!!problem}
          aria-describedby="cp-relay-problem"
          onChange={(e) => {
            setText(e.target.value);
            setSigner(undefined);
            const next = e.target.value.trim() ? parseSignedCheckpoint(e.target.value) : undefined;
            if (next && next.error === undefined) void check(next);
          }}
        />
        <span id="cp-relay-problem" className="error">
          {problem ?? ""}
        </span>
      </div>
      {parsed && parsed.error === undefined && !problem ? (
        <>
          <CheckpointSummary checkpoint={parsed.checkpoint} />
          {signer === undefined ? null : "error" in signer ? (
            <p className="error">{signer.error}</p>
          ) : (
            <p className={signer.attestor ? "ok" : "warn-text"}>
              Signed by <code>{shortAddress(signer.address)}</code>
              {signer.attestor
                ? ", an attestor."
                : ", who is not an attestor: the tracker will refuse it."}
            </p>
          )}
        </>
      ) : null}
      <button type="submit" className="button" disabled={tx.busy || !parsed || !!problem || paused}>
        Submit checkpoint
      </button>
      <TxStatus state={tx.state} onDismiss={tx.reset} />
    </form>
  );
}
