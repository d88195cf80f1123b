// Dispatch: the log's consumer "webhooks" reads events in cursor order and writes a pending delivery
// for each enabled endpoint that wants the event, advancing its cursor in the same transaction.
// The consumer row is locked FOR UPDATE SKIP LOCKED, so one process dispatches at a time, and a
// crash re-reads a page (deliveries are unique per endpoint and event), never skips one.
//
// Routing: an account's endpoint gets that account's events and the broadcasts (account null); an
// admin's endpoint (account null) gets every event; either only of its event types when it names
// some, and only events logged after it was created or last re-enabled. A webhook.test event (ours:
// source "api") goes to the one endpoint it names, whatever its filter.
import { sql } from "drizzle-orm";
import type { Database } from "../../db/client.ts";
import type { Clock } from "../../lib/clock.ts";
import { rowsOf } from "./rows.ts";

export const consumerName = "webhooks";
const pageSize = 1000;

/** Routes the next page of the log to deliveries; true when there may be more. */
export async function dispatchPage(db: Database, clock: Clock): Promise<boolean> {
  const now = clock.now().toISOString();
  return db.transaction(async (tx) => {
    await tx.execute(sql`
      insert into api.event_consumers (name, cursor, updated_at)
      values (${consumerName}, 0, ${now}) on conflict do nothing`);
    const [position] = rowsOf(
      await tx.execute(sql`
        select cursor from api.event_consumers where name = ${consumerName}
        for update skip locked`),
    );
    if (!position) return false;
    const from = String(position.cursor);
    const [page] = rowsOf(
      await tx.execute(sql`
        select count(*)::int as n, max(cursor) as last from (
          select cursor from api.event_log where cursor > ${from}::bigint
          order by cursor limit ${pageSize}) as page`),
    );
    const count = Number(page?.n ?? 0);
    if (count === 0) return false;
    const last = String(page!.last);
    await tx.execute(sql`
      insert into api.webhook_deliveries
        (endpoint_id, event_id, event_cursor, status, attempts, next_at, created_at, updated_at)
      select e.id, l.id, l.cursor, 'pending', 0, ${now}, ${now}, ${now}
      from api.event_log l
      join api.webhook_endpoints e on e.status = 'enabled' and l.cursor > e.from_cursor
      where l.cursor > ${from}::bigint and l.cursor <= ${last}::bigint
        and case
          when l.type = 'webhook.test' then l.source = 'api'
            and l.payload->>'endpointId' = e.id::text
            and (e.account is null or l.account = e.account)
          else (e.account is null or l.account is null or l.account = e.account)
            and (e.event_types is null or l.type = any(e.event_types))
        end
      on conflict do nothing`);
    await tx.execute(sql`
      update api.event_consumers set cursor = ${last}::bigint, updated_at = ${now}
      where name = ${consumerName}`);
    return count === pageSize;
  });
}
