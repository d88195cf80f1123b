// POST /graphql: Ponder's GraphQL behind the indexer's limits. A request is read (size, media
// type, JSON), checked against the limits (src/lib/graphqlLimits.ts) and only then handed to
// Ponder, under a wall-clock bound: past it the client gets a 504 and the request's remaining SQL
// is never started. Refusals carry the API's error body ({ error: { code, message } }) plus a
// GraphQL `errors` array for GraphQL clients. GET /graphql serves Ponder's GraphiQL page.
import { db } from "ponder:api";
import schema from "ponder:schema";
import { buildClientSchema, type GraphQLSchema, getIntrospectionQuery } from "graphql";
import { type Context, Hono } from "hono";
import { graphql as ponderGraphql } from "ponder";
import type { GraphqlLimits } from "../config/env.ts";
import { ApiError, type ApiErrorCode, errorBody, MAX_ECHO } from "../lib/apiError.ts";
import { checkGraphqlRequest, readGraphqlRequest } from "../lib/graphqlLimits.ts";
import { withDeadline } from "./readonlyDb.ts";

const INTERNAL_URL = "http://indexer.internal/graphql";
const JSON_TYPES = new Set(["application/json", "application/graphql+json"]);
/** Ponder's own defaults (Apollo's), kept as a floor: ours are checked first. */
const PONDER_MAX_TOKENS = 1_000;
const PONDER_MAX_ALIASES = 30;

export function graphqlErrorBody(code: ApiErrorCode, message: string) {
  return { ...errorBody(code, message), errors: [{ message, extensions: { code } }] };
}

export function createGraphqlRoutes(limits: GraphqlLimits) {
  // Ponder's middleware on a private app: requests reach it only through the checks below.
  const ponder = new Hono().use(
    "/graphql",
    ponderGraphql(
      { db, schema },
      {
        maxOperationTokens: Math.max(limits.maxTokens, PONDER_MAX_TOKENS),
        maxOperationAliases: Math.max(limits.maxAliases, PONDER_MAX_ALIASES),
        // Ponder counts introspection into depth (GraphiQL's own query nests 13): its default 100.
        maxOperationDepth: 100,
      },
    ),
  );

  // The schema as Ponder serves it, learned once by asking it (nothing reaches the database).
  let known: Promise<GraphQLSchema> | undefined;
  const graphqlSchema = () => {
    known ??= introspect(ponder).catch((error: unknown) => {
      known = undefined;
      throw error;
    });
    return known;
  };

  // Learned at start, so no request waits for it (and a failure is retried by the first one).
  graphqlSchema().catch(() => {});

  const routes = new Hono();
  routes.get("/graphql", (c) => ponder.fetch(c.req.raw));
  routes.post("/graphql", async (c) => {
    const text = await readBody(c, limits.maxBodyBytes);
    const request = readGraphqlRequest(text);
    checkGraphqlRequest(await graphqlSchema(), request, limits);
    const forwarded = new Request(INTERNAL_URL, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: text,
    });
    return await runBounded(limits.timeoutMs, (signal) =>
      withDeadline(signal, async () => capErrors(await ponder.fetch(forwarded))),
    );
  });
  return routes;
}

async function introspect(ponder: Hono): Promise<GraphQLSchema> {
  const response = await ponder.fetch(
    new Request(INTERNAL_URL, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: getIntrospectionQuery() }),
    }),
  );
  const result = (await response.json()) as { data?: Parameters<typeof buildClientSchema>[0] };
  if (!result.data) throw new Error("indexer api: Ponder's GraphQL answered no schema");
  return buildClientSchema(result.data);
}

/** The request body as text, refused unread when its declared size is over the bound. */
async function readBody(c: Context, maxBytes: number): Promise<string> {
  const type = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (!JSON_TYPES.has(type)) {
    throw new ApiError(
      "graphql.unsupported_media_type",
      `POST /graphql takes content-type application/json, got ${JSON.stringify(type.slice(0, MAX_ECHO))}`,
      415,
    );
  }
  const tooLarge = () =>
    new ApiError("graphql.too_large", `the body is over ${maxBytes} bytes`, 413);
  if (Number(c.req.header("content-length") ?? 0) > maxBytes) throw tooLarge();
  const reader = c.req.raw.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * Runs `fn` against a deadline. Past it: the signal aborts (queries not yet started fail at once)
 * and the client gets a 504, whatever `fn` is still doing.
 */
async function runBounded(
  timeoutMs: number,
  fn: (signal: AbortSignal) => Promise<Response>,
): Promise<Response> {
  const controller = new AbortController();
  const timedOut = () =>
    new ApiError(
      "graphql.timeout",
      `the query ran longer than ${timeoutMs} ms and was stopped: ask for fewer or smaller lists`,
      504,
    );
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort(timedOut());
      reject(timedOut());
    }, timeoutMs);
  });
  const work = fn(controller.signal);
  work.catch(() => {}); // Its outcome after the deadline is nobody's.
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Ponder answers GraphQL errors with a 200 and their messages, which may quote input at any
 * length and which report a Postgres statement timeout like any other failure: cut the
 * messages, and answer a statement timeout as the request timing out.
 */
async function capErrors(response: Response): Promise<Response> {
  const text = await response.text();
  const headers = { "content-type": response.headers.get("content-type") ?? "application/json" };
  // graphql-js puts `errors` first in a result; a result without it passes untouched.
  if (!text.startsWith('{"errors"'))
    return new Response(text, { status: response.status, headers });
  const result = JSON.parse(text) as { errors: { message?: unknown }[] };
  if (
    result.errors.some((e) => typeof e.message === "string" && /statement timeout/.test(e.message))
  ) {
    throw new ApiError(
      "graphql.timeout",
      "a statement of the query ran past INDEXER_API_STATEMENT_TIMEOUT_MS and was cancelled",
      504,
    );
  }
  for (const error of result.errors) {
    if (typeof error.message === "string" && error.message.length > MAX_ECHO) {
      error.message = `${error.message.slice(0, MAX_ECHO)}... (${error.message.length} characters)`;
    }
  }
  return new Response(JSON.stringify(result), { status: response.status, headers });
}
