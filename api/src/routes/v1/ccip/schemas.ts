// Request and response schemas of /v1/ccip.
import { Type } from "typebox";
import { addressPattern } from "../../../compliance/address.ts";
import { Limit, nullable } from "../compliance/schemas.ts";

const Address = Type.String({ pattern: addressPattern, description: "0x address" });
const Uint = Type.String({ pattern: "^\\d+$", description: "Decimal string" });
const ChainId = Type.String({ pattern: "^[1-9]\\d{0,15}$", description: "A chain id, e.g. 31337" });
const State = Type.Union(
  [
    Type.Literal("sent"),
    Type.Literal("committed"),
    Type.Literal("executed"),
    Type.Literal("failed"),
  ],
  {
    description:
      "sent (source chain), committed, executed (delivered, or paid out by governance) or failed (the router's execution failed, or the gateway stored the payload's failure)",
  },
);

export const MessageIdParams = Type.Object({
  id: Type.String({
    pattern: "^0x[0-9a-fA-F]{64}$",
    description: "The CCIP message id: 0x and 64 hex digits",
  }),
});

// ---------------------------------------------------------------- chains

const Bucket = Type.Object(
  {
    isEnabled: Type.Boolean(),
    capacity: Uint,
    rate: { ...Uint, description: "Refill per second, base units" },
    tokens: { ...Uint, description: "What the bucket holds now, base units" },
    lastUpdated: Type.Integer({ description: "Chain time of its last refill (unix s)" }),
  },
  { description: "Chainlink's RateLimiter token bucket, as the gateway reports it now" },
);

const Lane = Type.Object({
  chainId: Type.Integer({ description: "The peer chain" }),
  chainSelector: Uint,
  name: Type.String(),
  connected: Type.Boolean({ description: "The deploy connected the gateway's lane to the peer" }),
  live: nullable(
    Type.Object(
      {
        enabled: Type.Boolean(),
        peer: Type.String({ description: "The peer's gateway: the only sender accepted from it" }),
        transferGasLimit: Type.Integer(),
        liquidityGasLimit: Type.Integer(),
        liquidityAllowed: Type.Boolean(),
        maxGasLimit: nullable(
          Type.Integer({
            description:
              "The local router's ceiling for a message's gas limit (null: Chainlink's router)",
          }),
        ),
        rateLimits: Type.Array(
          Type.Object({
            assetId: Type.String(),
            synth: Type.String(),
            outbound: Bucket,
            inbound: Bucket,
          }),
        ),
      },
      { description: "Read from the chain now; null when it could not be (see error)" },
    ),
  ),
  error: nullable(Type.Object({ code: Type.String(), message: Type.String() })),
});

export const Chain = Type.Object({
  chainId: Type.Integer(),
  name: Type.String(),
  chainSelector: Uint,
  local: Type.Boolean({ description: "Our LocalCCIPRouter (a relay delivers), not Chainlink's" }),
  router: Type.String(),
  gateway: Type.String(),
  feeToken: Type.Object({
    address: Type.String(),
    symbol: Type.String(),
    decimals: Type.Integer(),
  }),
  readable: Type.Boolean({ description: "This API has an RPC URL for the chain" }),
  synths: Type.Array(
    Type.Object({
      assetId: Type.String(),
      symbol: Type.String(),
      address: Type.String(),
      decimals: Type.Integer(),
    }),
  ),
  lanes: Type.Array(Lane),
});

export const ChainsResponse = Type.Object({ chains: Type.Array(Chain) });

// ---------------------------------------------------------------- quote

export const QuoteQuery = Type.Object(
  {
    from: { ...ChainId, description: "The source chain id" },
    to: { ...ChainId, description: "The destination chain id" },
    synth: Type.String({
      minLength: 1,
      maxLength: 42,
      pattern: "^[A-Za-z0-9]+$",
      description: "The synth: its asset id (sUSD) or its address on the source chain",
    }),
    amount: Type.String({
      pattern: "^\\d{1,78}$",
      description: "Base units (18 decimals for synths), decimal string, 1..2^256-1",
    }),
    feeToken: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 42,
        pattern: "^[A-Za-z0-9]+$",
        description: "native (default) or the source chain's fee token (LINK: symbol or address)",
      }),
    ),
    recipient: Type.Optional({
      ...Address,
      description: "Who receives on the destination; defaults to (sessions) the caller",
    }),
  },
  { additionalProperties: false },
);

export const QuoteResponse = Type.Object({
  from: Type.Object({ chainId: Type.Integer(), chainSelector: Uint }),
  to: Type.Object({ chainId: Type.Integer(), chainSelector: Uint }),
  synth: Type.Object({
    assetId: Type.String(),
    symbol: Type.String(),
    decimals: Type.Integer(),
    source: Type.String({ description: "The synth on the source chain (burnt)" }),
    dest: Type.String({ description: "The synth on the destination (minted)" }),
  }),
  amount: Uint,
  recipient: Type.String(),
  feeToken: Type.Object({
    kind: Type.Union([Type.Literal("native"), Type.Literal("token")]),
    address: Type.String({ description: "0x0 for native" }),
    symbol: Type.String(),
    decimals: Type.Integer(),
  }),
  fee: {
    ...Uint,
    description:
      "The router's fee in the fee token's base units (wei for native): send it as msg.value, or approve the gateway for it",
  },
  gasLimit: Type.Integer({ description: "The destination gas limit the transfer asks for" }),
  rateLimits: Type.Object({
    outbound: Bucket,
    inbound: nullable(Bucket),
    ready: Type.Boolean({ description: "Both buckets hold the amount now" }),
    waitSeconds: Type.Integer({ description: "Until they would at their refill rates (0: ready)" }),
  }),
});

// ---------------------------------------------------------------- messages

export const ListQuery = Type.Object(
  {
    account: Type.Optional({
      ...Address,
      description: "Whose messages (as sender or recipient); sessions: only their own",
    }),
    state: Type.Optional(State),
    limit: Type.Optional(Limit),
  },
  { additionalProperties: false },
);

const Step = nullable(
  Type.Object({
    blockNumber: Uint,
    txHash: Type.String(),
    at: Type.String({ format: "date-time", description: "Block time" }),
  }),
);

export const Message = Type.Object({
  messageId: Type.String(),
  state: State,
  kind: nullable(Type.String({ description: "transfer | liquidity | other" })),
  sequenceNumber: nullable(Uint),
  source: Type.Object({
    chainId: nullable(Type.Integer()),
    chainSelector: nullable(Uint),
    synth: nullable(Type.String()),
  }),
  destination: Type.Object({
    chainId: nullable(Type.Integer()),
    chainSelector: nullable(Uint),
    synth: nullable(Type.String()),
  }),
  from: nullable(Type.String({ description: "The sender (transfers)" })),
  to: nullable(
    Type.String({ description: "The recipient (transfers; liquidity: the LP shares')" }),
  ),
  assetId: nullable(Type.String()),
  amount: nullable(Uint),
  fee: nullable(
    Type.Object({
      token: nullable(Type.String()),
      native: Type.Boolean(),
      amount: Uint,
    }),
  ),
  gasLimit: nullable({ ...Uint, description: "The receiver's gas limit the message asked for" }),
  execution: Type.Object({
    state: nullable(
      Type.String({ description: "The router's latest execution: success | failure" }),
    ),
    attempts: Type.Integer(),
    manual: Type.Boolean(),
    lastGasUsed: nullable(Uint),
    lastReturnData: nullable(Type.String()),
  }),
  storedFailure: Type.Boolean({
    description: "Delivered, and the gateway stored the payload's failure for a retry",
  }),
  failureReason: nullable(Type.String()),
  recoveredTo: nullable(Type.String()),
  remedy: Type.Union(
    [Type.Literal("manual_execution"), Type.Literal("gateway_retry"), Type.Null()],
    {
      description:
        "manual_execution: POST .../execute; gateway_retry: the destination gateway's retryFailedMessage (anyone may)",
    },
  ),
  steps: Type.Object({
    sent: Step,
    committed: Step,
    executed: Step,
    failed: Step,
    manuallyExecuted: Step,
    storedFailed: Step,
    retried: Step,
    recovered: Step,
    received: Step,
  }),
  firstSeenAt: Type.String({ format: "date-time" }),
});

export const MessageDetail = Type.Object({
  ...Message.properties,
  executions: Type.Array(
    Type.Object({
      chainId: Type.Integer(),
      state: Type.String(),
      manual: Type.Boolean(),
      executor: Type.String(),
      gasLimit: Uint,
      gasUsed: Uint,
      returnData: Type.String(),
      blockNumber: Uint,
      txHash: Type.String(),
      at: Type.String({ format: "date-time" }),
    }),
    { description: "Every completed execution attempt, oldest first" },
  ),
});

export const MessagesResponse = Type.Object({ items: Type.Array(Message) });

export const ExecuteBody = Type.Object(
  {
    gasLimit: Type.Optional(
      Type.String({
        pattern: "^[1-9]\\d{0,9}$",
        description:
          "The receiver's gas limit: at least the message's own, at most its lane's ceiling (3,000,000 on the local chains); default the message's own",
      }),
    ),
  },
  { additionalProperties: false },
);

export const ExecuteResponse = Type.Object({
  messageId: Type.String(),
  pending: Type.Boolean({ description: "Sent, not yet mined (answered 202): watch the message" }),
  relayState: Type.String({
    description: "The relay's state of the message (success, failure, ...)",
  }),
  execution: nullable(
    Type.Object({
      txHash: Type.String(),
      blockNumber: Uint,
      gasLimit: Uint,
      gasUsed: Uint,
      manual: Type.Boolean(),
      reason: nullable(Type.String({ description: "Why the receiver reverted (failure)" })),
    }),
  ),
});
