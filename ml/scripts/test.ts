// `npm run ml:test [-- --data labelled.csv]`: the risk model's Python unit tests, then a
// retrain-and-compare of the committed artifacts, then the committed probe through
// onnxruntime-node (the runtime the API uses). Without the Python packages it skips with a
// notice, except under CI=true, where nothing may skip.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type * as Ort from "onnxruntime-node";
import { checkPython, describeMissing, mlDir, repoRoot, runPython } from "./python.ts";

const ci = process.env.CI === "true";
const tolerance = 1e-5;

function skipOrFail(message: string): never {
  if (ci) {
    console.error(`ml:test FAILED (CI=true, so this cannot be skipped): ${message}`);
    process.exit(1);
  }
  console.warn(`ml:test SKIPPED: ${message}`);
  process.exit(0);
}

function step(name: string, code: number): void {
  if (code !== 0) {
    console.error(`ml:test FAILED at: ${name}`);
    process.exit(code);
  }
}

type Probe = { version: string; inputs: number[][]; score: number[]; contributions: number[][] };

/** The API's runtime reproduces the committed probe: catches a graph onnxruntime reads differently. */
async function checkWithOnnxRuntime(): Promise<void> {
  let ort: typeof Ort;
  try {
    // onnxruntime-node is the API workspace's dependency: resolve it from there.
    ort = createRequire(join(repoRoot, "api", "package.json"))("onnxruntime-node");
  } catch (err) {
    skipOrFail(`onnxruntime-node is not installed (npm install), probe not checked: ${err}`);
  }
  const probe = JSON.parse(readFileSync(join(mlDir, "model", "probe.json"), "utf8")) as Probe;
  const features = JSON.parse(readFileSync(join(mlDir, "features.json"), "utf8")) as {
    version: string;
  };
  const session = await ort.InferenceSession.create(join(mlDir, "model", "risk.onnx"), {
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
  });
  const n = probe.inputs.length;
  const out = await session.run({
    features: new ort.Tensor("float32", Float32Array.from(probe.inputs.flat()), [n, 10]),
  });
  const score = out.score;
  const contributions = out.contributions;
  if (!score || !contributions) throw new Error(`outputs are ${session.outputNames.join(", ")}`);
  let worst = 0;
  for (let i = 0; i < n; i++) {
    worst = Math.max(worst, Math.abs(Number(score.data[i]) - probe.score[i]!));
    for (let j = 0; j < 10; j++) {
      const got = Number(contributions.data[i * 10 + j]);
      worst = Math.max(worst, Math.abs(got - probe.contributions[i]![j]!));
    }
  }
  await session.release();
  if (!(worst <= tolerance) || features.version !== probe.version) {
    console.error(
      `ml:test FAILED: onnxruntime-node vs probe.json max diff ${worst} (tolerance ${tolerance}); ` +
        `versions features.json ${features.version}, probe.json ${probe.version}`,
    );
    process.exit(1);
  }
  console.log(
    `onnxruntime-node reproduces probe.json (${n} rows, max diff ${worst.toExponential(1)})`,
  );
}

const python = checkPython();
if (!python.ok) skipOrFail(describeMissing(python));

step(
  "Python unit tests",
  runPython(["-m", "unittest", "discover", "-s", join(mlDir, "tests"), "-t", mlDir]),
);
step(
  "train.py --check",
  runPython([join(mlDir, "train.py"), "--check", ...process.argv.slice(2)], process.env.INIT_CWD),
);
await checkWithOnnxRuntime();
console.log("ml:test passed");
