// BOLT 11 for the dev node: signed `lnbcrt` requests, and decoding that fails with the messages of
// lnd's zpay32 decoder for the mistakes people make (bad checksum, wrong network, garbage).

import type { ParsedPaymentRequest } from "invoices";
import { createSignedRequest, createUnsignedRequest, parsePaymentRequest } from "invoices";
import { sign } from "tiny-secp256k1";

/** Feature bits lnd puts in its invoices: var_onion_optin and payment_addr required (even bits), MPP optional. */
export const invoiceFeatureBits = [8, 14, 17] as const;

const charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
const generator = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
const maxInvoiceLength = 7089;

function polymod(values: number[]): number {
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) {
      if ((top >>> i) & 1) chk ^= generator[i] ?? 0;
    }
  }
  return chk >>> 0;
}

const hrpExpand = (hrp: string): number[] => [
  ...[...hrp].map((c) => c.charCodeAt(0) >> 5),
  0,
  ...[...hrp].map((c) => c.charCodeAt(0) & 31),
];

function checksum(hrp: string, data: number[]): string {
  const mod = polymod([...hrpExpand(hrp), ...data, 0, 0, 0, 0, 0, 0]) ^ 1;
  return Array.from({ length: 6 }, (_, i) => charset[(mod >>> (5 * (5 - i))) & 31]).join("");
}

/** lnd's zpay32.decodeBech32 checks, with its error texts. Returns the human-readable part. */
function checkBech32(bech: string): string {
  if (bech.length < 8) throw new Error(`invalid bech32 string length ${bech.length}`);
  for (const c of bech) {
    const code = c.charCodeAt(0);
    if (code < 33 || code > 126) throw new Error(`invalid character in string: '${c}'`);
  }
  const lower = bech.toLowerCase();
  if (lower !== bech && bech.toUpperCase() !== bech) {
    throw new Error("string not all lowercase or all uppercase");
  }
  const one = lower.lastIndexOf("1");
  if (one < 1 || one + 7 > lower.length) throw new Error("invalid index of 1");
  const hrp = lower.slice(0, one);
  const data: number[] = [];
  for (const c of lower.slice(one + 1)) {
    const v = charset.indexOf(c);
    if (v < 0)
      throw new Error(
        `failed converting data to bytes: invalid character not part of charset: ${c.charCodeAt(0)}`,
      );
    data.push(v);
  }
  if (polymod([...hrpExpand(hrp), ...data]) !== 1) {
    const expected = checksum(hrp, data.slice(0, -6));
    throw new Error(`checksum failed. Expected ${expected}, got ${lower.slice(-6)}.`);
  }
  return hrp;
}

/** Decodes a payment request for a regtest node, throwing lnd's error texts. */
export function decodeRequest(request: string): ParsedPaymentRequest {
  if (request.length > maxInvoiceLength) {
    throw new Error(`invoice of length ${request.length} exceeds maximum of ${maxInvoiceLength}`);
  }
  const hrp = checkBech32(request);
  if (hrp.length < 3) throw new Error("hrp too short");
  if (!hrp.startsWith("ln")) throw new Error('prefix should be "ln"');
  if (!hrp.slice(2).startsWith("bcrt")) {
    throw new Error("invoice not for current active network 'regtest'");
  }
  try {
    return parsePaymentRequest({ request: request.toLowerCase() });
  } catch (err) {
    // zpay32 reports these per field; the `invoices` parser names them in its own words.
    throw new Error(`invalid payment request: ${(err as Error).message}`);
  }
}

export interface EncodeRequestParameters {
  privateKey: Buffer;
  destination: string;
  hash: string;
  paymentAddr: string;
  mtokens: string;
  description?: string;
  descriptionHash?: string;
  createdAt: Date;
  expirySeconds: number;
  cltvDelta: number;
}

/** Encodes and signs a regtest BOLT 11 request with the node key. */
export function encodeRequest(p: EncodeRequestParameters): string {
  const unsigned = createUnsignedRequest({
    cltv_delta: p.cltvDelta,
    created_at: p.createdAt.toISOString(),
    description: p.descriptionHash ? undefined : (p.description ?? ""),
    description_hash: p.descriptionHash,
    destination: p.destination,
    expires_at: new Date(p.createdAt.getTime() + p.expirySeconds * 1000).toISOString(),
    features: invoiceFeatureBits.map((bit) => ({ bit })),
    id: p.hash,
    mtokens: p.mtokens === "0" ? undefined : p.mtokens,
    network: "regtest",
    payment: p.paymentAddr,
  });
  const signature = Buffer.from(sign(Buffer.from(unsigned.hash, "hex"), p.privateKey)).toString(
    "hex",
  );
  return createSignedRequest({
    destination: p.destination,
    hrp: unsigned.hrp,
    signature,
    tags: unsigned.tags,
  }).request;
}
