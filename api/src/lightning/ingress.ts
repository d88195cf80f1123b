// Signed event ingress: services we run (the bridge keeper) push events that the API streams to the
// accounts they belong to. A body is accepted only with `x-fluxion-signature: t=<unix s>,v1=<hex>`
// where v1 = HMAC-SHA256(secret, `${t}.${body}`) under one of API_INGRESS_SECRETS, and t within five
// minutes of our clock (a captured request cannot be replayed later). Delivery is at least once: an
// event id already received from the same source (api.ingress_events, so across restarts) is
// acknowledged and dropped.
//
// The route is open to anyone who can reach it, so nothing costly happens before the signature
// verifies: bodies are capped (API_INGRESS_BODY_LIMIT) and each client IP has a budget of requests
// per minute that is taken before the body is read and given back once the signature verifies
// (API_INGRESS_RATE_LIMIT): a flood of unsigned or forged requests is refused with 429, while a
// keeper that signs correctly is never throttled.
import { createHmac, timingSafeEqual } from "node:crypto";
import { lt } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { ingressEvents } from "../db/schema/index.ts";
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

/** Received event ids are kept this long: far past any redelivery (the keeper resends only what it
 * never saw acknowledged, as soon as it can reach the API again). */
export const ingressRetentionMs = 30 * 24 * 60 * 60_000;

type IngressExecutor = Pick<Database, "insert">;

/**
 * Records `ids` as received from `source` and returns those received for the first time. Run it in
 * the transaction that publishes them: a crash before commit leaves them unrecorded, so the resent
 * batch goes out (at least once); a concurrent duplicate batch waits on the rows and skips them.
 */
export async function firstReceived(
  executor: IngressExecutor,
  source: string,
  ids: readonly string[],
  now: Date,
): Promise<Set<string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Set();
  const inserted = await executor
    .insert(ingressEvents)
    .values(unique.map((eventId) => ({ source, eventId, receivedAt: now })))
    .onConflictDoNothing()
    .returning({ eventId: ingressEvents.eventId });
  return new Set(inserted.map((row) => row.eventId));
}

/** Deletes received ids older than the retention; returns how many. */
export async function pruneIngressEvents(db: Pick<Database, "delete">, now: Date): Promise<number> {
  const deleted = await db
    .delete(ingressEvents)
    .where(lt(ingressEvents.receivedAt, new Date(now.getTime() - ingressRetentionMs)))
    .returning({ eventId: ingressEvents.eventId });
  return deleted.length;
}

export type AttemptBudget = {
  /** Takes one attempt; the seconds until the window renews when the budget is spent. */
  take(key: string): { ok: true } | { ok: false; retryAfterS: number };
  /** Gives the attempt back (the caller proved who it is). */
  refund(key: string): void;
};

/** `max` attempts per key per fixed window; at most `maxKeys` keys are tracked. */
export function createAttemptBudget(
  max: number,
  windowMs: number,
  now: () => number,
  maxKeys = 100_000,
): AttemptBudget {
  const windows = new Map<string, { start: number; used: number }>();
  function prune(at: number) {
    for (const [key, window] of windows) {
      if (at - window.start >= windowMs) windows.delete(key);
    }
    // Still full (a spread-out flood): forget the oldest windows first.
    for (const key of windows.keys()) {
      if (windows.size < maxKeys) break;
      windows.delete(key);
    }
  }
  return {
    take(key) {
      const at = now();
      let window = windows.get(key);
      if (!window || at - window.start >= windowMs) {
        if (!window && windows.size >= maxKeys) prune(at);
        window = { start: at, used: 0 };
        windows.delete(key);
        windows.set(key, window);
      }
      if (window.used >= max) {
        return {
          ok: false,
          retryAfterS: Math.max(1, Math.ceil((window.start + windowMs - at) / 1000)),
        };
      }
      window.used++;
      return { ok: true };
    },
    refund(key) {
      const window = windows.get(key);
      if (window && window.used > 0) window.used--;
    },
  };
}
