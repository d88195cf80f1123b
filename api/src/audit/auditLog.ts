// Appends to and verifies the hash-chained audit log (schema: db/schema/audit.ts).
// hash(n) = sha256(hash(n-1) + "\n" + canonical JSON of {seq, at, kind, actor, subject, data}),
// with hash(0) = 64 zeros. Appends take a transaction-scoped advisory lock so concurrent writers
// (several API processes on one Postgres) still produce one gapless chain.
import { createHash } from "node:crypto";
import { asc, desc, gt, sql } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { auditLog } from "../db/schema/index.ts";
import { canonicalJson } from "../lib/canonicalJson.ts";
import type { Clock } from "../lib/clock.ts";

export const genesisHash = "0".repeat(64);
const appendLockKey = 0x61756474; // "audt"

export type AuditEntry = {
  kind: string;
  actor: string;
  subject?: string | null;
  data: Record<string, unknown>;
};

export type AuditRecord = {
  seq: number;
  at: string;
  kind: string;
  actor: string;
  subject: string | null;
  data: Record<string, unknown>;
  prevHash: string;
  hash: string;
};

/** A database or an open transaction: appends join the caller's transaction when given one. */
export type Executor = Pick<Database, "select" | "insert" | "execute">;

export type VerifyResult =
  | { ok: true; rows: number; head: string }
  | {
      ok: false;
      rows: number;
      brokenAt: number;
      reason: "hash_mismatch" | "prev_mismatch" | "gap";
    };

export function hashEntry(
  prevHash: string,
  record: Omit<AuditRecord, "prevHash" | "hash">,
): string {
  const body = canonicalJson({
    seq: record.seq,
    at: new Date(record.at).toISOString(),
    kind: record.kind,
    actor: record.actor,
    subject: record.subject,
    data: record.data,
  });
  return createHash("sha256").update(`${prevHash}\n${body}`).digest("hex");
}

export type AuditLog = {
  /** Appends one entry; pass a transaction to make the entry commit or roll back with it. */
  append(entry: AuditEntry, executor?: Executor): Promise<AuditRecord>;
  /** Walks the chain from the start and reports the first row that does not verify. */
  verify(): Promise<VerifyResult>;
  /** Rows in order, in pages (for the JSONL export). */
  page(afterSeq: number, limit: number): Promise<AuditRecord[]>;
};

export function createAuditLog(db: Database, clock: Clock): AuditLog {
  async function appendWith(executor: Executor, entry: AuditEntry): Promise<AuditRecord> {
    await executor.execute(sql`select pg_advisory_xact_lock(${appendLockKey})`);
    const [last] = await executor
      .select({ seq: auditLog.seq, hash: auditLog.hash })
      .from(auditLog)
      .orderBy(desc(auditLog.seq))
      .limit(1);
    const base = {
      seq: (last?.seq ?? 0) + 1,
      at: clock.now().toISOString(),
      kind: entry.kind,
      actor: entry.actor,
      subject: entry.subject ?? null,
      data: JSON.parse(JSON.stringify(entry.data)) as Record<string, unknown>,
    };
    const prevHash = last?.hash ?? genesisHash;
    const record = { ...base, prevHash, hash: hashEntry(prevHash, base) };
    await executor.insert(auditLog).values(record);
    return record;
  }

  return {
    append(entry, executor) {
      // The advisory lock is transaction-scoped: outside a caller's transaction, open our own.
      if (executor) return appendWith(executor, entry);
      return db.transaction((tx) => appendWith(tx, entry));
    },

    async verify() {
      let prevHash = genesisHash;
      let expectedSeq = 1;
      let rows = 0;
      for (;;) {
        const batch = await this.page(expectedSeq - 1, 1000);
        for (const row of batch) {
          if (row.seq !== expectedSeq)
            return { ok: false, rows, brokenAt: expectedSeq, reason: "gap" };
          if (row.prevHash !== prevHash)
            return { ok: false, rows, brokenAt: row.seq, reason: "prev_mismatch" };
          if (hashEntry(prevHash, row) !== row.hash) {
            return { ok: false, rows, brokenAt: row.seq, reason: "hash_mismatch" };
          }
          prevHash = row.hash;
          expectedSeq += 1;
          rows += 1;
        }
        if (batch.length < 1000) return { ok: true, rows, head: prevHash };
      }
    },

    async page(afterSeq, limit) {
      const rows = await db
        .select()
        .from(auditLog)
        .where(gt(auditLog.seq, afterSeq))
        .orderBy(asc(auditLog.seq))
        .limit(limit);
      return rows.map((row) => ({ ...row, at: new Date(row.at).toISOString() }));
    },
  };
}
