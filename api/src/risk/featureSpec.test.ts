import assert from "node:assert/strict";
import { test } from "vitest";
import { parseFeatureFile } from "./featureSpec.ts";

const feature = (overrides: Record<string, unknown> = {}) => ({
  name: "vpn",
  index: 0,
  type: "boolean",
  min: 0,
  max: 1,
  baseline: 0,
  description: "VPN",
  ...overrides,
});
const file = (features: unknown[], version: unknown = "v1") =>
  JSON.stringify({ version, features });

test("a well-formed features.json parses in index order", () => {
  const parsed = parseFeatureFile(
    file([feature(), feature({ name: "hops", index: 1, type: "integer", max: 16 })]),
    "f.json",
  );
  assert.equal(parsed.version, "v1");
  assert.deepEqual(
    parsed.features.map((entry) => [entry.name, entry.type, entry.max]),
    [
      ["vpn", "boolean", 1],
      ["hops", "integer", 16],
    ],
  );
});

test("malformed feature descriptions are refused with the reason", () => {
  const cases: [string, RegExp][] = [
    ["{", /not JSON/],
    [file([feature()], ""), /no version/],
    [file([]), /no features/],
    [file([feature({ index: 1 })]), /index 1 at position 0/],
    [file([feature(), feature({ index: 1 })]), /duplicate feature "vpn"/],
    [file([feature({ type: "float" })]), /bad type/],
    [file([feature({ type: "number", min: 5, max: 1, baseline: 3 })]), /min > max/],
    [file([feature({ type: "number", max: 10, baseline: 11 })]), /baseline outside/],
    [file([feature({ max: 2 })]), /boolean feature ranges over 0\.\.1/],
    [file([feature({ min: "0" })]), /bad min/],
    [file([feature({ name: "bad name" })]), /bad name/],
  ];
  for (const [text, message] of cases) {
    assert.throws(() => parseFeatureFile(text, "f.json"), message, text);
  }
});
