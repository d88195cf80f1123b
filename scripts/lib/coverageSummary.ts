// Coverage totals for `npm run coverage`'s summary: Hardhat's lcov (lines only) and vitest's
// json-summary, grouped by part of the repository.

export type Count = { covered: number; total: number };
export type CoverageTotals = {
  lines: Count;
  statements?: Count;
  branches?: Count;
  functions?: Count;
};

/** Sums an lcov file's `LH` (lines hit) and `LF` (lines found) records. */
export function lcovTotals(lcov: string): CoverageTotals {
  const lines = { covered: 0, total: 0 };
  for (const line of lcov.split("\n")) {
    if (line.startsWith("LH:")) lines.covered += Number(line.slice(3));
    else if (line.startsWith("LF:")) lines.total += Number(line.slice(3));
  }
  return { lines };
}

/** The parts the summary reports, each a path prefix relative to the repository root. */
export const parts = [
  "api/src",
  "keepers/src",
  "deploy/src",
  "indexer/src",
  "tools/lnd-dev/src",
  "scripts",
];

type Metric = { total: number; covered: number };
type FileSummary = Record<"lines" | "statements" | "branches" | "functions", Metric>;

/** vitest's `coverage-summary.json` (absolute file paths, plus `total`) summed per part. */
export function summaryByPart(
  summary: Record<string, FileSummary>,
  root: string,
): Record<string, Required<CoverageTotals>> {
  const prefix = root.endsWith("/") ? root : `${root}/`;
  const result: Record<string, Required<CoverageTotals>> = {};
  const zero = () => ({ covered: 0, total: 0 });
  for (const [file, metrics] of Object.entries(summary)) {
    if (file === "total") continue;
    const relative = file.startsWith(prefix) ? file.slice(prefix.length) : file;
    const part = parts.find((p) => relative.startsWith(`${p}/`));
    if (!part) continue;
    result[part] ??= { lines: zero(), statements: zero(), branches: zero(), functions: zero() };
    for (const key of ["lines", "statements", "branches", "functions"] as const) {
      result[part][key].covered += metrics[key].covered;
      result[part][key].total += metrics[key].total;
    }
  }
  return Object.fromEntries(parts.filter((p) => result[p]).map((p) => [p, result[p]!]));
}
