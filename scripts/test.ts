// `npm test`: build the contracts, then every suite (vitest's projects, the ML pipeline, the Solidity
// tests), each run to its end even when an earlier one failed, and finish with the totals on one line:
// `N passed, N failed`. Exits non-zero when anything failed. Arguments go to vitest
// (`npm test -- --project api` runs the build, that project, ML and Solidity).
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  add,
  type Counts,
  formatCounts,
  hardhatCounts,
  mlCounts,
  slowestFiles,
  vitestCounts,
  zero,
} from "./lib/testTotals.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const bin = (name: string) => join(root, "node_modules", ".bin", name);

/** Runs a command with its output shown as it comes and kept for parsing. */
function run(command: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk;
      process.stdout.write(chunk);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk;
      process.stderr.write(chunk);
    });
    child.on("error", (error) => resolve({ code: 1, output: `${output}\n${error.message}` }));
    child.on("close", (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });
}

type Step = { name: string; run: () => Promise<{ code: number; counts: Counts }> };

const reportDir = mkdtempSync(join(tmpdir(), "fluxion-test-"));
const vitestReport = join(reportDir, "vitest.json");
const slowest: string[] = [];

const steps: Step[] = [
  {
    name: "vitest",
    async run() {
      const args = ["run", "--reporter=default", "--reporter=json"];
      const { code } = await run(bin("vitest"), [
        ...args,
        `--outputFile.json=${vitestReport}`,
        ...process.argv.slice(2),
      ]);
      try {
        const report = JSON.parse(readFileSync(vitestReport, "utf8"));
        // Where the run's time goes, for keeping CI inside its budget.
        slowest.push(...slowestFiles(report, root));
        return { code, counts: vitestCounts(report) };
      } catch {
        // No report: vitest itself failed before it could count.
        return { code: code || 1, counts: { ...zero, failed: 1 } };
      }
    },
  },
  {
    name: "ml",
    async run() {
      const { code, output } = await run(process.execPath, ["ml/scripts/test.ts"]);
      return { code, counts: mlCounts(output, code) };
    },
  },
  {
    name: "solidity",
    async run() {
      const { code, output } = await run(bin("hardhat"), ["test", "solidity"]);
      const counts = hardhatCounts(output);
      return {
        code,
        counts: code !== 0 && counts.failed === 0 ? { ...counts, failed: 1 } : counts,
      };
    },
  },
];

const started = Date.now();
const lines: string[] = [];
let total = zero;
let exitCode = 0;

const build = await run(bin("hardhat"), ["build"]);
if (build.code !== 0) {
  lines.push("build failed: no suite ran");
  total = { ...zero, failed: 1 };
  exitCode = build.code;
} else {
  for (const step of steps) {
    console.log(`\n== ${step.name}`);
    const stepStarted = Date.now();
    const { code, counts } = await step.run();
    const seconds = Math.round((Date.now() - stepStarted) / 1000);
    lines.push(`${step.name.padEnd(9)} ${formatCounts(counts)} (${seconds} s)`);
    total = add(total, counts);
    if (code !== 0) exitCode = code;
  }
}
rmSync(reportDir, { recursive: true, force: true });
if (total.failed > 0 && exitCode === 0) exitCode = 1;

if (slowest.length) console.log(`\nslowest test files:\n${slowest.join("\n")}`);
console.log(`\n${lines.join("\n")}`);
console.log(`in ${Math.round((Date.now() - started) / 1000)} s`);
console.log(formatCounts(total));
process.exit(exitCode);
