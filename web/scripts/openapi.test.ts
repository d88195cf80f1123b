// @vitest-environment node
// The web app's API types are generated from the API's OpenAPI document: a route or schema changed in
// api/ without `npm run openapi -w @fluxion/web` fails here, not in a user's browser.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "vitest";
import { generateApiTypes, schemaPath } from "./openapi.ts";

describe("web/src/api/schema.ts", () => {
  it("matches the API's OpenAPI document (else: npm run openapi -w @fluxion/web)", async () => {
    assert.equal(readFileSync(schemaPath, "utf8"), await generateApiTypes());
  });
});
