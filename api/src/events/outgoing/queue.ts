// The delivery queue in the database, shared by every API process: claiming due deliveries under a
// lease, and settling an attempt (the attempt's record, the delivery's next state and the
// endpoint's failure streak, in one transaction).
//
// Order: only the head of each enabled endpoint's queue (its earliest delivery, by event cursor,
// that is not yet delivered or dead) can be claimed, and not while another of its deliveries is out
// under a live lease. So an endpoint receives its events one at a time, in log order: a delivery
// waits until the ones before it are delivered or dead, and an endpoint that was down gets its
// backlog in order once it answers again.
//
// Concurrency: the head rows are locked FOR UPDATE SKIP LOCKED and the claim re-checks each row's
// own state, so two processes never claim the same delivery; a lease outlives the HTTP timeout,
// and a delivery whose process died is taken over once its lease has expired.
import { sql } from "drizzle-orm";
import type { Database } from "../../db/client.ts";
import { rowsOf } from "./rows.ts";

export type ClaimedDelivery = {
  id: string;
  endpointId: string;
  eventId: string;
  eventCursor: bigint;
  /** Failed attempts before this one. */
  attempts: number;
};

export async function claimDue(
  db: Database,
  { owner, now, leaseMs, limit }: { owner: string; now: Date; leaseMs: number; limit: number },
): Promise<ClaimedDelivery[]> {
  const at = now.toISOString();
  const until = new Date(now.getTime() + leaseMs).toISOString();
  const rows = rowsOf(
    await db.execute(sql`
      update api.webhook_deliveries d
      set status = 'sending', leased_by = ${owner}, lease_until = ${until}, updated_at = ${at}
      where d.id in (
        select c.id from api.webhook_deliveries c
        where c.id in (
            select distinct on (o.endpoint_id) o.id
            from api.webhook_deliveries o
            join api.webhook_endpoints e on e.id = o.endpoint_id and e.status = 'enabled'
            where o.status in ('pending', 'failed', 'sending')
            order by o.endpoint_id, o.event_cursor)
          and ((c.status in ('pending', 'failed') and c.next_at <= ${at})
            or (c.status = 'sending' and c.lease_until < ${at}))
          and not exists (
            select 1 from api.webhook_deliveries s
            where s.endpoint_id = c.endpoint_id and s.id <> c.id
              and s.status = 'sending' and s.lease_until >= ${at})
        order by c.next_at, c.event_cursor
        limit ${limit}
        for update skip locked)
      returning d.id, d.endpoint_id, d.event_id, d.event_cursor, d.attempts`),
  );
  return rows.map((row) => ({
    id: row.id as string,
    endpointId: row.endpoint_id as string,
    eventId: row.event_id as string,
    eventCursor: BigInt(row.event_cursor as string | number | bigint),
    attempts: Number(row.attempts),
  }));
}

export type AttemptRecord = {
  at: Date;
  status: number | null;
  durationMs: number;
  error: string | null;
  response: string | null;
};

export type SettleOptions = {
  owner: string;
  delivery: ClaimedDelivery;
  attempt: AttemptRecord;
  /** Waits after the 1st, 2nd, ... failure; a failure past the last is final (dead). */
  scheduleMs: readonly number[];
  /** Consecutive failures that disable the endpoint. */
  disableAfterFailures: number;
};

export type Settled = {
  outcome: "delivered" | "retry" | "dead";
  /** Why the endpoint was disabled by this attempt ("gone", "failing"); null when it was not. */
  disabled: "gone" | "failing" | null;
  /** False when the lease was lost meanwhile (another process took the delivery over). */
  held: boolean;
};

const clip = (text: string | null, length: number) =>
  text === null ? null : text.replaceAll("\u0000", "").slice(0, length);

export async function settleAttempt(db: Database, options: SettleOptions): Promise<Settled> {
  const { owner, delivery, attempt, scheduleMs } = options;
  const ok = attempt.status !== null && attempt.status >= 200 && attempt.status < 300;
  const gone = attempt.status === 410;
  const failures = delivery.attempts + (ok ? 0 : 1);
  const outcome: Settled["outcome"] = ok
    ? "delivered"
    : failures > scheduleMs.length
      ? "dead"
      : "retry";
  const at = attempt.at.toISOString();
  const error = clip(attempt.error, 2000);
  const next =
    outcome === "retry" ? new Date(attempt.at.getTime() + scheduleMs[failures - 1]!) : attempt.at;
  return db.transaction(async (tx) => {
    const held =
      rowsOf(
        await tx.execute(sql`
          update api.webhook_deliveries
          set status = ${outcome === "retry" ? "failed" : outcome}, attempts = ${failures},
              next_at = ${next.toISOString()}, last_status = ${attempt.status},
              last_error = ${error}, leased_by = null, lease_until = null, updated_at = ${at}
              ${ok ? sql`, delivered_at = ${at}` : sql``}
          where id = ${delivery.id} and status = 'sending' and leased_by = ${owner}
          returning id`),
      ).length > 0;
    // Recorded even when the lease was lost: the request was made. Not when the endpoint (and
    // with it the delivery) was deleted meanwhile.
    await tx.execute(sql`
      insert into api.webhook_attempts
        (delivery_id, attempt, at, status, duration_ms, error, response)
      select ${delivery.id}, ${delivery.attempts + 1}, ${at}, ${attempt.status},
             ${Math.max(0, Math.round(attempt.durationMs))}, ${error}, ${clip(attempt.response, 1024)}
      where exists (select 1 from api.webhook_deliveries where id = ${delivery.id})`);
    if (!held) return { outcome, disabled: null, held };
    if (ok) {
      await tx.execute(sql`
        update api.webhook_endpoints set consecutive_failures = 0, failing_since = null
        where id = ${delivery.endpointId}
          and (consecutive_failures <> 0 or failing_since is not null)`);
      return { outcome, disabled: null, held };
    }
    const [endpoint] = rowsOf(
      await tx.execute(sql`
        select status, consecutive_failures from api.webhook_endpoints
        where id = ${delivery.endpointId} for update`),
    );
    if (!endpoint) return { outcome, disabled: null, held };
    const streak = Number(endpoint.consecutive_failures) + 1;
    const disabled: Settled["disabled"] =
      endpoint.status !== "enabled"
        ? null
        : gone
          ? "gone"
          : streak >= options.disableAfterFailures
            ? "failing"
            : null;
    await tx.execute(sql`
      update api.webhook_endpoints
      set consecutive_failures = ${streak}, failing_since = coalesce(failing_since, ${at}),
          updated_at = ${at}
          ${disabled ? sql`, status = 'disabled', disabled_reason = ${disabled}` : sql``}
      where id = ${delivery.endpointId}`);
    return { outcome, disabled, held };
  });
}
