// Serialises everything that reads and then writes an account's compliance totals: a
// transaction-scoped advisory lock keyed by a hash of the account, taken before any read, so two
// concurrent checks cannot both see the 20th velocity slot or both fit under the daily limit.
import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Database } from "../db/client.ts";

/** An open transaction (what `db.transaction` hands its callback). */
export type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];

export function accountLockKey(account: string): bigint {
  const digest = createHash("sha256").update(`compliance:${account.toLowerCase()}`).digest();
  return digest.readBigInt64BE(0);
}

/** Blocks until this transaction holds the account's lock (released at commit or rollback). */
export async function lockAccount(tx: Tx, account: string): Promise<void> {
  await tx.execute(
    sql`select pg_advisory_xact_lock(${accountLockKey(account).toString()}::bigint)`,
  );
}
