import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { buildSchema, getIntrospectionQuery } from "graphql";
import { describe, it } from "vitest";
import { type GraphqlLimits, readApiLimits } from "../config/env.ts";
import { ApiError } from "./apiError.ts";
import { checkGraphqlRequest, type GraphqlRequest, readGraphqlRequest } from "./graphqlLimits.ts";

// The shape Ponder 0.17 generates: a singular lookup and a page per table, pages of
// { items, pageInfo, totalCount }, one-relations as objects and many-relations as pages; a view
// has a page only, without cursors.
const listArgs =
  "where: Filter, orderBy: String, orderDirection: String, before: String, after: String, limit: Int, offset: Int";
const viewArgs = "where: Filter, orderBy: String, orderDirection: String, limit: Int, offset: Int";
const schema = buildSchema(`
  scalar BigInt
  scalar JSON
  input Filter { AND: [Filter] OR: [Filter] poolId: String kind: String account: String owner: String state: String flagged: Boolean }
  type PageInfo { hasNextPage: Boolean! hasPreviousPage: Boolean! startCursor: String endCursor: String }
  type Meta { status: JSON }
  type Query {
    pool(chainId: Int!, poolId: String!): pool
    pools(${listArgs}): poolPage!
    swap(id: String!): swap
    swaps(${listArgs}): swapPage!
    item(chainId: Int!, itemId: BigInt!): item
    items(${listArgs}): itemPage!
    balances(${listArgs}): balancePage!
    positions(${listArgs}): positionPage!
    positionValues(${viewArgs}): positionValuePage!
    candles(${listArgs}): candlePage!
    candleHours(${viewArgs}): candleHourPage!
    proposals(${listArgs}): proposalPage!
    _meta: Meta
  }
  type pool { chainId: Int! poolId: String! kind: String! tvlUsd: BigInt! swapCount: Int! balances: [BigInt!]! swaps(${listArgs}): swapPage }
  type poolPage { items: [pool!]! pageInfo: PageInfo! totalCount: Int! }
  type swap { id: String! poolId: String! sender: String! tokenIn: String! tokenOut: String! amountIn: BigInt! amountOut: BigInt! timestamp: BigInt! transactionHash: String! pool: pool }
  type swapPage { items: [swap!]! pageInfo: PageInfo! totalCount: Int! }
  type item { itemId: BigInt! status: String! flagged: Boolean! custodian: String! uri: String!
    custodyEvents(${listArgs}): custodyEventPage checkpoints(${listArgs}): checkpointPage flags(${listArgs}): itemFlagPage }
  type custodyEvent { kind: String! from: String to: String statusTo: String timestamp: BigInt! }
  type custodyEventPage { items: [custodyEvent!]! pageInfo: PageInfo! totalCount: Int! }
  type checkpoint { sequence: BigInt! attestor: String! readings: JSON! outOfRange: Int! }
  type checkpointPage { items: [checkpoint!]! pageInfo: PageInfo! totalCount: Int! }
  type itemFlag { sensor: String! value: String! clearedBy: String }
  type itemFlagPage { items: [itemFlag!]! pageInfo: PageInfo! totalCount: Int! }
  type ViewPageInfo { hasNextPage: Boolean! hasPreviousPage: Boolean! }
  type position { collateral: String! synth: String! collateralAmount: BigInt! debt: BigInt! updatedBlock: BigInt! }
  type positionPage { items: [position!]! pageInfo: PageInfo! totalCount: Int! }
  type positionValue { collateral: String! synth: String! collateralAmount: BigInt! debt: BigInt! collateralValueUsd: BigInt debtValueUsd: BigInt collateralRatio: BigInt health: String! liquidatable: Boolean! }
  type positionValuePage { items: [positionValue!]! pageInfo: ViewPageInfo! totalCount: Int! }
  type candle { base: String! quote: String! bucketStart: BigInt! open: BigInt! high: BigInt! low: BigInt! close: BigInt! volumeBase: BigInt! trades: Int! }
  type candlePage { items: [candle!]! pageInfo: PageInfo! totalCount: Int! }
  type candleHour { base: String! quote: String! bucketStart: BigInt! open: BigInt! high: BigInt! low: BigInt! close: BigInt! volumeBase: BigInt! trades: Int! }
  type candleHourPage { items: [candleHour!]! pageInfo: ViewPageInfo! totalCount: Int! }
  type vote { voter: String! support: Int! weight: BigInt! reason: String! }
  type votePage { items: [vote!]! pageInfo: PageInfo! totalCount: Int! }
  type proposal { proposalId: BigInt! description: String! state: String! forVotes: BigInt! againstVotes: BigInt! abstainVotes: BigInt! quorum: BigInt voteEnd: BigInt! votes(${listArgs}): votePage }
  type proposalPage { items: [proposal!]! pageInfo: PageInfo! totalCount: Int! }
  type itemPage { items: [item!]! pageInfo: PageInfo! totalCount: Int! }
  type token { symbol: String kind: String decimals: Int! }
  type balance { token: String! account: String! amount: BigInt! tokenInfo: token }
  type balancePage { items: [balance!]! pageInfo: PageInfo! totalCount: Int! }
`);

const limits: GraphqlLimits = readApiLimits({}).graphql;

function check(query: string, variables: Record<string, unknown> = {}, custom = limits) {
  const request: GraphqlRequest = { query, variables, operationName: undefined };
  return checkGraphqlRequest(schema, request, custom);
}

function refusal(query: string, variables: Record<string, unknown> = {}, custom = limits) {
  try {
    check(query, variables, custom);
  } catch (error) {
    assert.ok(error instanceof ApiError, String(error));
    assert.equal(error.status, 400);
    return { code: error.code, message: error.message };
  }
  return { code: "allowed", message: "" };
}

/** The brief's 218-byte query: swaps -> pool -> swaps -> pool -> swaps. */
const HOSTILE_QUERY =
  "{ swaps(limit: 1000) { items { id amountIn poolId pool { poolId swaps(limit: 1000) { items { id amountIn " +
  "pool { poolId swaps(limit: 1000) { items { id amountIn transactionHash pool { poolId balances } } } } } } } } } }";

describe("graphqlLimits", () => {
  it("serves the queries the indexer's tests, dev check and README use", () => {
    const poolId = `0x${"ab".repeat(32)}`;
    const queries = [
      `{ pool(chainId: 31337, poolId: "${poolId}") { swapCount } }`,
      `{ pool(chainId: 31337, poolId: "${poolId}") { balances } }`,
      `{ swaps(where: { poolId: "${poolId}" }) { items { amountIn transactionHash } } }`,
      '{ pools { items { poolId balances } } items(orderBy: "itemId") { items { itemId flagged status } } }',
      "{ balances(limit: 1000) { totalCount items { token account amount } } }",
      "query ($after: String) { swaps(limit: 1000, after: $after) { items { id } pageInfo { hasNextPage endCursor } } }",
      "{ balances(limit: 100) { items { amount tokenInfo { symbol decimals } } } }",
      '{ pools(limit: 10) { items { poolId swaps(limit: 100, orderBy: "id") { items { amountIn } } } } }',
      "{ swaps(limit: 0) { totalCount } _meta { status } }",
      `{ positionValues(where: { owner: "0x${"11".repeat(20)}" }, limit: 100) { items { collateralRatio health } pageInfo { hasNextPage } } }`,
      `{ candleHours(where: { poolId: "${poolId}" }, orderBy: "bucketStart", offset: 24, limit: 24) { items { open close trades } } }`,
      `{ __schema { queryType { fields { name type { kind name ofType { kind name ofType { kind name } } } } } } }`,
      getIntrospectionQuery(),
      getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }),
    ];
    for (const query of queries) {
      assert.equal(check(query).verdict, "allowed", query.slice(0, 120));
    }
  });

  it("serves every example query of docs/indexer.md", () => {
    const doc = readFileSync(new URL("../../../docs/indexer.md", import.meta.url), "utf8");
    const examples = [...doc.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]!);
    assert.ok(examples.length >= 5, `${examples.length} example queries`);
    for (const query of examples) {
      assert.equal(check(query).verdict, "allowed", query.slice(0, 120));
    }
  });

  it("refuses the 218-byte swaps -> pool -> swaps -> pool -> swaps query as too deep", () => {
    assert.equal(Buffer.byteLength(HOSTILE_QUERY), 218);
    const { code, message } = refusal(HOSTILE_QUERY);
    assert.equal(code, "graphql.too_deep");
    assert.match(message, /nests fields 10 deep, at most 8/);
  });

  it("refuses a shallow query whose nested lists multiply past the cost bound", () => {
    // 1000 pools x 1000 swaps each: 1,001,000 rows in 4 levels.
    const { code, message } = refusal(
      "{ pools(limit: 1000) { items { swaps(limit: 1000) { items { id } } } } }",
    );
    assert.equal(code, "graphql.too_costly");
    assert.match(message, /may read 1001000 rows .*, at most 10000 /);
    // Default page sizes multiply too: 50 + 50 x (1 + 50 + 50 x (1 + 50)).
    const deep =
      "{ swaps { items { pool { swaps { items { pool { swaps { items { id } } } } } } } } }";
    assert.equal(refusal(deep, {}, { ...limits, maxDepth: 20 }).message.includes("130100"), true);
    // Lists selected only for __typename still run their statements.
    assert.equal(
      refusal("{ pools(limit: 1000) { items { swaps(limit: 20) { __typename } } } }").code,
      "graphql.too_costly",
    );
    // So do offsets: Postgres reads and drops the skipped rows.
    assert.equal(
      refusal("{ swaps(limit: 10, offset: 100000) { items { id } } }").code,
      "graphql.too_costly",
    );
    // Through fragments and variables as well.
    assert.equal(
      refusal(
        "query ($n: Int = 1000) { pools(limit: $n) { items { ...P } } } fragment P on pool { swaps(limit: $n) { items { id } } }",
      ).code,
      "graphql.too_costly",
    );
  });

  it("refuses more aliases than the bound", () => {
    const fields = Array.from({ length: 31 }, (_, i) => `a${i}: swapCount`).join(" ");
    const { code } = refusal(`{ pool(chainId: 1, poolId: "x") { ${fields} } }`);
    assert.equal(code, "graphql.too_many_aliases");
    assert.equal(
      check(`{ pool(chainId: 1, poolId: "x") { ${fields.split(" a30:")[0]} } }`).verdict,
      "allowed",
    );
  });

  it("refuses negative limits and limits above the page size, literal or variable", () => {
    for (const [query, variables] of [
      ["{ swaps(limit: -1) { items { id } } }", {}],
      ["{ swaps(limit: 1001) { items { id } } }", {}],
      ["query ($n: Int) { swaps(limit: $n) { items { id } } }", { n: -1 }],
      ["query ($n: Int = -5) { swaps(limit: $n) { items { id } } }", {}],
      ["{ pools { items { swaps(limit: -1) { items { id } } } } }", {}],
    ] as const) {
      const { code, message } = refusal(query, variables);
      assert.equal(code, "graphql.limit_invalid", query);
      assert.match(message, /limit must be an integer in \[0, 1000\]/);
    }
    assert.equal(
      refusal("{ swaps(limit: 200) { items { id } } }", {}, { ...limits, maxLimit: 100 }).code,
      "graphql.limit_invalid",
    );
    assert.equal(refusal("{ swaps(offset: -1) { items { id } } }").code, "graphql.offset_invalid");
  });

  it("refuses queries of more tokens than the bound", () => {
    const fields = Array.from({ length: 1_100 }, () => "swapCount").join(" ");
    assert.equal(
      refusal(`{ pool(chainId: 1, poolId: "x") { ${fields} } }`).code,
      "graphql.too_many_tokens",
    );
  });

  it("refuses introspection that nests lists of lists of lists", () => {
    const { code, message } = refusal(
      "{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }",
    );
    assert.equal(code, "graphql.too_deep");
    assert.match(message, /introspection/);
    assert.equal(
      refusal(
        '{ __type(name: "Query") { ...F } } fragment F on __Type { fields { type { inputFields { type { interfaces { name } } } } } }',
      ).code,
      "graphql.too_deep",
    );
  });

  it("walks doubly spread fragments in linear time", () => {
    const levels = 40;
    const fragments = [`fragment F0 on pool { poolId }`];
    for (let i = 1; i <= levels; i++)
      fragments.push(`fragment F${i} on pool { ...F${i - 1} ...F${i - 1} }`);
    const started = performance.now();
    const result = check(
      `{ pool(chainId: 1, poolId: "x") { ...F${levels} } } ${fragments.join(" ")}`,
      {},
      {
        ...limits,
        maxTokens: 100_000,
      },
    );
    assert.equal(result.verdict, "allowed");
    assert.ok(performance.now() - started < 1_000);
  });

  it("leaves what GraphQL refuses on its own to GraphQL (nothing runs)", () => {
    assert.equal(check("{ swaps { items { id }").verdict, "forward");
    assert.equal(check("{ nope }").verdict, "forward");
    assert.equal(check('{ swaps(limit: "x") { items { id } } }').verdict, "forward");
  });

  it("reads only a JSON object with a query string", () => {
    const bad = [
      "",
      "[]",
      '[{"query":"{ a }"}]',
      "{}",
      '{"query":1}',
      '{"query":"{a}","variables":[]}',
      "nope",
    ];
    for (const text of bad) {
      assert.throws(
        () => readGraphqlRequest(text),
        (e) => e instanceof ApiError && e.code === "graphql.invalid_request",
        text,
      );
    }
    assert.deepEqual(readGraphqlRequest('{"query":"{ a }","variables":null}'), {
      query: "{ a }",
      variables: {},
      operationName: undefined,
    });
  });
});
