// Setting an account's KYC tier (admin): upserts the account row and audits the change with the
// previous tier, in one transaction.
import { eq } from "drizzle-orm";
import type { AuditLog } from "../audit/auditLog.ts";
import type { Database } from "../db/client.ts";
import { accounts } from "../db/schema/auth.ts";
import type { Clock } from "../lib/clock.ts";

export type KycChange = {
  address: string;
  kycTier: number;
  previousTier: number | null;
  updatedAt: string;
};

export async function setKycTier(
  deps: { db: Database; audit: AuditLog; clock: Clock },
  change: { address: string; tier: number; reason: string; actor: string },
): Promise<KycChange> {
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const [before] = await tx
      .select({ kycTier: accounts.kycTier })
      .from(accounts)
      .where(eq(accounts.address, change.address))
      .for("update");
    await tx
      .insert(accounts)
      .values({ address: change.address, kycTier: change.tier, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({
        target: accounts.address,
        set: { kycTier: change.tier, updatedAt: now },
      });
    const previousTier = before?.kycTier ?? null;
    await deps.audit.append(
      {
        kind: "compliance.kyc_tier_set",
        actor: change.actor,
        subject: change.address,
        data: { tier: change.tier, previousTier, reason: change.reason },
      },
      tx,
    );
    return {
      address: change.address,
      kycTier: change.tier,
      previousTier,
      updatedAt: now.toISOString(),
    };
  });
}
