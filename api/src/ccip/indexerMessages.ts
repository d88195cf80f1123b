// The indexer's CCIP messages over its REST routes (indexer/src/api/ccip.ts: GET /ccip/messages and
// /ccip/messages/:id, at API_INDEXER_URL). Every answer is checked against the shape below before
// anything reads it: an indexer that is not configured, down, slow, failing or answering something
// else is a 503 with its own code, never a 500.
import { type Static, type TSchema, Type } from "typebox";
import { Compile } from "typebox/compile";
import { unavailable } from "../errors.ts";

const Hex = Type.String({ pattern: "^0x[0-9a-fA-F]*$" });
const Uint = Type.String({ pattern: "^\\d+$" });
const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

// A step's position; a step without one (never expected) is read as not taken.
const Stage = nullable(
  Type.Object(
    {
      blockNumber: Type.Optional(Uint),
      timestamp: Type.Optional(Uint),
      txHash: Type.Optional(Hex),
    },
    { additionalProperties: true },
  ),
);

/** What the API reads of the indexer's message (it may say more). */
export const IndexerMessage = Type.Object({
  messageId: Type.String({ pattern: "^0x[0-9a-fA-F]{64}$" }),
  state: Type.Union([
    Type.Literal("sent"),
    Type.Literal("committed"),
    Type.Literal("executed"),
    Type.Literal("failed"),
  ]),
  kind: nullable(Type.String()),
  sequenceNumber: nullable(Uint),
  source: Type.Object({
    chainId: nullable(Type.Integer()),
    chainSelector: nullable(Uint),
    synth: nullable(Hex),
  }),
  destination: Type.Object({
    chainId: nullable(Type.Integer()),
    chainSelector: nullable(Uint),
    synth: nullable(Hex),
  }),
  from: nullable(Hex),
  to: nullable(Hex),
  assetId: nullable(Type.String()),
  amount: nullable(Uint),
  fee: nullable(Type.Object({ token: nullable(Hex), amount: Uint })),
  gasLimit: nullable(Uint),
  execution: Type.Object({
    state: nullable(Type.String()),
    attempts: Type.Integer({ minimum: 0 }),
    manual: Type.Boolean(),
    lastReturnData: nullable(Hex),
    lastGasUsed: nullable(Uint),
  }),
  gateway: Type.Object({
    received: Type.Boolean(),
    storedFailed: Type.Boolean(),
    failureReason: nullable(Hex),
    retried: Type.Boolean(),
    recovered: Type.Boolean(),
    recoveredTo: nullable(Hex),
  }),
  events: Type.Object({
    sent: Stage,
    committed: Stage,
    executed: Stage,
    failed: Stage,
    manuallyExecuted: Stage,
    storedFailed: Stage,
    retried: Stage,
    recovered: Stage,
    received: Stage,
  }),
  firstSeenTimestamp: Uint,
});
export type IndexerMessage = Static<typeof IndexerMessage>;

export const IndexerExecution = Type.Object({
  chainId: Type.Integer(),
  state: Type.String(),
  manual: Type.Boolean(),
  executor: Hex,
  gasLimit: Uint,
  gasUsed: Uint,
  returnData: Hex,
  blockNumber: Uint,
  timestamp: Uint,
  txHash: Hex,
});
export type IndexerExecution = Static<typeof IndexerExecution>;

const ListAnswer = Compile(Type.Object({ messages: Type.Array(IndexerMessage) }));
const OneAnswer = Compile(
  Type.Intersect([IndexerMessage, Type.Object({ executions: Type.Array(IndexerExecution) })]),
);

export type IndexerMessages = {
  list(query: {
    account?: string;
    state?: IndexerMessage["state"];
    limit: number;
  }): Promise<IndexerMessage[]>;
  /** Null when the indexer has no such message. */
  get(messageId: string): Promise<(IndexerMessage & { executions: IndexerExecution[] }) | null>;
};

export function createIndexerMessages(
  url: string | undefined,
  options: { timeoutMs?: number } = {},
): IndexerMessages {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const down = (message: string, cause?: unknown) =>
    unavailable("ccip.indexer_unavailable", message, { cause, headers: { "retry-after": "5" } });

  /** The answer's JSON; null for the indexer's 404 of an unknown message. */
  async function request(path: string): Promise<unknown> {
    if (url === undefined) {
      throw unavailable(
        "ccip.indexer_not_configured",
        "This API reads cross-chain messages from an indexer, and none is configured (API_INDEXER_URL)",
      );
    }
    let response: Response;
    try {
      response = await fetch(`${url}${path}`, {
        headers: { accept: "application/json" },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw down("The indexer did not answer", error);
    }
    const body = (await response.json().catch(() => undefined)) as
      | { error?: { code?: string } }
      | undefined;
    if (response.status === 404 && body?.error?.code === "ccip.unknown_message") return null;
    if (!response.ok) {
      throw down(
        `The indexer failed (${response.status}${body?.error?.code ? ` ${body.error.code}` : ""})`,
      );
    }
    if (body === undefined) throw invalid("not JSON");
    return body;
  }

  const invalid = (what: string) =>
    unavailable(
      "ccip.indexer_invalid",
      `The indexer's answer is not what this API reads (${what}): is it the same version?`,
      { headers: { "retry-after": "30" } },
    );

  function problem(checker: typeof ListAnswer | typeof OneAnswer, value: unknown): string {
    const first = [...checker.Errors(value)][0];
    return first ? `${first.instancePath || "/"} ${first.message}` : "invalid";
  }

  return {
    async list({ account, state, limit }) {
      const query = new URLSearchParams({ limit: String(limit) });
      if (account !== undefined) query.set("account", account.toLowerCase());
      if (state !== undefined) query.set("state", state);
      const body = await request(`/ccip/messages?${query}`);
      if (!ListAnswer.Check(body)) throw invalid(problem(ListAnswer, body));
      return body.messages;
    },
    async get(messageId) {
      const body = await request(`/ccip/messages/${messageId.toLowerCase()}`);
      if (body === null) return null;
      if (!OneAnswer.Check(body)) throw invalid(problem(OneAnswer, body));
      return body;
    },
  };
}
