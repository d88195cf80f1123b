// The simulated world dev nodes share: one chain (a block height that grows with its clock and by
// mining, and a clock tests can move forward) and a registry of nodes by pubkey, with a channel
// between every pair.

/** Messages one node sends another over their simulated channel. */
export interface HtlcOffer {
  payer: string;
  attemptId: number;
  chanId: string;
  hash: string;
  amtMsat: number;
  expiryHeight: number;
  paymentAddr: string;
  totalAmtMsat: number;
}

export type HtlcResolution =
  | { attemptId: number; hash: string; settled: true; preimage: string }
  | { attemptId: number; hash: string; settled: false; failureCode: string; height: number };

/** What a node in the network must answer to. */
export interface NetworkPeer {
  readonly pubkey: string;
  /** The node accepts or fails an incoming HTLC; resolution may come later (hold invoices). */
  receiveHtlc(offer: HtlcOffer): void;
  /** The node learns the outcome of an HTLC it sent. */
  resolveHtlc(resolution: HtlcResolution): void;
  /** Opens (in the simulation: records) this node's side of a channel with `peer`. */
  ensureChannel(peer: string): unknown;
  /** New blocks or a moved clock: the node re-checks expiries. */
  onChainUpdate(): void;
}

/** Runs a delivery; a throwing node is logged, not allowed to kill the process. */
function run(what: string, fn: () => void): void {
  try {
    fn();
  } catch (err) {
    console.error(`lnd-dev: ${what} failed:`, err);
  }
}

/** Runs a delivery on a later microtask (an HTLC shows as in flight before it is answered). */
function deliver(what: string, fn: () => void): void {
  queueMicrotask(() => run(what, fn));
}

/** Where a chain's height stands at a moment of its clock: enough to carry on after a restart. */
export interface ChainAnchor {
  /** The height at `timeMs`. */
  height: number;
  /** Chain-clock time (ms since the epoch, offset included) at which `height`'s block interval began. */
  timeMs: number;
  /** How far the chain's clock runs ahead of the wall clock, in ms. */
  offsetMs: number;
}

export interface DevChainOptions {
  /** Starting height (default 200). */
  height?: number;
  /** Seconds of the chain's clock per block (default 600, as bitcoin's target). */
  blockSeconds?: number;
}

export const defaultBlockSeconds = 600;
const maxTimerMs = 2_147_483_647;

/**
 * A regtest-like chain whose height also grows with its clock: one block per `blockSeconds` of
 * Date.now() + offset, counted from an anchor so that a restart resumes the count (downtime included).
 * `mineBlocks` adds blocks without moving the clock (generatetoaddress); `advanceTime` moves the clock
 * and so adds the blocks that time covers. Listeners hear of every new height, by a timer at the next
 * block boundary for blocks that arrive by time.
 */
export class DevChain {
  readonly blockMs: number;
  private baseHeight: number;
  /** Chain-clock time at which `baseHeight`'s interval began; later blocks follow every blockMs. */
  private baseMs: number;
  private offsetMs = 0;
  private notifiedHeight: number;
  private timer: NodeJS.Timeout | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(options: DevChainOptions | number = {}) {
    const o = typeof options === "number" ? { height: options } : options;
    const seconds = o.blockSeconds ?? defaultBlockSeconds;
    if (!Number.isFinite(seconds) || seconds <= 0) {
      throw new Error(`blockSeconds must be a positive number, got ${seconds}`);
    }
    const height = o.height ?? 200;
    if (!Number.isSafeInteger(height) || height < 0) {
      throw new Error(`height must be a non-negative integer, got ${height}`);
    }
    this.blockMs = seconds * 1000;
    this.baseHeight = height;
    this.baseMs = this.now();
    this.notifiedHeight = height;
  }

  /** Milliseconds since the epoch, as this chain's nodes see it. */
  now(): number {
    return Date.now() + this.offsetMs;
  }

  /** The best height now: mined blocks plus one per block interval of the clock since the anchor. */
  get height(): number {
    return this.baseHeight + this.blocksSince(this.now());
  }

  private blocksSince(ms: number): number {
    return Math.max(0, Math.floor((ms - this.baseMs) / this.blockMs));
  }

  /** Adds `count` blocks at once without moving the clock (regtest's generatetoaddress). */
  mineBlocks(count = 1): number {
    if (!Number.isSafeInteger(count) || count < 0) {
      throw new Error(`block count must be a non-negative integer, got ${count}`);
    }
    this.baseHeight += count;
    this.notify();
    return this.height;
  }

  /** Moves the clock forward by `ms`; the blocks that time covers arrive with it. */
  advanceTime(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new Error(`the clock only moves forward: got ${ms} ms`);
    }
    this.offsetMs += ms;
    this.notify();
    return this.height;
  }

  /** The current height and the start of its block interval, to persist. */
  anchor(): ChainAnchor {
    const blocks = this.blocksSince(this.now());
    return {
      height: this.baseHeight + blocks,
      timeMs: this.baseMs + blocks * this.blockMs,
      offsetMs: this.offsetMs,
    };
  }

  /**
   * Carries on from a persisted anchor: the clock never runs behind the saved offset, and the height
   * becomes the saved one plus the blocks of the time since (the node's downtime) when that is
   * higher than this chain's own. Neither ever goes backwards.
   */
  restore(saved: { height: number; timeMs?: number; offsetMs?: number }): void {
    const before = this.height;
    // Taking on the saved clock is not time passing for this chain's own blocks: its anchor moves too.
    const jump = Math.max(0, (saved.offsetMs ?? 0) - this.offsetMs);
    this.offsetMs += jump;
    this.baseMs += jump;
    const now = this.now();
    const timeMs = Math.min(saved.timeMs ?? now, now);
    const savedNow = saved.height + Math.floor((now - timeMs) / this.blockMs);
    if (savedNow > this.height) {
      this.baseHeight = saved.height;
      this.baseMs = timeMs;
    }
    if (this.height !== before) this.notify();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    if (!this.timer) this.schedule();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.clearTimer();
    };
  }

  private notify(): void {
    this.notifiedHeight = this.height;
    for (const listener of [...this.listeners]) {
      try {
        listener();
      } catch (err) {
        console.error("lnd-dev: chain listener failed:", err);
      }
    }
    this.schedule();
  }

  /** A timer at the next block boundary of the clock, while anyone listens; it never holds the process. */
  private schedule(): void {
    this.clearTimer();
    if (this.listeners.size === 0) return;
    const now = this.now();
    const next = this.baseMs + (this.blocksSince(now) + 1) * this.blockMs;
    const delay = Math.min(Math.max(Math.ceil(next - now), 0) + 1, maxTimerMs);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.height !== this.notifiedHeight) this.notify();
      else this.schedule();
    }, delay);
    this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/** A deterministic short channel id for the pair (block 101, tx index from the pair, output 0). */
export function channelIdFor(a: string, b: string): string {
  const [x, y] = [a, b].sort();
  let h = 0;
  for (const c of `${x}${y}`) h = (h * 31 + c.charCodeAt(0)) % 0xffffff;
  return ((101n << 40n) | (BigInt(h + 1) << 16n)).toString();
}

export class DevNetwork {
  readonly chain: DevChain;
  /** Each side's starting balance on a new channel, in satoshis. */
  readonly channelBalanceSat: number;
  private readonly peers = new Map<string, NetworkPeer>();
  /** Resolutions for payers that are not running; delivered when they join again. */
  private readonly undelivered = new Map<string, HtlcResolution[]>();
  constructor(options: { chain?: DevChain; channelBalanceSat?: number } = {}) {
    this.chain = options.chain ?? new DevChain();
    this.channelBalanceSat = options.channelBalanceSat ?? 10_000_000;
  }
  /**
   * Resolutions queued while the payer was away are delivered at once, before it looks at the chain:
   * a settle made before the HTLC's expiry wins over the payer's own timeout after it.
   */
  join(peer: NetworkPeer): void {
    this.peers.set(peer.pubkey, peer);
    const queued = this.undelivered.get(peer.pubkey) ?? [];
    this.undelivered.delete(peer.pubkey);
    for (const resolution of queued) run("resolveHtlc", () => peer.resolveHtlc(resolution));
  }
  leave(peer: NetworkPeer): void {
    if (this.peers.get(peer.pubkey) === peer) this.peers.delete(peer.pubkey);
  }
  peer(pubkey: string): NetworkPeer | undefined {
    return this.peers.get(pubkey);
  }
  pubkeys(): string[] {
    return [...this.peers.keys()];
  }
  sendHtlc(to: string, offer: HtlcOffer): boolean {
    const peer = this.peers.get(to);
    if (!peer) return false;
    deliver("receiveHtlc", () => peer.receiveHtlc(offer));
    return true;
  }
  /**
   * The payer learns an HTLC's outcome in the same turn as the payee decides it, so that no block
   * can slip in between (a settle just before expiry must not also be timed out by the payer).
   */
  resolveHtlc(to: string, resolution: HtlcResolution): void {
    const peer = this.peers.get(to);
    if (peer) {
      run("resolveHtlc", () => peer.resolveHtlc(resolution));
      return;
    }
    this.undelivered.set(to, [...(this.undelivered.get(to) ?? []), resolution]);
  }
}
