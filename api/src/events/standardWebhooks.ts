// Standard Webhooks (https://www.standardwebhooks.com), both ways: verifying what payment providers
// and our keepers post to /v1/webhooks/:source, and signing what we deliver to registered endpoints.
// A message is signed as base64(HMAC-SHA256(key, `${webhook-id}.${webhook-timestamp}.${body}`)), the
// key being the base64 part of a `whsec_` secret; `webhook-signature` holds one or more
// space-separated `v1,<signature>` (several during a key rotation: any one that matches will do;
// other versions are ignored). The timestamp must be within five minutes of our clock, either way.
import {
  createHmac,
  createSecretKey,
  type KeyObject,
  randomBytes,
  timingSafeEqual,
} from "node:crypto";
import { ApiError, badRequest, unauthorized } from "../errors.ts";

export const toleranceS = 300;
const secretPrefix = "whsec_";

/** A new secret: `whsec_` + 32 random bytes in base64. */
export function newSecret(): string {
  return `${secretPrefix}${randomBytes(32).toString("base64")}`;
}

/** The HMAC key of a `whsec_` secret; throws on anything else. */
export function secretKey(secret: string): Buffer {
  if (!secret.startsWith(secretPrefix)) throw new Error("a webhook secret starts with whsec_");
  const key = Buffer.from(secret.slice(secretPrefix.length), "base64");
  if (key.length < 24 || key.length > 64) {
    throw new Error("a webhook secret's key is 24 to 64 bytes of base64");
  }
  return key;
}

export function isSecret(secret: string): boolean {
  try {
    secretKey(secret);
    return true;
  } catch {
    return false;
  }
}

/** HMAC keys by secret, prepared once (turning bytes into a key on every request costs more than the HMAC). */
const keys = new Map<string, KeyObject>();
function keyOf(secret: string): KeyObject {
  let key = keys.get(secret);
  if (!key) {
    if (keys.size >= 1000) keys.clear();
    key = createSecretKey(secretKey(secret));
    keys.set(secret, key);
  }
  return key;
}

function signature(key: KeyObject, id: string, timestamp: string, body: string | Buffer): Buffer {
  return createHmac("sha256", key).update(`${id}.${timestamp}.`).update(body).digest();
}

/** The three headers of a message signed with each of `secrets` (a rotation signs with both). */
export function signHeaders(
  secrets: readonly string[],
  id: string,
  timestamp: Date,
  body: string,
): Record<"webhook-id" | "webhook-timestamp" | "webhook-signature", string> {
  const seconds = Math.floor(timestamp.getTime() / 1000).toString();
  return {
    "webhook-id": id,
    "webhook-timestamp": seconds,
    "webhook-signature": secrets
      .map((secret) => `v1,${signature(keyOf(secret), id, seconds, body).toString("base64")}`)
      .join(" "),
  };
}

export type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** A webhook id: what providers send (msg_..., evt_..., uuids), never a path or a novel. */
const idPattern = /^[A-Za-z0-9_.:-]{1,128}$/;

/**
 * Checks the headers and signature of `body` against `secrets`. Returns the webhook id. Errors:
 * 400 webhook.headers_missing, 401 webhook.timestamp_too_old / webhook.timestamp_too_new /
 * webhook.bad_signature.
 */
export function verify(
  secrets: readonly string[],
  headers: Headers,
  body: string | Buffer,
  nowMs: number,
): string {
  const id = header(headers, "webhook-id");
  const timestamp = header(headers, "webhook-timestamp");
  const signatures = header(headers, "webhook-signature");
  if (!id || !timestamp || !signatures) {
    throw badRequest(
      "webhook.headers_missing",
      "webhook-id, webhook-timestamp and webhook-signature are required (Standard Webhooks)",
    );
  }
  if (!idPattern.test(id)) {
    throw badRequest("webhook.bad_id", "webhook-id must be 1-128 characters of [A-Za-z0-9_.:-]");
  }
  if (!/^\d{1,12}$/.test(timestamp)) {
    throw badRequest("webhook.bad_timestamp", "webhook-timestamp must be unix seconds");
  }
  const skew = Number(timestamp) - nowMs / 1000;
  if (skew < -toleranceS) {
    throw unauthorized("webhook.timestamp_too_old", "webhook-timestamp is over 5 minutes old");
  }
  if (skew > toleranceS) {
    throw unauthorized("webhook.timestamp_too_new", "webhook-timestamp is over 5 minutes ahead");
  }
  const given = signatures
    .split(" ")
    .filter((part) => part.startsWith("v1,"))
    .map((part) => Buffer.from(part.slice(3), "base64"))
    .filter((bytes) => bytes.length === 32);
  for (const secret of secrets) {
    const expected = signature(keyOf(secret), id, timestamp, body);
    if (given.some((candidate) => timingSafeEqual(candidate, expected))) return id;
  }
  throw unauthorized("webhook.bad_signature", "No webhook-signature matches this source's secrets");
}

export function isWebhookError(error: unknown): error is ApiError {
  return error instanceof ApiError && error.code.startsWith("webhook.");
}
