// Creating swaps: what the API calls (through the keeper's internal HTTP) once its compliance check has
// decided. A mint gets its hold invoice at once (or waits for a reviewer); a burn's invoice is checked
// (network, amount, expiry) and quoted, and the user then locks the quoted amount on-chain.
import { createHash } from "node:crypto";
import { type Address, BaseError, ContractFunctionRevertedError } from "viem";
import type { Gateway } from "../chain/gateway.ts";
import { KeeperError } from "../errors.ts";
import { type LightningNode, networkOfRequest } from "../lightning/lnd.ts";
import type { Swap, SwapStore } from "../swaps/store.ts";
import type { BridgeSettings } from "./settings.ts";
import { burnMaxTimeoutHeight, burnTimelockSeconds, maxBurnFinalCltv } from "./timing.ts";

export type CreateMintParameters = {
  paymentHash: string;
  recipient: Address;
  synth: Address;
  sats: bigint;
  reference?: string;
  /** The compliance check asked for a reviewer: no invoice until one approves. */
  review?: boolean;
};

export type RegisterBurnParameters = {
  account: Address;
  synth: Address;
  invoice: string;
  reference?: string;
};

export type MintQuote = {
  synth: Address;
  sats: bigint;
  /** Synth value of the sats (mint: the recipient gets amount - fee; burn: to lock, fee included). */
  amount: bigint;
  fee: bigint;
  /** The sats' value in US cents at the oracle's BTC price. */
  usdCents: bigint;
  /** Chain time of the quote. */
  quotedAt: bigint;
};

export type BurnQuote = MintQuote & {
  paymentHash: string;
  /** Chain time until which the user's lock stands (the refund opens after it). */
  timelock: bigint;
  invoiceExpiresAt: bigint;
  /** The invoice's final CLTV delta (blocks). */
  cltvDelta: number;
};

export type BridgeServiceOptions = {
  store: SwapStore;
  ln: LightningNode;
  gateway: Gateway;
  settings: BridgeSettings;
  /** The Lightning network invoices must be for ("regtest" with the dev nodes). */
  network: string;
  onChange?: (swap: Swap) => void | Promise<void>;
};

const HASH = /^[0-9a-f]{64}$/;

/** A gateway quote; a revert (unknown synth, no price) is the caller's error, anything else transient. */
async function quoted<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    const reverted =
      error instanceof BaseError &&
      error.walk((e) => e instanceof ContractFunctionRevertedError) !== null;
    throw new KeeperError(
      reverted ? "lightning.quote_refused" : "lightning.quote_failed",
      reverted
        ? `the gateway cannot quote this synth: ${(error as BaseError).shortMessage}`
        : "the chain did not answer the quote",
      { cause: error, retryable: !reverted },
    );
  }
}

const allowListTtlMs = 5_000;
/**
 * A mint quote given for a payment hash is what a swap created for that hash within this long gets (the
 * price the user was shown, and two chain reads fewer); older, the swap is quoted afresh.
 */
const quoteReuseMs = 10_000;
/** Most quotes kept for reuse (the oldest go first). */
const quotesKept = 10_000;

export class BridgeService {
  readonly #o: BridgeServiceOptions;
  readonly #allowed = new Map<string, { at: number; allowed: Promise<boolean> }>();
  /** Mint quotes by payment hash, for the swap the caller creates next. */
  readonly #quotes = new Map<
    string,
    {
      at: number;
      synth: string;
      sats: bigint;
      price: { amount: bigint; fee: bigint; quotedAt: bigint };
    }
  >();
  constructor(options: BridgeServiceOptions) {
    this.#o = options;
  }

  async createMint(p: CreateMintParameters): Promise<Swap> {
    const { store, ln, settings } = this.#o;
    const paymentHash = p.paymentHash.toLowerCase().replace(/^0x/, "");
    if (!HASH.test(paymentHash)) {
      throw new KeeperError(
        "lightning.invalid_payment_hash",
        "paymentHash must be 32 bytes of hex",
      );
    }
    // The quote the caller was just given for this hash, else a fresh one; the invoice's expiry counts
    // from when it was made (the gateway judges the quote's age at lock time).
    const kept = this.#quoteFor(paymentHash, p.synth, p.sats);
    const quotedWallMs = kept?.at ?? Date.now();
    const [, quote] = await Promise.all([
      this.#assertUnused(paymentHash),
      kept?.price ?? this.#priceMint(p.synth, p.sats),
    ]);
    const base = {
      paymentHash,
      direction: "mint" as const,
      chainId: settings.chainId,
      account: p.recipient,
      synth: p.synth,
      sats: p.sats,
      amount: quote.amount,
      fee: quote.fee,
      quotedAt: quote.quotedAt,
      reference: p.reference,
      cltvDelta: settings.cltvDelta,
    };
    if (p.review)
      return this.#created(await store.create({ ...base, state: "review" }, settings.keeper));
    // The invoice first (idempotent by hash), then the row: a crash in between leaves at most an unpaid
    // invoice nobody was given, which expires by itself; a retry with the same hash picks it up.
    const invoice = await ln.ensureHoldInvoice({
      id: paymentHash,
      tokens: Number(p.sats),
      description: `Fluxion mint ${paymentHash.slice(0, 16)}`,
      // Lightning expiry is wall-clock time; the quote's age is judged on-chain (quotedAt is chain time).
      expiresAt: new Date(quotedWallMs + settings.invoiceExpirySeconds * 1000),
      cltvDelta: settings.cltvDelta,
    });
    const swap = await store.create(
      {
        ...base,
        state: "invoice_open",
        invoice: invoice.request,
        invoiceExpiresAt: BigInt(Math.floor(invoice.expiresAt.getTime() / 1000)),
      },
      settings.keeper,
    );
    return this.#created(swap);
  }

  /** A reviewer approved a mint waiting in review: it gets a fresh quote and its invoice. */
  async approveMint(paymentHash: string): Promise<Swap> {
    const swap = await this.#mint(paymentHash);
    if (swap.state !== "review") return swap;
    return this.#decideReview(swap, "created");
  }

  async rejectMint(paymentHash: string, reason: string): Promise<Swap> {
    const swap = await this.#mint(paymentHash);
    if (swap.state !== "review") return swap;
    return this.#decideReview(swap, "rejected", reason);
  }

  /**
   * The user hands over the preimage so the keeper claims for them (gasless). With `account`, only that
   * account's swap (anyone else's is as unknown as one that does not exist).
   */
  async handPreimage(paymentHash: string, preimage: string, account?: string): Promise<Swap> {
    const { store } = this.#o;
    const clean = preimage.toLowerCase().replace(/^0x/, "");
    if (!HASH.test(clean))
      throw new KeeperError("lightning.invalid_preimage", "preimage must be 32 bytes of hex");
    if (createHash("sha256").update(Buffer.from(clean, "hex")).digest("hex") !== paymentHash) {
      throw new KeeperError(
        "lightning.preimage_mismatch",
        "sha256(preimage) is not the swap's payment hash",
      );
    }
    const swap = await this.#mint(paymentHash);
    if (account !== undefined && swap.account !== account.toLowerCase()) {
      throw new KeeperError("lightning.swap_not_found", `no mint swap ${paymentHash}`);
    }
    // The caller wakes the swap (the HTTP interface asks the keeper to look at it at once).
    const updated = await store.setPreimage(paymentHash, clean);
    return updated ?? swap;
  }

  /**
   * What `sats` of `synth` cost now: the synth amount, the fee and the USD value (for compliance). With
   * `paymentHash`, a hash the bridge has seen is refused too (`lightning.payment_hash_used`).
   */
  async quoteMint(synth: Address, sats: bigint, paymentHash?: string): Promise<MintQuote> {
    const [price, usdCents] = await Promise.all([
      this.#priceMint(synth, sats),
      quoted(() => this.#o.gateway.satsUsdCents(sats)),
      paymentHash === undefined ? undefined : this.#assertUnused(paymentHash),
    ]);
    if (paymentHash !== undefined) this.#keepQuote(paymentHash, synth, sats, price);
    return { synth, sats, ...price, usdCents };
  }

  #keepQuote(
    paymentHash: string,
    synth: Address,
    sats: bigint,
    price: { amount: bigint; fee: bigint; quotedAt: bigint },
  ): void {
    const key = paymentHash.toLowerCase().replace(/^0x/, "");
    this.#quotes.delete(key);
    this.#quotes.set(key, { at: Date.now(), synth: synth.toLowerCase(), sats, price });
    if (this.#quotes.size > quotesKept) this.#quotes.delete(this.#quotes.keys().next().value!);
  }

  /** The quote given lately for this hash, synth and amount (used once), if any. */
  #quoteFor(paymentHash: string, synth: Address, sats: bigint) {
    const kept = this.#quotes.get(paymentHash);
    if (!kept) return undefined;
    this.#quotes.delete(paymentHash);
    const fresh = Date.now() - kept.at <= quoteReuseMs;
    return fresh && kept.synth === synth.toLowerCase() && kept.sats === sats ? kept : undefined;
  }

  /** The gateway's mint quote for an allowed synth, refused when it buys nothing, and its chain time. */
  async #priceMint(synth: Address, sats: bigint) {
    const { gateway } = this.#o;
    const allowed = this.#assertAllowed(synth);
    const reads = Promise.all([quoted(() => gateway.quoteMint(synth, sats)), gateway.now()]);
    reads.catch(() => {}); // an unknown synth is reported as such, not as its failed quote
    await allowed;
    const [quote, quotedAt] = await reads;
    if (quote.amount === 0n)
      throw new KeeperError("lightning.amount_too_small", `${sats} sats buy nothing`);
    return { amount: quote.amount, fee: quote.fee, quotedAt };
  }

  /**
   * Checks a burn's invoice (network, a whole number of satoshis, expiry, a final CLTV delta that fits the
   * longest timelock, a reachable payee, a payment hash never used) and quotes the synths to lock for it
   * and the timelock to lock them with, without recording anything.
   */
  async quoteBurn(p: Pick<RegisterBurnParameters, "synth" | "invoice">): Promise<BurnQuote> {
    const { ln, gateway, settings, network } = this.#o;
    const invoice = p.invoice.trim();
    // The network first, from the request's prefix: a node refuses to decode another network's invoice.
    const requested = networkOfRequest(invoice);
    if (requested !== "unknown" && requested !== network) {
      throw new KeeperError(
        "lightning.wrong_network",
        `the invoice is for ${requested}, not ${network}`,
      );
    }
    const decoded = await ln.decode(invoice);
    if (decoded.network !== network) {
      throw new KeeperError(
        "lightning.wrong_network",
        `the invoice is for ${decoded.network}, not ${network}`,
      );
    }
    if (decoded.mtokens <= 0n) {
      throw new KeeperError("lightning.amount_required", "the invoice must name an amount");
    }
    if (decoded.mtokens % 1000n !== 0n) {
      // Paying it would send more than the synths burned cover, or less than the payee asked.
      throw new KeeperError(
        "lightning.amount_not_whole_sats",
        `the invoice asks for ${decoded.mtokens} msat; the bridge pays whole satoshis only (ask for ${decoded.mtokens / 1000n} or ${decoded.mtokens / 1000n + 1n} sats)`,
      );
    }
    const sats = decoded.mtokens / 1000n;
    const [next, { maxTimelock }] = await Promise.all([
      gateway.nextTimestamp(),
      gateway.timelockBounds(),
    ]);
    const wall = Math.floor(Date.now() / 1000);
    const nowS = Math.max(Number(next), wall);
    // Invoice expiry is Lightning's (wall-clock) time; the timelock is the chain's.
    const expires = Math.floor(decoded.expiresAt.getTime() / 1000);
    if (expires <= wall + 60) {
      throw new KeeperError(
        "lightning.invoice_expired",
        "the invoice expires within a minute (or has)",
      );
    }
    // The timelock: long enough that a payment started as late as the user may lock still has every
    // HTLC expire (held by the payee at worst) in time to claim, never beyond the gateway's maximum.
    const invoiceSecondsLeft = expires - wall;
    const timelockSeconds = burnTimelockSeconds(settings, {
      finalCltv: decoded.cltvDelta,
      invoiceSecondsLeft,
      minimumSeconds: settings.burnTimelockSeconds,
    });
    const longest = maxTimelock - 120;
    if (timelockSeconds > longest) {
      const most = maxBurnFinalCltv(settings, { timelockSeconds: longest, invoiceSecondsLeft });
      throw new KeeperError(
        "lightning.invoice_cltv_too_long",
        `the invoice asks for a final CLTV delta of ${decoded.cltvDelta} blocks; at most ${most} fit the gateway's longest timelock (${maxTimelock} s)`,
      );
    }
    const timelock = BigInt(nowS + timelockSeconds);
    const [, , quote, usdCents, { blockHeight }] = await Promise.all([
      this.#assertUnused(decoded.id),
      this.#assertAllowed(p.synth),
      quoted(() => gateway.quoteBurn(p.synth, sats)),
      quoted(() => gateway.satsUsdCents(sats)),
      ln.info(),
    ]);
    // Probe before anything is locked: a payee nobody can reach would only be found out after the
    // user's synths were locked for the whole timelock.
    const reachable = await ln.hasRoute({
      destination: decoded.destination,
      mtokens: decoded.mtokens,
      cltvDelta: decoded.cltvDelta,
      maxTimeoutHeight: burnMaxTimeoutHeight(settings, {
        height: blockHeight,
        now: BigInt(nowS),
        timelock,
      }),
      maxFeeSats: settings.payMaxFeeSats,
    });
    if (!reachable) {
      throw new KeeperError(
        "lightning.no_route",
        `the bridge's node finds no route to the invoice's payee (${decoded.destination}) for ${sats} sats: it cannot pay this invoice`,
      );
    }
    return {
      paymentHash: decoded.id,
      synth: p.synth,
      sats,
      amount: quote.amount,
      fee: quote.fee,
      usdCents,
      quotedAt: next,
      timelock,
      invoiceExpiresAt: BigInt(expires),
      cltvDelta: decoded.cltvDelta,
    };
  }

  async registerBurn(p: RegisterBurnParameters): Promise<Swap> {
    const { store, settings } = this.#o;
    const quote = await this.quoteBurn(p);
    return this.#created(
      await store.create(
        {
          paymentHash: quote.paymentHash,
          direction: "burn",
          state: "awaiting_lock",
          chainId: settings.chainId,
          account: p.account,
          synth: p.synth,
          sats: quote.sats,
          amount: quote.amount,
          fee: quote.fee,
          quotedAt: quote.quotedAt,
          timelock: quote.timelock,
          cltvDelta: quote.cltvDelta,
          invoice: p.invoice.trim(),
          invoiceExpiresAt: quote.invoiceExpiresAt,
          reference: p.reference,
        },
        settings.keeper,
      ),
    );
  }

  async #mint(paymentHash: string): Promise<Swap> {
    const swap = await this.#o.store.get(paymentHash);
    if (swap?.direction !== "mint") {
      throw new KeeperError("lightning.swap_not_found", `no mint swap ${paymentHash}`);
    }
    return swap;
  }

  async #assertAllowed(synth: Address): Promise<void> {
    // The allow list changes only by governance: read it at most every few seconds per synth (the
    // gateway checks it again at lock time).
    const key = synth.toLowerCase();
    let entry = this.#allowed.get(key);
    if (!entry || Date.now() - entry.at > allowListTtlMs) {
      entry = { at: Date.now(), allowed: quoted(() => this.#o.gateway.isSynthAllowed(synth)) };
      this.#allowed.set(key, entry);
      entry.allowed.catch(() => this.#allowed.delete(key));
    }
    if (!(await entry.allowed)) {
      throw new KeeperError(
        "lightning.synth_not_allowed",
        `${synth} is not a synth the gateway swaps`,
      );
    }
  }

  async #assertUnused(paymentHash: string): Promise<void> {
    const [seen, onChain] = await Promise.all([
      this.#o.store.get(paymentHash),
      this.#o.gateway.swapOf(paymentHash),
    ]);
    if (seen || onChain.status !== "none") {
      throw new KeeperError(
        "lightning.payment_hash_used",
        `payment hash ${paymentHash} was already used`,
      );
    }
  }

  async #decideReview(swap: Swap, to: "created" | "rejected", reason?: string): Promise<Swap> {
    const { store, settings, gateway } = this.#o;
    // An approval starts the clock again: a fresh quote, from which the invoice's expiry counts.
    const fresh =
      to === "created"
        ? {
            ...(await gateway.quoteMint(swap.synth as Address, swap.sats)),
            quotedAt: await gateway.now(),
          }
        : undefined;
    const [leased] =
      (await store.lease(settings.keeper, 1, settings.leaseMs, swap.paymentHash)) ?? [];
    if (!leased)
      throw new KeeperError("keepers.busy", `swap ${swap.paymentHash} is being worked on`, {
        retryable: true,
      });
    const next = await store.transition(leased, settings.keeper, {
      to,
      patch: fresh ?? {
        failureCode: "compliance.rejected",
        failureMessage: reason ?? "rejected by a reviewer",
      },
    });
    await this.#o.onChange?.(next);
    return next;
  }

  async #created(swap: Swap): Promise<Swap> {
    await this.#o.onChange?.(swap);
    return swap;
  }
}
