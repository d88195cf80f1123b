// Signed event ingress: services we run (the bridge keeper) push events that the API streams to the
// accounts they belong to. A body is accepted only with `x-fluxion-signature: t=<unix s>,v1=<hex>`
// where v1 = HMAC-SHA256(secret, `${t}.${body}`) under one of API_INGRESS_SECRETS, and t within five
// minutes of our clock (a captured request cannot be replayed later). Delivery is at least once: an
// event id seen recently from the same source is acknowledged and dropped.
import { createHmac, timingSafeEqual } from "node:crypto";
import { unauthorized } from "../errors.ts";

export const signatureHeader = "x-fluxion-signature";
const toleranceS = 300;

/** The name of the secret that signed `body`; 401 ingress.* otherwise. */
export function verifySignature(
  secrets: { name: string; key: string }[],
  header: string | undefined,
  body: string,
  nowMs: number,
): string {
  const parts = Object.fromEntries(
    (header ?? "").split(",").map((part) => {
      const at = part.indexOf("=");
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()];
    }),
  );
  const t = Number(parts.t);
  if (!/^\d+$/.test(parts.t ?? "") || !/^[0-9a-f]{64}$/.test(parts.v1 ?? "")) {
    throw unauthorized(
      "ingress.signature_required",
      `A ${signatureHeader} header of the form t=<unix seconds>,v1=<hex HMAC-SHA256> is required`,
    );
  }
  if (Math.abs(nowMs / 1000 - t) > toleranceS) {
    throw unauthorized("ingress.signature_expired", "The signature's time is over 5 minutes off");
  }
  const given = Buffer.from(parts.v1!, "hex");
  for (const { name, key } of secrets) {
    const expected = createHmac("sha256", key).update(`${t}.${body}`).digest();
    if (timingSafeEqual(expected, given)) return name;
  }
  throw unauthorized("ingress.bad_signature", "The signature does not match any ingress secret");
}

/** Remembers the last `capacity` event ids per source, to drop redeliveries. */
export function createSeenIds(capacity = 20_000) {
  const seen = new Set<string>();
  return {
    /** True the first time `id` is offered (then remembered). */
    first(source: string, id: string): boolean {
      const key = `${source}\u0000${id}`;
      if (seen.has(key)) return false;
      seen.add(key);
      if (seen.size > capacity) seen.delete(seen.values().next().value!);
      return true;
    },
  };
}
