import assert from "node:assert/strict";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, test } from "vitest";
import { describeBackends } from "../../../testing/backends.ts";
import { type SignedIn, signIn } from "../../../testing/signIn.ts";
import { buildTestApp, type TestApp } from "../../../testing/testApp.ts";

const admin = privateKeyToAccount(generatePrivateKey());

describeBackends("PUT /v1/admin/accounts/:address/role", (backend) => {
  let app: TestApp;
  let boss: SignedIn;
  beforeAll(async () => {
    app = await buildTestApp({ backend, env: { API_ADMINS: admin.address } });
    boss = await signIn(app, admin);
  });
  afterAll(() => app.close());

  const setRole = (address: string, role: unknown, headers = boss.headers) =>
    app.inject({
      method: "PUT",
      url: `/v1/admin/accounts/${address}/role`,
      headers,
      payload: { role } as object,
    });

  /** An admin-only route: tells whether the session holds admin. */
  const adminRoute = (headers: Record<string, string>) =>
    app.inject({ url: "/v1/admin/api-keys", headers });

  test("granting reviewer takes effect on the account's next request, and is audited", async () => {
    const account = privateKeyToAccount(generatePrivateKey());
    const session = await signIn(app, account);
    const response = await setRole(account.address.toLowerCase(), "reviewer");
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), {
      address: account.address,
      role: "reviewer",
      previousRole: "user",
      effectiveRoles: ["reviewer", "user"],
    });
    // Still not an admin: an admin route answers 403.
    assert.equal((await adminRoute(session.headers)).statusCode, 403);
    const [entry] = (await app.audit.page(0, 10_000)).filter(
      (row) => row.kind === "admin.role_changed" && row.subject === account.address,
    );
    assert.deepEqual(entry?.data, { from: "user", to: "reviewer" });
  });

  test("granting admin lets an existing session administer at once", async () => {
    const account = privateKeyToAccount(generatePrivateKey());
    const session = await signIn(app, account);
    assert.equal((await setRole(account.address, "admin")).statusCode, 200);
    assert.equal((await adminRoute(session.headers)).statusCode, 200);
  });

  test("an account that never signed in can be given a role ahead of time", async () => {
    const account = privateKeyToAccount(generatePrivateKey());
    const response = await setRole(account.address, "reviewer");
    assert.equal(response.json().previousRole, null);
  });

  test("bad address or role → 400; non-admin → 403 auth.forbidden", async () => {
    assert.equal((await setRole("0x1234", "reviewer")).statusCode, 400);
    assert.equal((await setRole(admin.address, "root")).statusCode, 400);
    const user = await signIn(app, privateKeyToAccount(generatePrivateKey()));
    const denied = await setRole(admin.address, "user", user.headers);
    assert.equal(denied.statusCode, 403);
    assert.equal(denied.json().error.code, "auth.forbidden");
  });
});
