import assert from "node:assert/strict";
import { test } from "vitest";
import { loadConfig } from "../config.ts";
import { loadFeatureFile } from "./featureSpec.ts";
import { sampleFeatures } from "./sampleFeatures.ts";

const { featuresPath } = loadConfig({});

test("sample rows are reproducible, in range, typed and varied", async () => {
  const { features } = await loadFeatureFile(featuresPath);
  const rows = sampleFeatures(features, 500, { seed: 7 });
  assert.deepEqual(rows, sampleFeatures(features, 500, { seed: 7 }));
  assert.notDeepEqual(rows, sampleFeatures(features, 500, { seed: 8 }));
  for (const row of rows) {
    assert.deepEqual(
      Object.keys(row),
      features.map((feature) => feature.name),
    );
    for (const feature of features) {
      const value = row[feature.name] as number;
      assert.ok(value >= feature.min && value <= feature.max, `${feature.name}=${value}`);
      if (feature.type !== "number") assert.ok(Number.isInteger(value));
    }
  }
  assert.ok(new Set(rows.map((row) => JSON.stringify(row))).size > 450);
});
