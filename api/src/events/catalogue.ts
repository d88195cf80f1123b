// The catalogue of event types: every event in the log has a type from here and a version whose
// schema its payload matches (checked on every append, ours and the webhooks'). An event belongs to
// the account in its payload's `account` (checksummed) or, when the type is a broadcast, to everyone.
// A new shape of an existing type is a new version; old versions stay readable forever.
//
// Names: the fiat flow keeps the payment providers' names (PAYMENT_RECEIVED, MINT_*), everything else
// is dotted lower case like the stream always was (lightning.swap, protocol.liquidation, ...).
import { type TSchema, Type } from "typebox";
import { Compile } from "typebox/compile";

const Address = Type.String({ pattern: "^0x[0-9a-fA-F]{40}$" });
const Hex32 = Type.String({ pattern: "^0x[0-9a-f]{64}$" });
/** A decimal amount in the currency's units, at most 18 decimals: "125.50". */
export const DecimalAmount = Type.String({ pattern: "^(0|[1-9]\\d{0,20})(\\.\\d{1,18})?$" });
const Reference = Type.String({ minLength: 1, maxLength: 128, pattern: "^[A-Za-z0-9_.:/-]+$" });
const Open = Type.Record(Type.String(), Type.Unknown());

/** Who an event of a type goes to: its account's subscribers, or every subscriber. */
export type Audience = "account" | "broadcast";

export type EventTypeSpec = {
  description: string;
  audience: Audience;
  /** Schema of the payload, by version. */
  versions: Record<number, TSchema>;
};

const payment = Type.Object(
  {
    account: Address,
    /** In the currency's units, at most 2 decimals (cents). */
    amount: Type.String({ pattern: "^(0|[1-9]\\d{0,14})(\\.\\d{1,2})?$" }),
    currency: Type.String({ pattern: "^[A-Z]{3}$" }),
    reference: Reference,
  },
  { additionalProperties: false },
);

const mintCommon = {
  account: Address,
  /** The PAYMENT_RECEIVED event this mint answers. */
  paymentEventId: Type.String(),
  /** keccak256 of "<source>:<reference>": the FiatMinter's once-ever key. */
  paymentId: Hex32,
  reference: Reference,
  currency: Type.String(),
  amount: DecimalAmount,
};

export const catalogue = {
  PAYMENT_RECEIVED: {
    description:
      "A fiat payment provider received a payment for an account (webhook). Mints the matching synth.",
    audience: "account",
    versions: { 1: payment },
  },
  MINT_REQUESTED: {
    description: "Compliance allowed a paid mint; the FiatMinter transaction is on its way.",
    audience: "account",
    versions: { 1: Type.Object({ ...mintCommon, synth: Type.String() }) },
  },
  MINT_CONFIRMED: {
    description: "The synth of a payment was minted to its account (once, ever).",
    audience: "account",
    versions: {
      1: Type.Object({
        ...mintCommon,
        synth: Type.String(),
        synthAddress: Address,
        txHash: Hex32,
        blockNumber: Type.String({ pattern: "^\\d+$" }),
      }),
    },
  },
  MINT_FAILED: {
    description: "A paid mint did not happen; `reason` is a stable code (compliance.denied, ...).",
    audience: "account",
    versions: {
      1: Type.Object({
        ...mintCommon,
        reason: Type.String(),
        message: Type.String(),
      }),
    },
  },
  "lightning.swap": {
    description: "A Lightning swap changed state (the bridge keeper).",
    audience: "account",
    versions: { 1: Type.Object({ account: Address, paymentHash: Type.String() }) },
  },
  "protocol.liquidation": {
    description: "A position was liquidated (the scheduled keepers).",
    audience: "account",
    versions: { 1: Open },
  },
  "protocol.oracle.breaker_tripped": {
    description: "An asset's circuit breaker tripped: its minting and swaps stop.",
    audience: "broadcast",
    versions: { 1: Open },
  },
  "protocol.oracle.breaker_rearmed": {
    description: "An asset's circuit breaker re-armed.",
    audience: "broadcast",
    versions: { 1: Open },
  },
  "protocol.oracle.stale": {
    description: "A price feed's answer is older than its heartbeat.",
    audience: "broadcast",
    versions: { 1: Open },
  },
  "protocol.fees.distributed": {
    description: "The treasury distributed its pending fees.",
    audience: "broadcast",
    versions: { 1: Open },
  },
  "protocol.lightning.lock_refunded": {
    description: "An expired Lightning lock was refunded by the keepers' backstop.",
    audience: "account",
    versions: { 1: Open },
  },
  "session.changed": {
    description: "A session of the account was created, blocked, ended or rescored.",
    audience: "account",
    versions: { 1: Open },
  },
  "compliance.decision": {
    description: "A compliance check decided on an action of the account.",
    audience: "account",
    versions: { 1: Open },
  },
  "review.resolved": {
    description: "A compliance review of the account was approved or rejected.",
    audience: "account",
    versions: { 1: Open },
  },
  "webhook.test": {
    description: "A test delivery an endpoint's owner asked for.",
    audience: "account",
    versions: { 1: Type.Object({ account: Address, endpointId: Type.String() }) },
  },
} satisfies Record<string, EventTypeSpec>;

export type EventType = keyof typeof catalogue;
export const eventTypes = Object.keys(catalogue) as EventType[];

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(catalogue, type);
}

const validators = new Map(
  Object.entries(catalogue as Record<string, EventTypeSpec>).flatMap(([type, spec]) =>
    Object.entries(spec.versions).map(([version, schema]) => [`${type}@${version}`, Compile(schema)]),
  ),
);

/** The latest version of a type. */
export function latestVersion(type: EventType): number {
  return Math.max(...Object.keys(catalogue[type].versions).map(Number));
}

/** Null when `payload` matches the schema of `type`@`version`; otherwise what is wrong. */
export function payloadError(type: string, version: number, payload: unknown): string | null {
  const validator = validators.get(`${type}@${version}`);
  if (!validator) {
    return isEventType(type) ? `${type} has no version ${version}` : `unknown event type ${type}`;
  }
  if (validator.Check(payload)) return null;
  const first = [...validator.Errors(payload)][0];
  return first ? `${first.instancePath || "/"} ${first.message}` : "invalid payload";
}

export function audienceOf(type: string): Audience {
  return isEventType(type) ? catalogue[type].audience : "account";
}
