// A first look at a pasted BOLT-11 invoice, before anything is sent: the prefix names its network
// (lnbc mainnet, lntb testnet, lntbs signet, lnbcrt regtest), the human-readable part its amount, and
// the bech32 checksum catches a mistyped or truncated paste. The keeper still decodes and checks it
// fully (signature, expiry, CLTV, route); this only turns the obvious mistakes into words at once.

export type LightningNetwork = "mainnet" | "testnet" | "signet" | "regtest";

export type InvoiceCheck =
  | {
      ok: true;
      /** The invoice as it should be sent: trimmed, without `lightning:`, lowercase. */
      invoice: string;
      network: LightningNetwork;
      /** The amount it asks for, in millisatoshis; undefined for an invoice without an amount. */
      msat: bigint | undefined;
      /** Whole satoshis, when the amount is a whole number of them. */
      sats: bigint | undefined;
    }
  | { ok: false; reason: string };

/** The API takes invoices up to this long. */
export const maxInvoiceLength = 4096;
/** Shorter than any invoice (timestamp, payment hash, signature and checksum alone take ~170). */
export const minInvoiceLength = 100;

// Longest first: "lnbcrt" and "lntbs" also start with "lnbc" and "lntb".
const prefixes: [string, LightningNetwork][] = [
  ["lnbcrt", "regtest"],
  ["lntbs", "signet"],
  ["lntb", "testnet"],
  ["lnbc", "mainnet"],
];

const networkPrefix: Record<LightningNetwork, string> = {
  mainnet: "lnbc",
  testnet: "lntb",
  signet: "lntbs",
  regtest: "lnbcrt",
};

const charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
const generator = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

function polymod(values: number[]): number {
  let check = 1;
  for (const value of values) {
    const top = check >>> 25;
    check = ((check & 0x1ffffff) << 5) ^ value;
    for (let i = 0; i < 5; i++) {
      if ((top >>> i) & 1) check ^= generator[i]!;
    }
  }
  return check >>> 0;
}

/** bech32 (not bech32m) checksum of `hrp` and the 5-bit `data` words (checksum included). */
export function bech32ChecksumOk(hrp: string, data: number[]): boolean {
  const expanded: number[] = [];
  for (const c of hrp) expanded.push(c.charCodeAt(0) >> 5);
  expanded.push(0);
  for (const c of hrp) expanded.push(c.charCodeAt(0) & 31);
  return polymod([...expanded, ...data]) === 1;
}

const msatPer: Record<string, bigint> = {
  "": 100_000_000_000n,
  m: 100_000_000n,
  u: 100_000n,
  n: 100n,
};

/** The amount in the human-readable part after the network prefix, in msat. */
function amountOf(text: string): { msat: bigint | undefined } | { error: string } {
  if (text === "") return { msat: undefined };
  const match = /^([1-9]\d*)([munp]?)$/.exec(text);
  if (!match) return { error: "Its amount is malformed." };
  const value = BigInt(match[1]!);
  const multiplier = match[2]!;
  if (multiplier === "p") {
    if (value % 10n !== 0n) return { error: "Its amount is a fraction of a millisatoshi." };
    return { msat: value / 10n };
  }
  return { msat: value * msatPer[multiplier]! };
}

export function networkName(network: LightningNetwork): string {
  return network === "regtest" ? "regtest (local development)" : network;
}

/** Checks a pasted invoice; `expected` is the network this deployment's bridge pays on. */
export function checkInvoice(text: string, expected?: LightningNetwork): InvoiceCheck {
  let invoice = text.replace(/\s+/g, "");
  if (/^lightning:/i.test(invoice)) invoice = invoice.slice("lightning:".length);
  if (invoice === "") return { ok: false, reason: "Paste a Lightning invoice." };
  if (invoice.length > maxInvoiceLength) {
    return { ok: false, reason: "That is far too long to be a Lightning invoice." };
  }
  if (invoice !== invoice.toLowerCase() && invoice !== invoice.toUpperCase()) {
    return { ok: false, reason: "That is not a Lightning invoice: it mixes upper and lower case." };
  }
  invoice = invoice.toLowerCase();
  const prefix = prefixes.find(([p]) => invoice.startsWith(p));
  if (!prefix) {
    return {
      ok: false,
      reason: "That is not a Lightning invoice: invoices start with lnbc, lntb or lnbcrt.",
    };
  }
  if (invoice.length < minInvoiceLength) {
    return { ok: false, reason: "That invoice is too short: it was probably cut off." };
  }
  const separator = invoice.lastIndexOf("1");
  const hrp = invoice.slice(0, separator);
  const data = invoice.slice(separator + 1);
  if (separator < prefix[0].length || data.length < 7 + 104 + 6) {
    return { ok: false, reason: "That invoice is too short: it was probably cut off." };
  }
  const words: number[] = [];
  for (const c of data) {
    const word = charset.indexOf(c);
    if (word < 0) {
      return { ok: false, reason: `That is not a Lightning invoice: it contains "${c}".` };
    }
    words.push(word);
  }
  const amount = amountOf(hrp.slice(prefix[0].length));
  if ("error" in amount)
    return { ok: false, reason: `That is not a valid invoice. ${amount.error}` };
  if (!bech32ChecksumOk(hrp, words)) {
    return {
      ok: false,
      reason: "That invoice's checksum does not match: it was mistyped or cut off.",
    };
  }
  const network = prefix[1];
  if (expected && network !== expected) {
    return {
      ok: false,
      reason: `That invoice is for ${networkName(network)}; the bridge here pays ${networkName(expected)} invoices (${networkPrefix[expected]}…).`,
    };
  }
  const { msat } = amount;
  return {
    ok: true,
    invoice,
    network,
    msat,
    sats: msat !== undefined && msat % 1000n === 0n ? msat / 1000n : undefined,
  };
}

/** A burn's invoice must name a whole number of satoshis: the reason when it does not. */
export function burnInvoiceProblem(check: InvoiceCheck): string | undefined {
  if (!check.ok) return check.reason;
  if (check.msat === undefined) {
    return "That invoice names no amount: create one for the number of sats you want.";
  }
  if (check.sats === undefined) {
    return "That invoice asks for a fraction of a satoshi: the bridge pays whole satoshis only.";
  }
  return undefined;
}

/** The Lightning network the bridge of a chain pays on (local chains use the dev nodes' regtest). */
export function networkForChain(chainId: number): LightningNetwork | undefined {
  if (chainId === 31337) return "regtest";
  if (chainId === 1) return "mainnet";
  return undefined;
}
