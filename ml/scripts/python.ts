// Finding and running the Python that trains the risk model. PyPI is out of reach on our
// machines, so the model trains with Debian's packaged torch/onnx/sklearn/numpy, which only the
// system interpreter can import (a pyenv `python3` on PATH cannot).
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export const mlDir = fileURLToPath(new URL("..", import.meta.url));
export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
export const python = process.env.FLUXION_ML_PYTHON ?? "/usr/bin/python3";
export const requiredModules = ["torch", "onnx", "sklearn", "numpy"] as const;
export const aptInstall =
  "apt-get install -y --no-install-recommends python3-torch python3-onnx python3-sklearn python3-numpy";

export type PythonCheck = { ok: true } | { ok: false; missing: string[]; reason: string };

/** Which of the required modules the interpreter cannot find (find_spec: no slow torch import). */
export function checkPython(): PythonCheck {
  const probe = `import importlib.util as u; print(",".join(m for m in ${JSON.stringify(requiredModules)} if u.find_spec(m) is None))`;
  const result = spawnSync(python, ["-c", probe], { encoding: "utf8" });
  if (result.error || result.status !== 0) {
    const why = result.error?.message ?? result.stderr.trim();
    return {
      ok: false,
      missing: ["python3", ...requiredModules],
      reason: `${python} cannot run: ${why}`,
    };
  }
  const missing = result.stdout.trim().split(",").filter(Boolean);
  if (missing.length === 0) return { ok: true };
  return { ok: false, missing, reason: `${python} cannot import ${missing.join(", ")}` };
}

export function describeMissing(check: Exclude<PythonCheck, { ok: true }>): string {
  return [
    `${check.reason}.`,
    `The risk model needs Debian's Python packages (missing: ${check.missing.join(", ")}). Install them with:`,
    `  ${aptInstall}   (as root, or with sudo)`,
    "(or point FLUXION_ML_PYTHON at an interpreter that has torch, onnx, scikit-learn and numpy).",
  ].join("\n");
}

/** Runs the interpreter with inherited stdio; returns its exit code. */
export function runPython(args: string[], cwd: string = repoRoot): number {
  const result = spawnSync(python, args, { cwd, stdio: "inherit" });
  if (result.error) {
    console.error(`${python}: ${result.error.message}`);
    return 1;
  }
  return result.status ?? 1;
}
