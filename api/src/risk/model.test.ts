import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, test } from "vitest";
import { loadConfig } from "../config.ts";
import { loadRiskModel, sessionHolders } from "./model.ts";
import { readOnnxMetadata } from "./onnxMetadata.ts";

const { modelPath, featuresPath } = loadConfig({});

type Probe = { version: string; inputs: number[][]; score: number[]; contributions: number[][] };

describe("risk model", () => {
  let probe: Probe;
  let dir: string;
  beforeAll(async () => {
    probe = JSON.parse(await readFile(join(modelPath, "../probe.json"), "utf8"));
    dir = await mkdtemp(join(tmpdir(), "risk-model-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  test("onnxruntime-node reproduces ml/model/probe.json within 1e-5", async () => {
    const model = await loadRiskModel(modelPath, featuresPath);
    try {
      assert.equal(model.version, probe.version);
      const width = model.names.length;
      const rows = probe.inputs.length;
      assert.ok(rows > 0);
      const { score, contributions } = await model.run(
        Float32Array.from(probe.inputs.flat()),
        rows,
      );
      for (let row = 0; row < rows; row++) {
        const expected = probe.score[row] as number;
        assert.ok(
          Math.abs((score[row] as number) - expected) <= 1e-5,
          `row ${row}: score ${score[row]} vs ${expected}`,
        );
        for (let index = 0; index < width; index++) {
          const want = probe.contributions[row]?.[index] as number;
          const got = contributions[row * width + index] as number;
          assert.ok(Math.abs(got - want) <= 1e-5, `row ${row} feature ${index}: ${got} vs ${want}`);
        }
      }
    } finally {
      await model.release();
    }
  });

  test("the version comes from the ONNX metadata and matches features.json", async () => {
    const metadata = readOnnxMetadata(await readFile(modelPath));
    const features = JSON.parse(await readFile(featuresPath, "utf8"));
    const model = await loadRiskModel(modelPath, featuresPath);
    await model.release();
    assert.equal(model.version, metadata.version);
    assert.equal(model.version, features.version);
  });

  test("apps in one process share one session, disposed with the last holder", async () => {
    const first = await loadRiskModel(modelPath, featuresPath);
    const second = await loadRiskModel(modelPath, featuresPath);
    assert.equal(sessionHolders(modelPath), 2);
    await first.release();
    await first.release(); // idempotent
    assert.equal(sessionHolders(modelPath), 1);
    const { score } = await second.run(new Float32Array(second.names.length), 1);
    assert.equal(score.length, 1);
    await second.release();
    assert.equal(sessionHolders(modelPath), 0);
  });

  test("a features.json of another version fails start-up with both versions named", async () => {
    const features = JSON.parse(await readFile(featuresPath, "utf8"));
    const other = join(dir, "features-other.json");
    await writeFile(other, JSON.stringify({ ...features, version: "risk-v0-deadbeef" }));
    await assert.rejects(loadRiskModel(modelPath, other), (error: Error) => {
      assert.match(error.message, /version mismatch/);
      assert.match(error.message, /risk-v0-deadbeef/);
      assert.match(error.message, new RegExp(features.version));
      return true;
    });
    assert.equal(sessionHolders(modelPath), 0);
  });

  test("a missing model file fails loudly with its path", async () => {
    const missing = join(dir, "nope.onnx");
    await assert.rejects(loadRiskModel(missing, featuresPath), /cannot read .*nope\.onnx/);
    assert.equal(sessionHolders(missing), 0);
  });

  test("a file that is not ONNX is rejected", async () => {
    const bogus = join(dir, "bogus.onnx");
    await writeFile(bogus, "not a model at all");
    await assert.rejects(loadRiskModel(bogus, featuresPath), /risk model/);
  });
});
