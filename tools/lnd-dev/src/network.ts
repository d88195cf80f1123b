// The simulated world dev nodes share: one chain (block height and a clock tests can move forward)
// and a registry of nodes by pubkey, with a channel between every pair.

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

/** Runs a delivery on a later microtask; a throwing node is logged, not allowed to kill the process. */
function deliver(what: string, fn: () => void): void {
  queueMicrotask(() => {
    try {
      fn();
    } catch (err) {
      console.error(`lnd-dev: ${what} failed:`, err);
    }
  });
}

export class DevChain {
  height: number;
  private offsetMs = 0;
  private readonly listeners = new Set<() => void>();
  constructor(height = 200) {
    this.height = height;
  }
  /** Milliseconds since the epoch, as this chain's nodes see it. */
  now(): number {
    return Date.now() + this.offsetMs;
  }
  mineBlocks(count = 1): number {
    this.height += count;
    this.notify();
    return this.height;
  }
  /** Moves the nodes' clock forward, so invoice expiry can be tested without waiting. */
  advanceTime(ms: number): void {
    this.offsetMs += ms;
    this.notify();
  }
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  private notify(): void {
    for (const listener of [...this.listeners]) listener();
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
  join(peer: NetworkPeer): void {
    this.peers.set(peer.pubkey, peer);
    const queued = this.undelivered.get(peer.pubkey) ?? [];
    this.undelivered.delete(peer.pubkey);
    for (const resolution of queued) deliver("resolveHtlc", () => peer.resolveHtlc(resolution));
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
  resolveHtlc(to: string, resolution: HtlcResolution): void {
    const peer = this.peers.get(to);
    if (peer) {
      deliver("resolveHtlc", () => peer.resolveHtlc(resolution));
      return;
    }
    this.undelivered.set(to, [...(this.undelivered.get(to) ?? []), resolution]);
  }
}
