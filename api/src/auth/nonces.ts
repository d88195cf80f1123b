// Single-use SIWE nonces (10 minute TTL) bound to a purpose: "sign-in" or "challenge:<sessionId>".
// Consumption is one conditional UPDATE ... RETURNING, so two requests racing with the same
// signed message cannot both succeed.
import { and, eq, gt, isNull } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { generateSiweNonce } from "viem/siwe";
import type { Executor } from "../audit/auditLog.ts";
import { siweNonces } from "../db/schema/index.ts";
import { unauthorized } from "../errors.ts";

export const nonceTtlMs = 10 * 60_000;

type NonceExecutor = Executor & Pick<FastifyInstance["db"], "update">;

export async function issueNonce(app: FastifyInstance, purpose: string) {
  const issuedAt = app.clock.now();
  const expiresAt = new Date(issuedAt.getTime() + nonceTtlMs);
  const nonce = generateSiweNonce();
  await app.db.insert(siweNonces).values({ nonce, purpose, issuedAt, expiresAt });
  return { nonce, issuedAt, expiresAt };
}

/** Throws auth.nonce_unknown / auth.nonce_expired / auth.nonce_used for an unusable nonce. */
export async function checkNonce(
  executor: Executor,
  nonce: string,
  purpose: string,
  now: Date,
): Promise<void> {
  const [row] = await executor
    .select()
    .from(siweNonces)
    .where(and(eq(siweNonces.nonce, nonce), eq(siweNonces.purpose, purpose)))
    .limit(1);
  if (!row) throw unauthorized("auth.nonce_unknown", "Nonce was not issued by this server");
  if (row.usedAt) throw unauthorized("auth.nonce_used", "Nonce was already used");
  if (row.expiresAt.getTime() <= now.getTime()) {
    throw unauthorized("auth.nonce_expired", "Nonce expired; request a new one");
  }
}

/** Marks the nonce used, atomically; throws the reason when it cannot be used (any more). */
export async function consumeNonce(
  executor: NonceExecutor,
  nonce: string,
  purpose: string,
  now: Date,
): Promise<void> {
  const consumed = await executor
    .update(siweNonces)
    .set({ usedAt: now })
    .where(
      and(
        eq(siweNonces.nonce, nonce),
        eq(siweNonces.purpose, purpose),
        isNull(siweNonces.usedAt),
        gt(siweNonces.expiresAt, now),
      ),
    )
    .returning({ nonce: siweNonces.nonce });
  if (consumed.length === 1) return;
  await checkNonce(executor, nonce, purpose, now);
  // checkNonce found it usable, so another request consumed it in between.
  throw unauthorized("auth.nonce_used", "Nonce was already used");
}
