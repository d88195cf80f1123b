import assert from "node:assert/strict";
import { afterAll, beforeAll, describe, test } from "vitest";
import { buildTestApp, type TestApp } from "../testing/testApp.ts";

describe("JSON bodies with prototype keys", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(() => app.close());

  const post = (payload: string, url = "/v1/auth/verify") =>
    app.inject({ method: "POST", url, headers: { "content-type": "application/json" }, payload });

  test("__proto__ or constructor.prototype → 400 request.forbidden_key saying so", async () => {
    for (const payload of [
      '{"message":"m","signature":"0x00","__proto__":{"admin":true}}',
      '{"message":"m","signature":"0x00","constructor":{"prototype":{"admin":true}}}',
      '{"signals":{"__proto__":{"vpn":1}}}',
      '[{"a":1},{"__proto__":null}]',
      // The same key spelled with JSON escapes.
      '{"\\u005f_proto__":{}}',
      '{"\\u005F\\u005Fproto\\u005F\\u005F":{}}',
    ]) {
      const response = await post(payload);
      assert.equal(response.statusCode, 400, payload);
      const { error } = response.json();
      assert.equal(error.code, "request.forbidden_key", payload);
      assert.match(error.message, /__proto__ and constructor\.prototype are not accepted/);
    }
    assert.equal(({} as Record<string, unknown>).admin, undefined, "nothing polluted");
  });

  test("on a role-guarded route too, once the caller may call it", async () => {
    const anonymous = await post('{"__proto__":{}}', "/v1/admin/denylist");
    assert.equal(anonymous.json().error.code, "auth.required");
  });

  test("other JSON keeps its codes: bad syntax and an empty body are request.invalid_json", async () => {
    for (const payload of ["{", '{"a":1', ""]) {
      const response = await post(payload);
      assert.equal(response.statusCode, 400);
      assert.equal(response.json().error.code, "request.invalid_json", JSON.stringify(payload));
    }
  });

  test("a key named constructor (without prototype) or proto is just data", async () => {
    const response = await post('{"message":"m","signature":"0x00","constructor":1,"proto":2}');
    assert.equal(
      response.json().error.code,
      "request.invalid",
      "refused by the schema, not the parser",
    );
  });
});
