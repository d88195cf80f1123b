// The mint's secret: 32 random bytes made in the browser (crypto.getRandomValues), of which only the
// sha256 (the payment hash) is sent. The preimage is kept in sessionStorage under its payment hash, so a
// reload mid-swap can still hand it over (the gasless claim); it is checked against the hash when read.
import { sha256 } from "viem";

export function bytesToHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** 32 bytes of hex (a payment hash or preimage), 0x optional, any case: lowercase bare hex, or undefined. */
export function normalizeHash(text: string | null | undefined): string | undefined {
  if (typeof text !== "string") return undefined;
  const bare = text.trim().toLowerCase().replace(/^0x/, "");
  return /^[0-9a-f]{64}$/.test(bare) ? bare : undefined;
}

export function hexToBytes(hex: string): Uint8Array {
  const bare = hex.toLowerCase().replace(/^0x/, "");
  if (bare.length % 2 !== 0 || !/^[0-9a-f]*$/.test(bare)) throw new Error("not hex");
  const bytes = new Uint8Array(bare.length / 2);
  for (let i = 0; i < bytes.length; i++)
    bytes[i] = Number.parseInt(bare.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/** 32 bytes from the browser's CSPRNG, as hex. */
export function randomPreimage(): string {
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  return bytesToHex(bytes);
}

/** sha256 of hex bytes, as bare hex (WebCrypto; viem's sha256 where WebCrypto is missing: plain http). */
export async function sha256Hex(hex: string): Promise<string> {
  const bytes = hexToBytes(hex);
  const subtle = globalThis.crypto?.subtle;
  if (subtle) {
    const digest = await subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
    return bytesToHex(new Uint8Array(digest));
  }
  return sha256(bytes).slice(2);
}

export async function newSecret(): Promise<{ preimage: string; paymentHash: string }> {
  const preimage = randomPreimage();
  return { preimage, paymentHash: await sha256Hex(preimage) };
}

type KeyValueStore = Pick<Storage, "getItem" | "setItem" | "removeItem">;

const preimageKey = (hash: string) => `fluxion.lightning.preimage.${hash}`;

export function savePreimage(store: KeyValueStore, paymentHash: string, preimage: string): void {
  const hash = normalizeHash(paymentHash);
  const secret = normalizeHash(preimage);
  if (!hash || !secret) throw new Error("a payment hash and preimage are 32 bytes of hex");
  store.setItem(preimageKey(hash), secret);
}

/** The stored preimage of a payment hash, only if it really hashes to it. */
export async function loadPreimage(
  store: KeyValueStore,
  paymentHash: string,
): Promise<string | undefined> {
  const hash = normalizeHash(paymentHash);
  if (!hash) return undefined;
  const secret = normalizeHash(store.getItem(preimageKey(hash)));
  if (!secret) return undefined;
  return (await sha256Hex(secret)) === hash ? secret : undefined;
}

export function forgetPreimage(store: KeyValueStore, paymentHash: string): void {
  const hash = normalizeHash(paymentHash);
  if (hash) store.removeItem(preimageKey(hash));
}

/** The swap a page follows (per account and direction), kept across reloads. */
export type ActiveSwap = { paymentHash: string; synth: string; sats: string };

const activeKey = (account: string, direction: "mint" | "burn") =>
  `fluxion.lightning.active.${direction}.${account.toLowerCase()}`;

export function loadActive(
  store: KeyValueStore,
  account: string,
  direction: "mint" | "burn",
): ActiveSwap | undefined {
  try {
    const value = JSON.parse(store.getItem(activeKey(account, direction)) ?? "null") as unknown;
    if (!value || typeof value !== "object") return undefined;
    const { paymentHash, synth, sats } = value as Record<string, unknown>;
    const hash = normalizeHash(paymentHash as string);
    if (!hash || typeof synth !== "string" || typeof sats !== "string" || !/^\d+$/.test(sats)) {
      return undefined;
    }
    return { paymentHash: hash, synth, sats };
  } catch {
    return undefined;
  }
}

export function saveActive(
  store: KeyValueStore,
  account: string,
  direction: "mint" | "burn",
  swap: ActiveSwap | undefined,
): void {
  if (swap) store.setItem(activeKey(account, direction), JSON.stringify(swap));
  else store.removeItem(activeKey(account, direction));
}
