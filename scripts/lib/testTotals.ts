// Test counts read from each runner's own output, for `npm test`'s one totals line.

export type Counts = { passed: number; failed: number; skipped: number };

export const zero: Counts = { passed: 0, failed: 0, skipped: 0 };

export function add(a: Counts, b: Counts): Counts {
  return {
    passed: a.passed + b.passed,
    failed: a.failed + b.failed,
    skipped: a.skipped + b.skipped,
  };
}

/** `N passed, N failed`, with the skipped count when there is one. */
export function formatCounts({ passed, failed, skipped }: Counts): string {
  return `${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes are control characters
const ansi = /\u001b\[[0-9;]*m/g;

const count = (text: string, pattern: RegExp): number => {
  const match = text.replace(ansi, "").match(pattern);
  return match ? Number(match[1]) : 0;
};

/** vitest's JSON report (`--reporter=json`): todo tests count as skipped. */
export function vitestCounts(report: {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
}): Counts {
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests,
    skipped: report.numPendingTests + report.numTodoTests,
  };
}

/** Hardhat's Solidity test reporter ends with `N passing`, then `N failing` and `N skipped` if any. */
export function hardhatCounts(output: string): Counts {
  return {
    passed: count(output, /^\s*(\d+) passing\s*$/m),
    failed: count(output, /^\s*(\d+) failing\s*$/m),
    skipped: count(output, /^\s*(\d+) skipped\s*$/m),
  };
}

/**
 * `npm run ml:test`: Python's unittest (`Ran N tests`, then `OK` or `FAILED (failures=a, errors=b)`,
 * with `skipped=c` in either), then two checks of the committed artifacts (the retrain matches, and
 * onnxruntime-node reproduces the probe), which pass together when the script ends with `ml:test passed`.
 */
export function mlCounts(output: string, exitCode: number): Counts {
  const text = output.replace(ansi, "");
  const ran = count(text, /^Ran (\d+) tests?\b/m);
  const failures = count(text, /^FAILED \(.*\bfailures=(\d+)/m);
  const errors = count(text, /^FAILED \(.*\berrors=(\d+)/m);
  const skipped = count(text, /^(?:OK|FAILED) \(.*\bskipped=(\d+)/m);
  const unit: Counts = {
    passed: ran - failures - errors - skipped,
    failed: failures + errors,
    skipped,
  };
  let checks: Counts = zero;
  if (/^ml:test passed$/m.test(text)) checks = { passed: 2, failed: 0, skipped: 0 };
  else if (/^ml:test SKIPPED/m.test(text)) checks = { passed: 0, failed: 0, skipped: 1 };
  else if (exitCode !== 0 && unit.failed === 0) checks = { passed: 0, failed: 1, skipped: 0 };
  return add(unit, checks);
}

/** The `n` test files that took longest in vitest's JSON report, slowest first: `seconds  file`. */
export function slowestFiles(
  report: { testResults?: { name: string; startTime?: number; endTime?: number }[] },
  root: string,
  n = 12,
): string[] {
  return (report.testResults ?? [])
    .map((r) => ({
      file: r.name.startsWith(root) ? r.name.slice(root.length) : r.name,
      ms: (r.endTime ?? 0) - (r.startTime ?? 0),
    }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, n)
    .map(({ file, ms }) => `${(ms / 1000).toFixed(0).padStart(5)} s  ${file}`);
}
