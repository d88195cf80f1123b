// The ONNX risk model: one onnxruntime InferenceSession per model file per process, shared by
// every app built in it (tests build many) and disposed when the last one releases it. The
// features.json that describes the input must carry the same version as the model's metadata.
import { readFile } from "node:fs/promises";
import * as ort from "onnxruntime-node";
import { type FeatureSpec, loadFeatureFile } from "./featureSpec.ts";
import { readOnnxMetadata } from "./onnxMetadata.ts";

export type ModelOutput = {
  /** [rows]: fraud probability per row. */
  score: Float32Array;
  /** [rows × features]: occlusion contribution of each feature, row-major. */
  contributions: Float32Array;
};

export type RiskModel = {
  readonly version: string;
  readonly features: readonly FeatureSpec[];
  readonly names: readonly string[];
  /** Runs the graph on `rows` rows packed row-major in `input` (length rows × features). */
  run(input: Float32Array, rows: number): Promise<ModelOutput>;
  /** Gives up this holder's share of the session (the last one disposes it). */
  release(): Promise<void>;
};

type Loaded = { session: ort.InferenceSession; metadata: Record<string, string> };
type Shared = { loading: Promise<Loaded>; holders: number };

/** Single-threaded on purpose: the API's concurrency comes from batching, not from threads. */
export const sessionOptions: ort.InferenceSession.SessionOptions = {
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  graphOptimizationLevel: "all",
  executionProviders: ["cpu"],
};

const sessions = new Map<string, Shared>();

async function openSession(modelPath: string): Promise<Loaded> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(modelPath);
  } catch (error) {
    throw new Error(`risk model: cannot read ${modelPath} (${(error as Error).message})`);
  }
  let metadata: Record<string, string>;
  try {
    metadata = readOnnxMetadata(bytes);
  } catch (error) {
    throw new Error(`risk model: ${modelPath} is not an ONNX model (${(error as Error).message})`);
  }
  try {
    const session = await ort.InferenceSession.create(bytes, sessionOptions);
    return { session, metadata };
  } catch (error) {
    throw new Error(
      `risk model: onnxruntime cannot load ${modelPath} (${(error as Error).message})`,
    );
  }
}

function acquire(modelPath: string): Promise<Loaded> {
  let shared = sessions.get(modelPath);
  if (!shared) {
    const loading = openSession(modelPath);
    shared = { loading, holders: 0 };
    sessions.set(modelPath, shared);
    // A failed load is not cached: the next app start tries again.
    loading.catch(() => sessions.delete(modelPath));
  }
  shared.holders++;
  return shared.loading;
}

async function release(modelPath: string): Promise<void> {
  const shared = sessions.get(modelPath);
  if (!shared) return;
  shared.holders--;
  if (shared.holders > 0) return;
  sessions.delete(modelPath);
  const { session } = await shared.loading;
  await session.release();
}

/** How many apps hold the session of `modelPath` (0 when none is open); for tests. */
export function sessionHolders(modelPath: string): number {
  return sessions.get(modelPath)?.holders ?? 0;
}

function checkContract(loaded: Loaded, names: string[], version: string, modelPath: string) {
  const { session, metadata } = loaded;
  if (metadata.version === undefined) {
    throw new Error(`risk model: ${modelPath} has no "version" in its metadata`);
  }
  if (metadata.version !== version) {
    throw new Error(
      `risk model: version mismatch: ${modelPath} is "${metadata.version}" but features.json ` +
        `describes "${version}" (retrain or ship both files together)`,
    );
  }
  if (metadata.features !== undefined && metadata.features !== names.join(",")) {
    throw new Error(`risk model: ${modelPath} expects features ${metadata.features}`);
  }
  const missing = [
    ...["features"].filter((name) => !session.inputNames.includes(name)),
    ...["score", "contributions"].filter((name) => !session.outputNames.includes(name)),
  ];
  if (missing.length > 0) {
    throw new Error(`risk model: ${modelPath} lacks input/output ${missing.join(", ")}`);
  }
}

/** Loads (or joins) the shared session and checks it against features.json. */
export async function loadRiskModel(modelPath: string, featuresPath: string): Promise<RiskModel> {
  const file = await loadFeatureFile(featuresPath);
  const names = file.features.map((feature) => feature.name);
  const loaded = await acquire(modelPath);
  try {
    checkContract(loaded, names, file.version, modelPath);
  } catch (error) {
    await release(modelPath);
    throw error;
  }
  const { session } = loaded;
  const width = names.length;
  let released = false;
  return {
    version: file.version,
    features: file.features,
    names,
    async run(input, rows) {
      const tensor = new ort.Tensor("float32", input, [rows, width]);
      const output = await session.run({ features: tensor });
      const score = output.score?.data;
      const contributions = output.contributions?.data;
      if (!(score instanceof Float32Array) || !(contributions instanceof Float32Array)) {
        throw new Error("risk model: unexpected output types");
      }
      if (score.length !== rows || contributions.length !== rows * width) {
        throw new Error("risk model: unexpected output shapes");
      }
      return { score, contributions };
    },
    async release() {
      if (released) return;
      released = true;
      await release(modelPath);
    },
  };
}
