// Property-based: every route in the OpenAPI document, called anonymously, as a user, as an admin
// and as a service, with random and malformed bodies, path parameters and query strings, never
// answers 5xx, and every 4xx carries a stable error code.
import assert from "node:assert/strict";
import fc from "fast-check";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, test } from "vitest";
import { describeBackends } from "../testing/backends.ts";
import { signIn } from "../testing/signIn.ts";
import { buildTestApp, type TestApp } from "../testing/testApp.ts";

type Operation = { method: string; path: string };

const serviceKey = "fuzz-service-key-0123456789abcdefghijklmnop";
const admin = privateKeyToAccount(generatePrivateKey());
const user = privateKeyToAccount(generatePrivateKey());

const hostile = fc.oneof(
  fc.string(),
  fc.constantFrom(
    "",
    "0x",
    "0x00",
    "../../etc/passwd",
    "%00",
    "null",
    "-1",
    "1e309",
    "🦊",
    " ".repeat(300),
  ),
  fc
    .string({ unit: fc.constantFrom(..."0123456789abcdefABCDEF"), minLength: 40, maxLength: 40 })
    .map((hex) => `0x${hex}`),
  fc.uuid(),
  fc.integer().map(String),
);

const body = fc.oneof(
  fc.jsonValue(),
  fc.dictionary(
    fc.constantFrom(
      "action",
      "amountUsd",
      "account",
      "features",
      "items",
      "message",
      "signature",
      "reason",
      "tier",
      "role",
      "name",
      "address",
      "sessionId",
      "addresses",
      "signals",
      "paymentHash",
      "synth",
      "sats",
      "invoice",
      "preimage",
      "events",
    ),
    fc.oneof(fc.jsonValue(), hostile, fc.array(fc.jsonValue(), { maxLength: 5 })),
  ),
);

const rawBody = fc.oneof(
  body.map((value) => ({ payload: JSON.stringify(value), type: "application/json" })),
  fc.string().map((value) => ({ payload: value, type: "application/json" })),
  fc.string().map((value) => ({ payload: value, type: "text/plain" })),
  fc.constant({ payload: "{", type: "application/json" }),
  fc.constant({ payload: "", type: "application/json" }),
  // Prototype poisoning, plain and escaped (400 request.forbidden_key once the caller may call).
  fc
    .constantFrom(
      '{"__proto__":{"admin":true}}',
      '{"constructor":{"prototype":{"admin":true}}}',
      '{"items":[{"\\u005f_proto__":{}}]}',
    )
    .map((payload) => ({ payload, type: "application/json" })),
);

function operations(app: TestApp): Operation[] {
  const spec = app.swagger() as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(spec.paths).flatMap(([path, methods]) =>
    Object.keys(methods)
      .filter((method) => ["get", "post", "put", "delete", "patch"].includes(method))
      .map((method) => ({ method: method.toUpperCase(), path })),
  );
}

describeBackends("every route under random input", (backend) => {
  let app: TestApp;
  let headers: Record<string, Record<string, string>>;
  beforeAll(async () => {
    app = await buildTestApp({
      backend,
      env: {
        API_ADMINS: admin.address,
        API_SERVICE_KEYS: `fuzz=${serviceKey}`,
        API_RATE_LIMIT_IP: "1000000",
        API_RATE_LIMIT_ACCOUNT: "1000000",
      },
    });
    headers = {
      anonymous: {},
      user: (await signIn(app, user)).headers,
      admin: (await signIn(app, admin)).headers,
      service: { "x-api-key": serviceKey },
    };
  });
  afterAll(() => app.close());

  test("the OpenAPI document lists the API's routes", () => {
    const paths = operations(app).map((operation) => operation.path.replace(/\/$/, ""));
    for (const expected of [
      "/v1/auth/nonce",
      "/v1/risk/score",
      "/v1/compliance/check",
      "/v1/reviews",
      "/v1/lightning/mints",
      "/v1/lightning/swaps",
      "/v1/ccip/chains",
      "/v1/ccip/quote",
      "/v1/ccip/messages",
      "/v1/ccip/messages/{id}/execute",
      "/v1/webhooks/{source}",
    ]) {
      assert.ok(paths.includes(expected), `${expected} is documented`);
    }
  });

  test("no route answers 5xx, every error has a code", { timeout: 600_000 }, async () => {
    const runs = backend === "pglite" ? 25 : 12;
    for (const operation of operations(app)) {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom("anonymous", "user", "admin", "service"),
          rawBody,
          fc.array(hostile, { minLength: 3, maxLength: 3 }),
          fc.dictionary(
            fc.constantFrom("status", "limit", "cursor", "account", "afterSeq", "token"),
            hostile,
          ),
          async (who, { payload, type }, params, query) => {
            let index = 0;
            const url = operation.path.replace(/\{[^}]+\}/g, () =>
              encodeURIComponent(params[index++ % 3]!),
            );
            const response = await app.inject({
              method: operation.method as "GET",
              url,
              query,
              headers: {
                ...headers[who],
                ...(operation.method === "GET" ? {} : { "content-type": type }),
              },
              ...(operation.method === "GET" ? {} : { payload }),
            });
            // The one 5xx allowed: the Lightning, keeper and CCIP routes of an API with no keeper
            // or indexer configured say so.
            const unconfigured =
              response.statusCode === 503 &&
              [
                "lightning.unavailable",
                "keepers.not_configured",
                "ccip.indexer_not_configured",
                "ccip.relay_not_configured",
              ].includes(response.json().error?.code);
            assert.ok(
              response.statusCode < 500 || unconfigured,
              `${operation.method} ${url} as ${who} answered ${response.statusCode}: ${response.body.slice(0, 300)}`,
            );
            if (response.statusCode >= 400) {
              const error = response.json().error;
              assert.match(
                error?.code ?? "",
                /^[a-z_]+(\.[a-z_0-9]+)*$/,
                `${operation.method} ${url}: ${response.body}`,
              );
            }
          },
        ),
        { numRuns: runs },
      );
    }
    assert.equal(({} as Record<string, unknown>).admin, undefined, "Object.prototype untouched");
  });
});
