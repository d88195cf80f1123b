// `npm run coverage`: TypeScript coverage from vitest's v8 provider over the in-process projects
// (`coverage/typescript/`), Solidity coverage from Hardhat (`coverage/lcov.info`, `coverage/html/`),
// then one summary per part, also written to `coverage/summary.md`.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type CoverageTotals, lcovTotals, summaryByPart } from "./lib/coverageSummary.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const bin = (name: string) => join(root, "node_modules", ".bin", name);

function run(command: string, args: string[]): void {
  const { status } = spawnSync(command, args, { cwd: root, stdio: "inherit" });
  if (status !== 0) {
    console.error(`coverage: ${command} ${args.join(" ")} failed (exit ${status})`);
    process.exit(status ?? 1);
  }
}

// TypeScript first, on the plain artifacts (`hardhat build`): the deploy and keeper suites deploy them.
// Then Solidity: Hardhat compiles instrumented contracts into artifacts/ and writes into coverage/
// (leaving coverage/typescript/ alone), so a last build puts the deployable artifacts back. The gas
// budgets (`test_gas_*`, LiquidityPoolManager.Gas.t.sol) are left out of the Solidity run:
// instrumented bytecode costs more gas than what is deployed, so they hold in `npm test` only.
run(bin("hardhat"), ["build"]);
run(bin("vitest"), ["run", "--coverage", "--project", "!*e2e"]);
run(bin("hardhat"), ["test", "solidity", "--coverage", "--grep-exclude", "test_gas_"]);
run(bin("hardhat"), ["build"]);

const percent = (covered: number, total: number) =>
  total === 0 ? "n/a" : `${((covered * 100) / total).toFixed(1)}%`;
const row = (part: string, t: CoverageTotals) =>
  `| ${part} | ${percent(t.lines.covered, t.lines.total)} (${t.lines.covered}/${t.lines.total}) | ` +
  `${t.statements ? percent(t.statements.covered, t.statements.total) : "n/a"} | ` +
  `${t.branches ? percent(t.branches.covered, t.branches.total) : "n/a"} | ` +
  `${t.functions ? percent(t.functions.covered, t.functions.total) : "n/a"} |`;

const solidity = lcovTotals(readFileSync(join(root, "coverage", "lcov.info"), "utf8"));
const typescript = summaryByPart(
  JSON.parse(readFileSync(join(root, "coverage", "typescript", "coverage-summary.json"), "utf8")),
  root,
);
const table = [
  "| Part | Lines | Statements | Branches | Functions |",
  "| --- | --- | --- | --- | --- |",
  row("contracts/src (Solidity)", solidity),
  ...Object.entries(typescript).map(([part, totals]) => row(part, totals)),
].join("\n");
writeFileSync(join(root, "coverage", "summary.md"), `${table}\n`);
console.log(`\n${table}\n\nReports: coverage/html/ (Solidity), coverage/typescript/ (TypeScript).`);
