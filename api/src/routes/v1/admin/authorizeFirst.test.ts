// Authorize first: on every admin- or reviewer-only route, a caller without the role hears 401/403
// before anything about the request itself is looked at (its JSON, its body, path or query schema),
// so the route's schema is no oracle for outsiders. Only a caller with the role hears the 400.
import assert from "node:assert/strict";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, test } from "vitest";
import { describeBackends } from "../../../testing/backends.ts";
import { signIn } from "../../../testing/signIn.ts";
import { buildTestApp, type TestApp } from "../../../testing/testApp.ts";

type Operation = { method: string; path: string; validates: boolean };

/** Routes only admins or reviewers may call, by URL prefix (the audit log is admin-only too). */
const guarded = [
  "/v1/admin/",
  "/v1/reviews",
  "/v1/audit/",
  "/v1/compliance/records",
  "/v1/compliance/reports",
];

const admin = privateKeyToAccount(generatePrivateKey());
const user = privateKeyToAccount(generatePrivateKey());

function guardedOperations(app: TestApp): Operation[] {
  const spec = app.swagger() as {
    paths: Record<string, Record<string, { parameters?: unknown[]; requestBody?: unknown }>>;
  };
  return Object.entries(spec.paths)
    .filter(([path]) => guarded.some((prefix) => path.startsWith(prefix)))
    .flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({
        method: method.toUpperCase(),
        path,
        validates: (operation.parameters?.length ?? 0) > 0 || operation.requestBody !== undefined,
      })),
    );
}

/** The operation called with everything malformed: path parameters, query and body. */
function malformed(operation: Operation, body: string) {
  return {
    method: operation.method as "GET",
    url: `${operation.path.replace(/\{[^}]+\}/g, "not-valid")}?limit=lots&bogus=1`,
    headers: { "content-type": "application/json" },
    ...(operation.method === "GET" ? {} : { payload: body }),
  };
}

const bodies = ['{"bogus":[1,2,3],"reason":42}', "{not json"];

describeBackends("authorize before validating", (backend) => {
  let app: TestApp;
  let headers: Record<"admin" | "user", Record<string, string>>;
  let operations: Operation[];
  beforeAll(async () => {
    app = await buildTestApp({
      backend,
      env: { API_ADMINS: admin.address, API_RATE_LIMIT_ACCOUNT: "100000" },
      // A route that puts its role guard where Fastify runs it after validation.
      extend: (instance) => {
        instance.post(
          "/test/guarded",
          {
            preHandler: instance.requireRole("admin"),
            schema: {
              body: {
                type: "object",
                required: ["n"],
                properties: { n: { type: "integer" } },
                additionalProperties: false,
              },
            },
          },
          async () => ({ ok: true }),
        );
      },
    });
    headers = {
      admin: (await signIn(app, admin)).headers,
      user: (await signIn(app, user)).headers,
    };
    operations = guardedOperations(app);
  });
  afterAll(() => app.close());

  test("the guarded routes are the ones expected", () => {
    const names = operations.map((operation) => `${operation.method} ${operation.path}`);
    for (const expected of [
      "PUT /v1/admin/accounts/{address}/role",
      "PUT /v1/admin/accounts/{address}/kyc",
      "POST /v1/admin/api-keys",
      "DELETE /v1/admin/api-keys/{id}",
      "POST /v1/admin/denylist",
      "GET /v1/reviews",
      "POST /v1/reviews/{id}/approve",
      "GET /v1/audit/export",
      "GET /v1/compliance/records",
    ]) {
      assert.ok(names.includes(expected), `${expected} in ${names.join(", ")}`);
    }
  });

  test("a plain user's malformed request to each → 403 auth.forbidden, never 400", async () => {
    for (const operation of operations) {
      for (const body of bodies) {
        const response = await app.inject({
          ...malformed(operation, body),
          headers: { ...malformed(operation, body).headers, ...headers.user },
        });
        assert.equal(
          response.statusCode,
          403,
          `${operation.method} ${operation.path} with ${body}: ${response.body}`,
        );
        assert.equal(response.json().error.code, "auth.forbidden");
        assert.equal(response.json().error.details, undefined, "nothing about the schema");
      }
    }
  });

  test("an anonymous malformed request to each → 401 auth.required", async () => {
    for (const operation of operations) {
      const response = await app.inject(malformed(operation, bodies[0]!));
      assert.equal(response.statusCode, 401, `${operation.method} ${operation.path}`);
      assert.equal(response.json().error.code, "auth.required");
    }
  });

  test("a role guard placed in preHandler still runs first (hoisted to preParsing)", async () => {
    const call = (who: "admin" | "user", payload: string) =>
      app.inject({
        method: "POST",
        url: "/test/guarded",
        headers: { "content-type": "application/json", ...headers[who] },
        payload,
      });
    for (const payload of bodies) {
      assert.equal((await call("user", payload)).json().error.code, "auth.forbidden");
      assert.equal((await call("admin", payload)).statusCode, 400);
    }
    assert.deepEqual((await call("admin", '{"n":1}')).json(), { ok: true });
  });

  test("an admin's malformed request → 400, naming what is wrong", async () => {
    let checked = 0;
    for (const operation of operations.filter((candidate) => candidate.validates)) {
      for (const body of bodies) {
        if (operation.method === "GET" && body !== bodies[0]) continue;
        const request = malformed(operation, body);
        const response = await app.inject({
          ...request,
          headers: { ...request.headers, ...headers.admin },
        });
        assert.equal(
          response.statusCode,
          400,
          `${operation.method} ${operation.path} with ${body}: ${response.body}`,
        );
        assert.match(response.json().error.code, /^request\.(invalid|invalid_json)$/);
        checked++;
      }
    }
    assert.ok(checked >= 15, `${checked} admin requests checked`);
  });
});
