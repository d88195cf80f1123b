// Bearer secrets (session tokens, API keys): random, shown once, stored only as sha256 so a
// database leak yields nothing that authenticates.
import { createHash, randomBytes } from "node:crypto";

/** A fresh 256-bit secret, base64url, with a prefix that tells what it is ("fxs_", "fxk_"). */
export function newSecret(prefix: string): string {
  return `${prefix}${randomBytes(32).toString("base64url")}`;
}

export function sha256Hex(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

export const sessionTokenPrefix = "fxs_";
export const apiKeyPrefix = "fxk_";
