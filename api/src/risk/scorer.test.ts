import assert from "node:assert/strict";
import { afterAll, beforeAll, describe, test } from "vitest";
import { loadConfig } from "../config.ts";
import { loadRiskModel, type RiskModel } from "./model.ts";
import { createScorer, type FlushMode } from "./scorer.ts";
import type { RiskFeatures } from "./types.ts";

/** A model whose score is x / 10 and whose run fails when any row has x = 13. */
function fakeModel(runs: number[]): RiskModel {
  const names = ["x", "y"];
  return {
    version: "fake-1",
    features: names.map((name) => ({
      name,
      type: "number",
      min: 0,
      max: 100,
      baseline: 0,
      description: "",
    })),
    names,
    async run(input, rows) {
      runs.push(rows);
      const score = new Float32Array(rows);
      const contributions = new Float32Array(rows * 2);
      for (let row = 0; row < rows; row++) {
        const x = input[row * 2] as number;
        if (x === 13) throw new Error("unlucky row");
        score[row] = x / 10;
        contributions[row * 2] = x / 100;
        contributions[row * 2 + 1] = (input[row * 2 + 1] as number) / 100;
      }
      return { score, contributions };
    },
    async release() {},
  };
}

const rowsOf = (xs: number[]): RiskFeatures[] => xs.map((x) => ({ x, y: 1 }));

for (const flush of ["macrotask", "microtask"] as FlushMode[]) {
  describe(`micro-batching (${flush} flush)`, () => {
    test("calls made in one turn share exactly one model run", async () => {
      const runs: number[] = [];
      const scorer = createScorer(fakeModel(runs), { flush });
      const calls = [
        ...[1, 2, 3, 4, 5].map((x) => scorer.score({ x, y: 0 })),
        scorer.scoreBatch(rowsOf([6, 7])),
      ];
      const [one, , , , five, batch] = await Promise.all(calls);
      assert.deepEqual(runs, [7]);
      assert.ok(Math.abs((one as { score: number }).score - 0.1) < 1e-6);
      assert.ok(Math.abs((five as { score: number }).score - 0.5) < 1e-6);
      assert.deepEqual(
        (batch as { score: number }[]).map((result) => Math.round(result.score * 10)),
        [6, 7],
      );
      await scorer.close();
    });

    test("calls in different turns get different runs", async () => {
      const runs: number[] = [];
      const scorer = createScorer(fakeModel(runs), { flush });
      await scorer.score({ x: 1, y: 0 });
      await scorer.score({ x: 2, y: 0 });
      assert.deepEqual(runs, [1, 1]);
      await scorer.close();
    });
  });
}

describe("scorer", () => {
  test("more rows than maxRows are split into runs of at most maxRows, order kept", async () => {
    const runs: number[] = [];
    const scorer = createScorer(fakeModel(runs), { maxRows: 4 });
    const [small, big] = await Promise.all([
      scorer.scoreBatch(rowsOf([1, 2, 3])),
      scorer.scoreBatch(rowsOf([10, 20, 30, 40, 50, 60, 70])),
    ]);
    assert.deepEqual(runs, [4, 4, 2]);
    assert.deepEqual(
      small.map((result) => Math.round(result.score * 10)),
      [1, 2, 3],
    );
    assert.deepEqual(
      big.map((result) => Math.round(result.score * 10)),
      [10, 20, 30, 40, 50, 60, 70],
    );
    await scorer.close();
  });

  test("a failed run rejects only the callers it carried", async () => {
    const runs: number[] = [];
    const scorer = createScorer(fakeModel(runs), { maxRows: 2 });
    const outcomes = await Promise.allSettled([
      scorer.score({ x: 1, y: 0 }),
      scorer.score({ x: 2, y: 0 }), // run 1: ok
      scorer.score({ x: 13, y: 0 }),
      scorer.score({ x: 4, y: 0 }), // run 2: fails
      scorer.scoreBatch(rowsOf([5, 13, 7])), // runs 3 (5 and 13) fails and 4 (7) ok: rejected once
    ]);
    assert.deepEqual(runs, [2, 2, 2, 1]);
    assert.deepEqual(
      outcomes.map((outcome) => outcome.status),
      ["fulfilled", "fulfilled", "rejected", "rejected", "rejected"],
    );
    assert.match(String((outcomes[2] as PromiseRejectedResult).reason), /unlucky row/);
    await scorer.close();
  });

  test("reasons carry the caller's values, results the model version and band", async () => {
    const scorer = createScorer(fakeModel([]));
    const result = await scorer.score({ x: 7, y: 0.5 });
    assert.equal(result.model, "fake-1");
    assert.equal(result.band, "high");
    assert.deepEqual(result.reasons, [
      { feature: "x", value: 7, contribution: result.reasons[0]?.contribution },
    ]);
    await scorer.close();
  });

  test("rows with a missing or non-finite feature are rejected before any run", async () => {
    const runs: number[] = [];
    const scorer = createScorer(fakeModel(runs));
    await assert.rejects(scorer.score({ x: 1 }), /"y" must be a finite number/);
    await assert.rejects(scorer.score({ x: Number.NaN, y: 1 }), /"x"/);
    await assert.rejects(
      scorer.scoreBatch([
        { x: 1, y: 1 },
        { x: 1, y: Number.POSITIVE_INFINITY },
      ]),
      /"y"/,
    );
    assert.deepEqual(await scorer.scoreBatch([]), []);
    assert.deepEqual(runs, []);
    await scorer.close();
  });

  test("close answers what is queued, then refuses new work", async () => {
    const runs: number[] = [];
    const scorer = createScorer(fakeModel(runs));
    const queued = scorer.score({ x: 3, y: 0 });
    await scorer.close();
    assert.ok(Math.abs((await queued).score - 0.3) < 1e-6);
    await assert.rejects(scorer.score({ x: 1, y: 0 }), /closed/);
  });
});

describe("scorer on the real model", () => {
  const { modelPath, featuresPath } = loadConfig({});
  let model: RiskModel;
  const runs: number[] = [];
  beforeAll(async () => {
    const loaded = await loadRiskModel(modelPath, featuresPath);
    // Count runs around the real model.
    model = {
      ...loaded,
      run(input, rows) {
        runs.push(rows);
        return loaded.run(input, rows);
      },
    };
  });
  afterAll(() => model.release());

  test("N concurrent score() calls → one run, each result equal to scoring it alone", async () => {
    const scorer = createScorer(model);
    const rows: RiskFeatures[] = Array.from({ length: 40 }, (_, index) => {
      const row: RiskFeatures = {};
      for (const feature of model.features) {
        const span = Math.min(feature.max, 50) - feature.min;
        const value = feature.min + ((index * 7 + feature.name.length) % 11) * (span / 10);
        row[feature.name] = feature.type === "number" ? value : Math.round(value);
      }
      return row;
    });
    runs.length = 0;
    const together = await Promise.all(rows.map((row) => scorer.score(row)));
    assert.deepEqual(runs, [40]);
    for (const [index, row] of rows.entries()) {
      const alone = await scorer.score(row);
      assert.deepEqual(together[index], alone, `row ${index}`);
    }
    assert.equal(runs.length, 41);
    assert.ok(together.some((result) => result.reasons.length > 0));
    assert.ok(new Set(together.map((result) => result.band)).size > 1);
    // Not closed via scorer.close(): `after` releases the shared model once.
  });
});
