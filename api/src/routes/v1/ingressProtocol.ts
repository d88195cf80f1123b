// The scheduled keepers' protocol events (POST /v1/ingress/protocol, signed like every ingress route:
// see ingress.ts): liquidations, circuit breakers tripped and re-armed, stale feeds, fee
// distributions and refunded Lightning locks, from the keepers' keepers.job_events outbox. Each fresh
// event is streamed as `protocol.<type>` with the event's data plus `eventId`: to its account's stream
// clients, or to every stream client when its account is null (a fact about the protocol, not about
// one account).
import { type Static, Type } from "typebox";
import { getAddress } from "viem";
import type { EventBus } from "../../stream/eventBus.ts";

export const protocolEventTypes = [
  "liquidation",
  "oracle.breaker_tripped",
  "oracle.breaker_rearmed",
  "oracle.stale",
  "fees.distributed",
  "lightning.lock_refunded",
] as const;

export type ProtocolEventType = (typeof protocolEventTypes)[number];

export const ProtocolEvent = Type.Object({
  id: Type.String({ pattern: "^\\d{1,20}$" }),
  type: Type.Union(protocolEventTypes.map((type) => Type.Literal(type))),
  account: Type.Union([Type.String({ pattern: "^0x[0-9a-fA-F]{40}$" }), Type.Null()]),
  at: Type.String({ format: "date-time", maxLength: 64 }),
  data: Type.Record(Type.String(), Type.Unknown()),
});

/**
 * Protocol event ids are numbered apart from the bridge keeper's swap event ids (another outbox), so
 * they are deduplicated in a namespace of their own: `<secret name>:protocol` (a secret's name
 * cannot hold a colon, so no secret's own namespace is this one).
 */
export function protocolSource(secretName: string): string {
  return `${secretName}:protocol`;
}

/** Streams one event: to its account, or to everyone when it has none. */
export function publishProtocolEvent(events: EventBus, event: Static<typeof ProtocolEvent>): void {
  const kind = `protocol.${event.type}`;
  const data = { ...event.data, eventId: event.id };
  if (event.account === null) {
    events.broadcast({ kind, account: null, at: event.at, data });
  } else {
    events.publish({ kind, account: getAddress(event.account), at: event.at, data });
  }
}
