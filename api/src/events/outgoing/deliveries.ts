// Reading an endpoint's deliveries and their attempts, and sending a failed or dead one again.
// The caller has checked that the endpoint is in its scope.
import { sql } from "drizzle-orm";
import type { Database } from "../../db/client.ts";
import { conflict, notFound } from "../../errors.ts";
import type { Clock } from "../../lib/clock.ts";
import { isoOf, type Row, rowsOf } from "./rows.ts";

export type DeliveryStatus = "pending" | "sending" | "delivered" | "failed" | "dead";
export const deliveryStatuses: readonly DeliveryStatus[] = [
  "pending",
  "sending",
  "delivered",
  "failed",
  "dead",
];

export type DeliveryView = {
  eventId: string;
  eventType: string;
  eventCursor: string;
  status: DeliveryStatus;
  /** Failed attempts so far. */
  attempts: number;
  /** When it is (or was) due. */
  nextAt: string;
  lastStatus: number | null;
  lastError: string | null;
  deliveredAt: string | null;
  createdAt: string;
  updatedAt: string;
};

export type AttemptView = {
  attempt: number;
  at: string;
  /** HTTP status; null: no answer. */
  status: number | null;
  durationMs: number;
  error: string | null;
  /** The answer's first KB. */
  response: string | null;
};

function toDelivery(row: Row): DeliveryView {
  return {
    eventId: row.event_id as string,
    eventType: (row.event_type as string | null) ?? "",
    eventCursor: String(row.event_cursor),
    status: row.status as DeliveryStatus,
    attempts: Number(row.attempts),
    nextAt: isoOf(row.next_at)!,
    lastStatus: row.last_status === null ? null : Number(row.last_status),
    lastError: (row.last_error as string | null) ?? null,
    deliveredAt: isoOf(row.delivered_at),
    createdAt: isoOf(row.created_at)!,
    updatedAt: isoOf(row.updated_at)!,
  };
}

/** Newest first (by event cursor), before `before` when given. */
export async function listDeliveries(
  db: Database,
  endpointId: string,
  filter: { status?: string; before?: bigint; limit: number },
): Promise<DeliveryView[]> {
  const rows = rowsOf(
    await db.execute(sql`
      select d.*, l.type as event_type
      from api.webhook_deliveries d
      left join api.event_log l on l.id = d.event_id
      where d.endpoint_id = ${endpointId}
        ${filter.status ? sql`and d.status = ${filter.status}` : sql``}
        ${filter.before === undefined ? sql`` : sql`and d.event_cursor < ${filter.before.toString()}::bigint`}
      order by d.event_cursor desc
      limit ${filter.limit}`),
  );
  return rows.map(toDelivery);
}

const noDelivery = () =>
  notFound("webhook_delivery.not_found", "No delivery of this event to this endpoint");

/** Oldest first. 404 webhook_delivery.not_found. */
export async function listAttempts(
  db: Database,
  endpointId: string,
  eventId: string,
): Promise<AttemptView[]> {
  const rows = rowsOf(
    await db.execute(sql`
      select d.id as delivery, a.attempt, a.at, a.status, a.duration_ms, a.error, a.response
      from api.webhook_deliveries d
      left join api.webhook_attempts a on a.delivery_id = d.id
      where d.endpoint_id = ${endpointId} and d.event_id = ${eventId}
      order by a.id`),
  );
  if (rows.length === 0) throw noDelivery();
  return rows
    .filter((row) => row.attempt !== null && row.attempt !== undefined)
    .map((row) => ({
      attempt: Number(row.attempt),
      at: isoOf(row.at)!,
      status: row.status === null ? null : Number(row.status),
      durationMs: Number(row.duration_ms),
      error: (row.error as string | null) ?? null,
      response: (row.response as string | null) ?? null,
    }));
}

/**
 * A failed (waiting for its retry) or dead delivery back to pending, due now, its schedule
 * started over. 404 webhook_delivery.not_found, 409 webhook_delivery.not_retryable.
 */
export async function retryDelivery(
  db: Database,
  clock: Clock,
  endpointId: string,
  eventId: string,
): Promise<DeliveryView> {
  const now = clock.now().toISOString();
  const [row] = rowsOf(
    await db.execute(sql`
      update api.webhook_deliveries d
      set status = 'pending', attempts = 0, next_at = ${now}, leased_by = null, lease_until = null,
          updated_at = ${now}
      from api.event_log l
      where l.id = d.event_id and d.endpoint_id = ${endpointId} and d.event_id = ${eventId}
        and d.status in ('failed', 'dead')
      returning d.*, l.type as event_type`),
  );
  if (row) return toDelivery(row);
  const [current] = rowsOf(
    await db.execute(sql`
      select status from api.webhook_deliveries
      where endpoint_id = ${endpointId} and event_id = ${eventId}`),
  );
  if (!current) throw noDelivery();
  throw conflict(
    "webhook_delivery.not_retryable",
    `Only failed or dead deliveries are sent again; this one is ${current.status as string}`,
    { details: { status: current.status } },
  );
}
