import assert from "node:assert/strict";
import { test } from "vitest";
import { loadConfig } from "../config.ts";
import { sessionHolders } from "../risk/model.ts";
import { buildTestApp } from "../testing/testApp.ts";

const { modelPath } = loadConfig({});

test("apps share one model session, released when the last app closes", async () => {
  const first = await buildTestApp();
  const second = await buildTestApp();
  try {
    assert.equal(sessionHolders(modelPath), 2);
    assert.match(first.risk.version, /^risk-/);
    const ready = await first.inject({ method: "GET", url: "/ready" });
    assert.equal(ready.json().checks.model, "ok");
  } finally {
    await first.close();
    assert.equal(sessionHolders(modelPath), 1);
    await second.close();
  }
  assert.equal(sessionHolders(modelPath), 0);
});

test("a missing model stops start-up with the path in the error", async () => {
  await assert.rejects(
    buildTestApp({ env: { API_MODEL_PATH: "ml/model/absent.onnx" } }),
    /risk model: cannot read .*absent\.onnx/,
  );
});
