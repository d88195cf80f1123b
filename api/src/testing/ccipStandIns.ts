// Test helper for /v1/ccip's input validation and error mapping: small HTTP servers that answer as
// the indexer's CCIP routes (indexer/src/api/ccip.ts) and the relay's HTTP (keepers/src/ccip/http.ts)
// do, scripted per test. Route unit tests only: the real indexer and relay are covered end to end.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export type StandIn = {
  url: string;
  /** Requests received: method, path with query, authorization header, JSON body. */
  requests: { method: string; path: string; authorization: string | undefined; body: unknown }[];
  /** What the next requests are answered (status and JSON body, or a raw text body). */
  answer: (request: IncomingMessage, path: string) => { status: number; body: unknown } | "hang";
  close(): Promise<void>;
};

export async function startStandIn(
  answer: StandIn["answer"] = () => ({ status: 404, body: {} }),
): Promise<StandIn> {
  const standIn: StandIn = {
    url: "",
    requests: [],
    answer,
    close: async () => {},
  };
  const sockets = new Set<Socket>();
  const server: Server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const path = req.url ?? "/";
    standIn.requests.push({
      method: req.method ?? "GET",
      path,
      authorization: req.headers.authorization,
      body: raw === "" ? undefined : JSON.parse(raw),
    });
    const result = standIn.answer(req, path);
    if (result === "hang") return;
    res.writeHead(result.status, { "content-type": "application/json" });
    res.end(typeof result.body === "string" ? result.body : JSON.stringify(result.body));
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  standIn.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  standIn.close = () =>
    new Promise((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  return standIn;
}

const stage = (block: number, txHash: string) => ({
  blockNumber: String(block),
  timestamp: String(1_800_000_000 + block),
  txHash,
});

/** A message as the indexer's GET /ccip/messages/:id answers it (indexer/src/api/ccip.ts). */
export function indexerMessage(options: {
  messageId: string;
  from: string;
  to: string;
  state?: "sent" | "committed" | "executed" | "failed";
  executionState?: "success" | "failure" | null;
  storedFailed?: boolean;
  gasLimit?: string;
  sourceChainId?: number;
  destChainId?: number;
}) {
  const state = options.state ?? "failed";
  const executionState =
    options.executionState !== undefined
      ? options.executionState
      : state === "failed"
        ? "failure"
        : state === "executed"
          ? "success"
          : null;
  const tx = (n: number) => `0x${n.toString(16).padStart(64, "0")}`;
  return {
    messageId: options.messageId.toLowerCase(),
    state,
    kind: "transfer",
    sequenceNumber: "1",
    source: {
      chainId: options.sourceChainId ?? 31337,
      chainSelector: "661990842721087453",
      sender: "0x1429859428c0abc9c2c47c8ee9fbaf82cfa0f20f",
      synth: "0x89e357d55fe4bdb710ee28577ff3ce2a295ffdef",
      poolId: null,
    },
    destination: {
      chainId: options.destChainId ?? 31338,
      chainSelector: "14916949317605581645",
      receiver: "0x1429859428c0abc9c2c47c8ee9fbaf82cfa0f20f",
      synth: "0x89e357d55fe4bdb710ee28577ff3ce2a295ffdef",
      poolId: null,
    },
    from: options.from.toLowerCase(),
    to: options.to.toLowerCase(),
    assetId: "sUSD",
    amount: "100000000000000000000",
    liquidity: null,
    fee: { token: "0x0000000000000000000000000000000000000000", amount: "1200000000000000" },
    gasLimit: options.gasLimit ?? "200000",
    data: "0x",
    message: null,
    execution: {
      state: executionState,
      attempts: executionState === null ? 0 : 1,
      manual: false,
      lastReturnData: executionState === "failure" ? "0x08c379a0" : null,
      lastGasUsed: executionState === null ? null : "199000",
      lastExecutor: null,
    },
    gateway: {
      received: state === "executed",
      storedFailed: options.storedFailed ?? false,
      failureReason: options.storedFailed ? "0xdeadbeef" : null,
      retried: false,
      retriedBy: null,
      recovered: false,
      recoveredTo: null,
    },
    events: {
      sent: stage(10, tx(1)),
      committed: state === "sent" ? null : { ...stage(12, tx(2)), committer: options.from },
      executed: state === "executed" || options.storedFailed ? stage(13, tx(3)) : null,
      failed: executionState === "failure" ? stage(13, tx(3)) : null,
      manuallyExecuted: null,
      storedFailed: options.storedFailed ? stage(13, tx(3)) : null,
      retried: null,
      recovered: null,
      received: state === "executed" ? stage(13, tx(3)) : null,
    },
    firstSeenTimestamp: "1800000010",
  };
}

/** The indexer's answers for `messages`: the list (filtered by account and state) and each by id. */
export function indexerAnswers(messages: ReturnType<typeof indexerMessage>[]) {
  return (_request: IncomingMessage, path: string) => {
    const url = new URL(path, "http://indexer");
    const one = /^\/ccip\/messages\/(0x[0-9a-f]{64})$/.exec(url.pathname);
    if (one) {
      const found = messages.find((m) => m.messageId === one[1]);
      return found
        ? {
            status: 200,
            body: {
              ...found,
              executions: found.events.failed
                ? [
                    {
                      chainId: found.destination.chainId,
                      state: "failure",
                      manual: false,
                      executor: "0x71be63f3384f5fb98995898a86b02fb2426c5788",
                      gasLimit: found.gasLimit,
                      gasUsed: "199000",
                      returnData: "0x08c379a0",
                      blockNumber: "13",
                      logIndex: 2,
                      timestamp: "1800000013",
                      txHash: found.events.failed.txHash,
                    },
                  ]
                : [],
            },
          }
        : {
            status: 404,
            body: { error: { code: "ccip.unknown_message", message: "no such message" } },
          };
    }
    if (url.pathname === "/ccip/messages") {
      const account = url.searchParams.get("account");
      const state = url.searchParams.get("state");
      const limit = Number(url.searchParams.get("limit") ?? 50);
      return {
        status: 200,
        body: {
          account,
          state,
          limit,
          messages: messages
            .filter((m) => account === null || m.from === account || m.to === account)
            .filter((m) => state === null || m.state === state)
            .slice(0, limit),
        },
      };
    }
    return { status: 404, body: { error: { code: "not_found", message: "no route" } } };
  };
}

/** The relay's answer to a manual execution (keepers/src/ccip/http.ts `messageJson`). */
export function relayExecution(messageId: string, options: { pending?: boolean } = {}) {
  const pending = options.pending ?? false;
  return {
    pending,
    message: {
      messageId,
      lane: "31337->31338",
      sourceChainId: 31337,
      destChainId: 31338,
      state: pending ? "failure" : "success",
      message: {},
      source: {},
      execution: pending
        ? null
        : {
            transactionHash: `0x${"ab".repeat(32)}`,
            blockNumber: "21",
            returnData: "0x",
            reason: null,
            gasLimit: "400000",
            gasUsed: "250000",
            manual: true,
            executor: "0x71be63f3384f5fb98995898a86b02fb2426c5788",
            byThisRelay: true,
          },
      manualExecutionInFlight: pending,
      error: null,
      failures: 0,
      seenAt: "2026-01-15T12:00:00.000Z",
      finalizedAt: null,
      committedAt: null,
      executedAt: null,
    },
  };
}
