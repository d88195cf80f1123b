// The dev node's persistent state: one JSON document per node, written atomically (temp file, fsync,
// rename) so a crash never leaves a half-written file. Amounts are integer millisatoshis.
import { randomBytes } from "node:crypto";
import { mkdir, open, readFile, rename } from "node:fs/promises";
import { dirname } from "node:path";
import type { ChainAnchor } from "./network.ts";

export type InvoiceState = "OPEN" | "ACCEPTED" | "SETTLED" | "CANCELED";
export type HtlcState = "ACCEPTED" | "SETTLED" | "CANCELED";
export type PaymentStatus = "IN_FLIGHT" | "SUCCEEDED" | "FAILED";
export type FailureReason =
  | "FAILURE_REASON_NONE"
  | "FAILURE_REASON_TIMEOUT"
  | "FAILURE_REASON_NO_ROUTE"
  | "FAILURE_REASON_ERROR"
  | "FAILURE_REASON_INCORRECT_PAYMENT_DETAILS"
  | "FAILURE_REASON_INSUFFICIENT_BALANCE"
  | "FAILURE_REASON_CANCELED";

/** An HTLC paying one of this node's invoices. */
export interface StoredInvoiceHtlc {
  chanId: string;
  htlcIndex: number;
  amtMsat: number;
  acceptHeight: number;
  acceptTime: number;
  resolveTime: number;
  expiryHeight: number;
  state: HtlcState;
  mppTotalAmtMsat: number;
  /** Pubkey of the paying node, where the resolution is sent. */
  payer: string;
  attemptId: number;
}

export interface StoredInvoice {
  hash: string;
  /** Hex preimage; empty for a hold invoice until it is settled. */
  preimage: string;
  isHold: boolean;
  memo: string;
  valueMsat: number;
  creationDate: number;
  settleDate: number;
  expiry: number;
  cltvExpiry: number;
  paymentRequest: string;
  paymentAddr: string;
  descriptionHash: string;
  fallbackAddr: string;
  private: boolean;
  addIndex: number;
  settleIndex: number;
  amtPaidMsat: number;
  state: InvoiceState;
  htlcs: StoredInvoiceHtlc[];
}

/** One HTLC this node sent for a payment. */
export interface StoredAttempt {
  attemptId: number;
  status: PaymentStatus;
  attemptTimeNs: string;
  resolveTimeNs: string;
  chanId: string;
  amtMsat: number;
  expiryHeight: number;
  destination: string;
  paymentAddr: string;
  totalAmtMsat: number;
  preimage: string;
  failureCode: string;
  failureHeight: number;
  /** Index in the route of the node that failed the HTLC: 0 is this node (absent: 1, the payee). */
  failureSourceIndex?: number;
}

export interface StoredPayment {
  hash: string;
  preimage: string;
  valueMsat: number;
  feeMsat: number;
  paymentRequest: string;
  status: PaymentStatus;
  failureReason: FailureReason;
  creationTimeNs: string;
  paymentIndex: number;
  htlcs: StoredAttempt[];
}

/** This node's side of its simulated channel with one peer. */
export interface StoredChannel {
  chanId: string;
  localMsat: number;
  remoteMsat: number;
  /** Outgoing HTLCs not yet resolved. */
  pendingOutMsat: number;
  /** Incoming HTLCs not yet resolved. */
  pendingInMsat: number;
}

export interface NodeState {
  version: 1;
  alias: string;
  privateKey: string;
  macaroonRootKey: string;
  blockHeight: number;
  /** The chain's height and clock when last saved, so a restart resumes them (absent in old files). */
  chain?: ChainAnchor;
  addIndex: number;
  settleIndex: number;
  paymentIndex: number;
  attemptIndex: number;
  invoices: StoredInvoice[];
  payments: StoredPayment[];
  channels: Record<string, StoredChannel>;
}

/** A fresh state with a random node key and macaroon root key. */
export function newNodeState(alias: string, blockHeight: number): NodeState {
  return {
    version: 1,
    alias,
    privateKey: randomBytes(32).toString("hex"),
    macaroonRootKey: randomBytes(32).toString("hex"),
    blockHeight,
    addIndex: 0,
    settleIndex: 0,
    paymentIndex: 0,
    attemptIndex: 0,
    invoices: [],
    payments: [],
    channels: {},
  };
}

/** Reads a state file, or undefined when there is none yet. */
export async function readNodeState(path: string): Promise<NodeState | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
  const state = JSON.parse(text) as NodeState;
  if (state.version !== 1) throw new Error(`${path}: unsupported state version ${state.version}`);
  return state;
}

/** Writes `data` to `path` atomically: a temp file beside it, fsync, then rename over. */
export async function writeFileAtomic(
  path: string,
  data: string | Buffer,
  mode = 0o600,
): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  const handle = await open(temp, "w", mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, path);
}

/** Serialises writes of one node's state so concurrent saves land in order, newest last. */
export class StateStore {
  readonly path: string;
  private chain: Promise<void> = Promise.resolve();
  private pending: NodeState | undefined;
  private writing: Promise<void> | undefined;
  private lastWriteAt = 0;
  /** Least time between the starts of two scheduled writes. */
  private readonly spacingMs: number;
  constructor(path: string, spacingMs = 25) {
    this.path = path;
    this.spacingMs = spacingMs;
  }
  save(state: NodeState): Promise<void> {
    const snapshot = JSON.stringify(state); // compact: a busy node writes it many times a second
    const write = this.chain.catch(() => {}).then(() => writeFileAtomic(this.path, snapshot));
    this.chain = write;
    return write;
  }
  /**
   * Saves `state` soon: every change made while a write is in flight, or within `spacingMs` of the last
   * write's start, is written by one write after it (the newest state), so a busy node serialises and
   * syncs its whole state a bounded number of times a second, not once per change.
   */
  schedule(state: NodeState, onError: (err: unknown) => void): void {
    this.pending = state;
    if (this.writing) return;
    this.writing = (async () => {
      while (this.pending) {
        const wait = this.lastWriteAt + this.spacingMs - Date.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        this.lastWriteAt = Date.now();
        const next = this.pending;
        this.pending = undefined;
        await this.save(next).catch(onError);
      }
      this.writing = undefined;
    })();
  }

  /** Resolves once every save queued or scheduled so far is on disk. */
  async flush(): Promise<void> {
    await this.writing;
    await this.chain.catch(() => {});
  }
}
