// Request and response schemas of /v1/lightning.
import { Type } from "typebox";
import { addressPattern } from "../../../compliance/address.ts";
import { nullable } from "../compliance/schemas.ts";

export const Hash = Type.String({
  pattern: "^(0x)?[0-9a-fA-F]{64}$",
  description: "32 bytes of hex (a payment hash or preimage), 0x optional",
});
const Address = Type.String({ pattern: addressPattern, description: "0x address" });
const Amount = Type.String({ pattern: "^\\d+$", description: "Base units, decimal string" });
const Invoice = Type.String({ minLength: 1, maxLength: 4096, description: "BOLT-11 invoice" });

export const MintBody = Type.Object(
  {
    paymentHash: Type.String({
      pattern: "^(0x)?[0-9a-fA-F]{64}$",
      description: "sha256 of a secret preimage only the caller knows",
    }),
    synth: Address,
    sats: Type.Integer({ minimum: 1, maximum: 2_100_000_000_000_000 }),
    recipient: Type.Optional({
      ...Address,
      description: "Defaults to (and for sessions must be) the caller",
    }),
  },
  { additionalProperties: false },
);

export const PreimageBody = Type.Object(
  { preimage: { ...Hash, description: "The secret whose sha256 is the payment hash" } },
  { additionalProperties: false },
);

export const BurnQuoteBody = Type.Object(
  { synth: Address, invoice: Invoice },
  { additionalProperties: false },
);

export const BurnBody = Type.Object(
  {
    synth: Address,
    invoice: Invoice,
    account: Type.Optional({ ...Address, description: "The locker; for sessions the caller" }),
  },
  { additionalProperties: false },
);

export const HashParams = Type.Object({ paymentHash: Hash });

export const ListQuery = Type.Object(
  {
    account: Type.Optional({ ...Address, description: "Service keys: whose swaps" }),
    limit: Type.Optional(Type.String({ pattern: "^([1-9]|[1-9][0-9]|1[0-9][0-9]|200)$" })),
  },
  { additionalProperties: false },
);

export const Swap = Type.Object({
  paymentHash: Type.String(),
  direction: Type.Union([Type.Literal("mint"), Type.Literal("burn")]),
  state: Type.String({ description: "The keeper's exact state (per direction)" }),
  status: Type.String({ description: "invoice.set, invoice.accepted, transaction.claimed, ..." }),
  chainId: Type.Integer(),
  account: Type.String(),
  synth: Type.String(),
  sats: Amount,
  amount: Amount,
  fee: Amount,
  quotedAt: Type.Integer({ description: "Chain time of the quote (unix s)" }),
  timelock: nullable(Type.Integer()),
  refundableAt: nullable(
    Type.Integer({
      description:
        "Chain time (unix s) from which anyone may refund the swap's unclaimed lock (LightningGateway.refundMint/refundBurn); null when there is nothing to refund",
    }),
  ),
  cltvDelta: nullable(Type.Integer({ description: "The invoice's final CLTV delta (blocks)" })),
  invoice: nullable(Type.String()),
  invoiceExpiresAt: nullable(Type.Integer()),
  preimage: nullable(Type.String()),
  failure: nullable(Type.Object({ code: Type.String(), message: nullable(Type.String()) })),
  createdAt: Type.String({ format: "date-time" }),
  updatedAt: Type.String({ format: "date-time" }),
});

export const Quote = Type.Object({
  paymentHash: Type.Optional(Type.String()),
  synth: Type.String(),
  sats: Amount,
  amount: {
    ...Amount,
    description:
      "Synth units. Mint: the value (the recipient gets amount - fee); burn: to lock (fee included)",
  },
  fee: Amount,
  usdCents: Amount,
  quotedAt: Type.Integer(),
  timelock: Type.Optional(Type.Integer({ description: "Burn: the lock's timelock (unix s)" })),
  invoiceExpiresAt: Type.Optional(Type.Integer()),
  cltvDelta: Type.Optional(Type.Integer({ description: "Burn: the invoice's final CLTV delta" })),
});

export const Compliance = Type.Object({
  decisionId: Type.String(),
  decision: Type.Union([Type.Literal("allow"), Type.Literal("review"), Type.Literal("deny")]),
  outcome: Type.Union([Type.Literal("allow"), Type.Literal("deny"), Type.Literal("pending")]),
  reviewId: nullable(Type.String()),
});

export const MintResponse = Type.Object({
  swap: Swap,
  quote: nullable(Quote),
  compliance: Type.Optional(Compliance),
});

export const BurnResponse = Type.Object({
  swap: Type.Optional(Swap),
  quote: Quote,
  compliance: Compliance,
  lock: Type.Optional(
    Type.Object(
      {
        paymentHash: Type.String(),
        synth: Type.String(),
        amount: Amount,
        sats: Amount,
        timelock: Type.Integer(),
      },
      { description: "Arguments of LightningGateway.lockBurn for the caller to send" },
    ),
  ),
});
