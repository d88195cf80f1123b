// ml/features.json, the model's own description of its input: names in input order, types,
// valid request ranges and benign baselines. Validated on load so a malformed file stops start-up.
import { readFile } from "node:fs/promises";

export type FeatureType = "boolean" | "integer" | "number";

export type FeatureSpec = {
  name: string;
  type: FeatureType;
  min: number;
  max: number;
  baseline: number;
  description: string;
};

export type FeatureFile = { version: string; features: FeatureSpec[] };

const types: readonly string[] = ["boolean", "integer", "number"];

function fail(path: string, message: string): never {
  throw new Error(`risk model: ${path}: ${message}`);
}

/** Parses and checks features.json (`path` only names the file in errors). */
export function parseFeatureFile(text: string, path: string): FeatureFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    fail(path, `not JSON (${(error as Error).message})`);
  }
  const file = raw as { version?: unknown; features?: unknown };
  if (typeof file?.version !== "string" || file.version === "") fail(path, "no version");
  if (!Array.isArray(file.features) || file.features.length === 0) fail(path, "no features");
  const seen = new Set<string>();
  const features = file.features.map((entry: Record<string, unknown>, position: number) => {
    const { name, index, type, min, max, baseline, description } = entry ?? {};
    if (typeof name !== "string" || !/^[A-Za-z][A-Za-z0-9]*$/.test(name)) {
      fail(path, `feature ${position}: bad name`);
    }
    if (seen.has(name)) fail(path, `duplicate feature "${name}"`);
    seen.add(name);
    // The model input is positional: the listed order must be the index order.
    if (index !== position) fail(path, `feature "${name}": index ${index} at position ${position}`);
    if (typeof type !== "string" || !types.includes(type)) fail(path, `"${name}": bad type`);
    for (const [key, value] of Object.entries({ min, max, baseline })) {
      if (typeof value !== "number" || !Number.isFinite(value)) fail(path, `"${name}": bad ${key}`);
    }
    const spec = { name, type, min, max, baseline } as Omit<FeatureSpec, "description">;
    if (spec.min > spec.max) fail(path, `"${name}": min > max`);
    if (spec.baseline < spec.min || spec.baseline > spec.max) {
      fail(path, `"${name}": baseline outside [min, max]`);
    }
    if (spec.type === "boolean" && (spec.min !== 0 || spec.max !== 1)) {
      fail(path, `"${name}": a boolean feature ranges over 0..1`);
    }
    return { ...spec, description: typeof description === "string" ? description : "" };
  });
  return { version: file.version, features };
}

export async function loadFeatureFile(path: string): Promise<FeatureFile> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    fail(path, `cannot read the feature description (${(error as Error).message})`);
  }
  return parseFeatureFile(text, path);
}
