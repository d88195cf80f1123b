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

/** Where an on-chain event happened: every chain.* payload carries it. */
const onChain = {
  chainId: Type.Integer({ minimum: 1 }),
  blockNumber: Type.String({ pattern: "^\\d+$" }),
  blockHash: Hex32,
  logIndex: Type.Integer({ minimum: 0 }),
  txHash: Hex32,
};
/** A uint256 as a decimal string. */
const Uint = Type.String({ pattern: "^\\d+$" });
/** An int256 as a decimal string. */
const Int = Type.String({ pattern: "^-?\\d+$" });

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
  "risk.blocked": {
    description:
      "The risk model stopped the account: a session blocked (what: session) or an action denied by risk.critical (what: compliance).",
    audience: "account",
    versions: {
      1: Type.Object({
        what: Type.Union([Type.Literal("session"), Type.Literal("compliance")]),
      }),
    },
  },
  "webhook.test": {
    description: "A test delivery an endpoint's owner asked for.",
    audience: "account",
    versions: { 1: Type.Object({ account: Address, endpointId: Type.String() }) },
  },
  "chain.position": {
    description:
      "A vault position changed on chain: a deposit (`opened` when it starts an empty position), withdrawal, mint, burn or bad-debt write-off (`closed` when nothing is left).",
    audience: "account",
    versions: {
      1: Type.Object({
        account: Address,
        kind: Type.Union([
          Type.Literal("deposit"),
          Type.Literal("withdraw"),
          Type.Literal("mint"),
          Type.Literal("burn"),
          Type.Literal("bad_debt"),
        ]),
        collateral: Address,
        synth: Address,
        amount: Uint,
        /** Mints and burns: the part that went to the treasury. */
        fee: Type.Optional(Uint),
        collateralAfter: Uint,
        debtAfter: Uint,
        opened: Type.Boolean(),
        closed: Type.Boolean(),
        ...onChain,
      }),
    },
  },
  "chain.liquidation": {
    description: "A position of the account was liquidated on chain (by `liquidator`).",
    audience: "account",
    versions: {
      1: Type.Object({
        account: Address,
        collateral: Address,
        synth: Address,
        liquidator: Address,
        repaid: Uint,
        collateralSeized: Uint,
        debtAfter: Uint,
        collateralAfter: Uint,
        ...onChain,
      }),
    },
  },
  "chain.oracle.breaker": {
    description:
      "An asset's circuit breaker tripped (minting and swaps stop) or re-armed, on chain.",
    audience: "broadcast",
    versions: {
      1: Type.Object({
        kind: Type.Union([Type.Literal("tripped"), Type.Literal("rearmed")]),
        asset: Address,
        roundId: Uint,
        price: Uint,
        /** Trips: the price the jump was measured from. */
        referencePrice: Type.Optional(Uint),
        ...onChain,
      }),
    },
  },
  "chain.supplychain.flagged": {
    description:
      "A checkpoint of an item the account holds in custody read out of its range: the item is flagged.",
    audience: "account",
    versions: {
      1: Type.Object({
        account: Address,
        itemId: Uint,
        sequence: Uint,
        sensor: Hex32,
        value: Int,
        min: Int,
        max: Int,
        ...onChain,
      }),
    },
  },
  "chain.proposal": {
    description: "A governance proposal was created, queued, executed or canceled on chain.",
    audience: "broadcast",
    versions: {
      1: Type.Object({
        kind: Type.Union([
          Type.Literal("created"),
          Type.Literal("queued"),
          Type.Literal("executed"),
          Type.Literal("canceled"),
        ]),
        proposalId: Uint,
        /** created: */
        proposer: Type.Optional(Address),
        description: Type.Optional(Type.String()),
        voteStart: Type.Optional(Uint),
        voteEnd: Type.Optional(Uint),
        /** queued: when it may be executed (unix seconds). */
        eta: Type.Optional(Uint),
        ...onChain,
      }),
    },
  },
  "chain.lightning.swap": {
    description:
      "A Lightning gateway swap of the account was locked, claimed or refunded on chain (the swap as it stands after).",
    audience: "account",
    versions: {
      1: Type.Object({
        account: Address,
        direction: Type.Union([Type.Literal("mint"), Type.Literal("burn")]),
        status: Type.Union([
          Type.Literal("locked"),
          Type.Literal("claimed"),
          Type.Literal("refunded"),
        ]),
        paymentHash: Hex32,
        synth: Address,
        sats: Uint,
        amount: Uint,
        fee: Uint,
        timelock: Uint,
        /** Claims publish it. */
        preimage: Type.Optional(Hex32),
        ...onChain,
      }),
    },
  },
  "chain.ccip.message": {
    description:
      "A cross-chain message (Chainlink CCIP) took a step on one of its two chains (`kind`), and `state` is where it stands after: sent (source chain), committed, executed or failed (destination chain). A synth transfer's event is the sender's, with a copy for the recipient when that is another account (`account` says whose copy it is); a governance liquidity move, or a message whose send the indexer has not seen, is everyone's (`account` absent).",
    audience: "account",
    versions: {
      1: Type.Object({
        /** Whose copy: the sender's, or the recipient's; absent when everyone's. */
        account: Type.Optional(Address),
        messageId: Hex32,
        /** The step: sent, committed, executed, failed (router executions), received, stored_failed, retried, recovered (the gateway's). */
        kind: Type.String({ minLength: 1, maxLength: 32 }),
        /** transfer (synths), liquidity (governance's pool move); null when not known. */
        messageKind: Type.Union([Type.String({ maxLength: 32 }), Type.Null()]),
        sourceChainId: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
        destChainId: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
        state: Type.Union([
          Type.Literal("sent"),
          Type.Literal("committed"),
          Type.Literal("executed"),
          Type.Literal("failed"),
        ]),
        /** Transfers: the sender on the source chain and the recipient on the destination (for a recovery, whom governance paid); liquidity: `to` is the LP shares' recipient. */
        from: Type.Union([Address, Type.Null()]),
        to: Type.Union([Address, Type.Null()]),
        /** The synth's asset id (sUSD, sXAU, ...), the same on both chains. */
        assetId: Type.Union([Type.String({ minLength: 1, maxLength: 32 }), Type.Null()]),
        amount: Type.Union([Uint, Type.Null()]),
        /** The step was a manual execution (anyone's retry of a failed message). */
        manual: Type.Boolean(),
        /** Delivered, but the destination gateway stored it as failed (retryFailedMessage). */
        storedFailure: Type.Boolean(),
        ...onChain,
      }),
    },
  },
  "chain.retracted": {
    description:
      "An on-chain event logged earlier is no longer on the chain (a reorg took its block away): treat it as undone. Goes to the retracted event's audience (`account` null: everyone).",
    audience: "account",
    versions: {
      1: Type.Object({
        account: Type.Union([Address, Type.Null()]),
        /** The retracted event's id and type. */
        eventId: Type.String({ pattern: "^chain:" }),
        eventType: Type.String(),
        chainId: Type.Integer({ minimum: 1 }),
        blockNumber: Type.String({ pattern: "^\\d+$" }),
        blockHash: Hex32,
        logIndex: Type.Integer({ minimum: 0 }),
        /** reorg: within the window compared every poll; rewrite: the chain was replaced further back. */
        reason: Type.Union([Type.Literal("reorg"), Type.Literal("rewrite")]),
      }),
    },
  },
} satisfies Record<string, EventTypeSpec>;

export type EventType = keyof typeof catalogue;
export const eventTypes = Object.keys(catalogue) as EventType[];

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(catalogue, type);
}

const validators = new Map(
  Object.entries(catalogue as Record<string, EventTypeSpec>).flatMap(([type, spec]) =>
    Object.entries(spec.versions).map(([version, schema]) => [
      `${type}@${version}`,
      Compile(schema),
    ]),
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
