import assert from "node:assert/strict";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, test } from "vitest";
import { describeBackends } from "../../../testing/backends.ts";
import { type SignedIn, signIn } from "../../../testing/signIn.ts";
import { buildTestApp, type TestApp } from "../../../testing/testApp.ts";

const admin = privateKeyToAccount(generatePrivateKey());
const envKey = "e".repeat(48);

describeBackends("/v1/admin/api-keys", (backend) => {
  let app: TestApp;
  let boss: SignedIn;
  beforeAll(async () => {
    app = await buildTestApp({
      backend,
      env: { API_ADMINS: admin.address, API_SERVICE_KEYS: `bootstrap=${envKey}` },
    });
    boss = await signIn(app, admin);
  });
  afterAll(() => app.close());

  const create = (payload: unknown, headers: Record<string, string> = boss.headers) =>
    app.inject({ method: "POST", url: "/v1/admin/api-keys", headers, payload: payload as object });

  test("create → the key once; it authenticates with its roles; list never shows it", async () => {
    const created = await create({ name: "keeper", roles: ["service"] });
    assert.equal(created.statusCode, 201);
    const { id, key, roles, name } = created.json();
    assert.match(key, /^fxk_/);
    assert.equal(name, "keeper");
    assert.deepEqual(roles, ["service"]);

    const listed = await app.inject({ url: "/v1/admin/api-keys", headers: boss.headers });
    const entry = listed.json().apiKeys.find((k: { id: string }) => k.id === id);
    assert.equal(entry.revokedAt, null);
    assert.equal(entry.createdBy, admin.address);
    assert.ok(!JSON.stringify(listed.json()).includes(key));

    // A service key is not an admin.
    const asService = await app.inject({
      url: "/v1/admin/api-keys",
      headers: { "x-api-key": key },
    });
    assert.equal(asService.statusCode, 403);
    assert.equal(asService.json().error.code, "auth.forbidden");
  });

  test("roles default to service; an admin key can administer", async () => {
    const plain = (await create({ name: "default" })).json();
    assert.deepEqual(plain.roles, ["service"]);
    const adminKey = (await create({ name: "ops", roles: ["admin"] })).json();
    const listed = await app.inject({
      url: "/v1/admin/api-keys",
      headers: { "x-api-key": adminKey.key },
    });
    assert.equal(listed.statusCode, 200);
  });

  test("revoked keys → 401 auth.api_key_invalid; revoking is audited and idempotent", async () => {
    const { id, key } = (await create({ name: "temp", roles: ["admin"] })).json();
    const revoke = () =>
      app.inject({ method: "DELETE", url: `/v1/admin/api-keys/${id}`, headers: boss.headers });
    assert.equal((await revoke()).statusCode, 204);
    assert.equal((await revoke()).statusCode, 204);
    const used = await app.inject({ url: "/v1/admin/api-keys", headers: { "x-api-key": key } });
    assert.equal(used.statusCode, 401);
    assert.equal(used.json().error.code, "auth.api_key_invalid");
    const audit = (await app.audit.page(0, 10_000)).filter((entry) => entry.subject === id);
    assert.deepEqual(
      audit.map((entry) => entry.kind),
      ["admin.api_key_created", "admin.api_key_revoked"],
    );
  });

  test("unknown key id → 404 api_keys.not_found; malformed → 400", async () => {
    const missing = await app.inject({
      method: "DELETE",
      url: "/v1/admin/api-keys/00000000-0000-4000-8000-000000000000",
      headers: boss.headers,
    });
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().error.code, "api_keys.not_found");
    const malformed = await app.inject({
      method: "DELETE",
      url: "/v1/admin/api-keys/xyz",
      headers: boss.headers,
    });
    assert.equal(malformed.statusCode, 400);
  });

  test("bad bodies → 400 request.invalid", async () => {
    for (const payload of [
      {},
      { name: "" },
      { name: "x", roles: ["root"] },
      { name: "x", extra: 1 },
    ]) {
      const response = await create(payload);
      assert.equal(response.statusCode, 400, JSON.stringify(payload));
      assert.equal(response.json().error.code, "request.invalid");
    }
  });

  test("the env bootstrap key authenticates (role service)", async () => {
    const response = await app.inject({
      url: "/v1/admin/api-keys",
      headers: { "x-api-key": envKey },
    });
    assert.equal(response.statusCode, 403);
    assert.equal(response.json().error.code, "auth.forbidden");
  });

  test("non-admins → 403 auth.forbidden; anonymous → 401 auth.required", async () => {
    const user = await signIn(app, privateKeyToAccount(generatePrivateKey()));
    const denied = await create({ name: "sneaky" }, user.headers);
    assert.equal(denied.statusCode, 403);
    assert.equal(denied.json().error.code, "auth.forbidden");
    const anonymous = await create({ name: "sneaky" }, {});
    assert.equal(anonymous.statusCode, 401);
    assert.equal(anonymous.json().error.code, "auth.required");
  });
});
